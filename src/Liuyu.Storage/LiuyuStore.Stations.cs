using System.Globalization;
using Liuyu.Data.Stations;
using Liuyu.Domain;
using Liuyu.Domain.Ledger;
using Liuyu.Domain.Quality;
using Liuyu.Storage.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using NpgsqlTypes;

namespace Liuyu.Storage;

public sealed partial class LiuyuStore
{
    /// <summary>The hourly data command (HJ 212 CN=2061): the values a month's class is computed from.</summary>
    public const string HourlyCommand = "2061";
    private const string ValidFlag = "N";

    // ---------------------------------------------------------------- the registry of stations

    public Station? FindStation(string mn) =>
        Db.Stations.AsNoTracking().Where(s => s.Mn == mn).AsEnumerable().Select(ToDomain).SingleOrDefault();

    /// <summary>Every registered station, by section then MN.</summary>
    public IReadOnlyList<Station> Stations() =>
        Db.Stations.AsNoTracking().OrderBy(s => s.SectionId).ThenBy(s => s.Mn).AsEnumerable().Select(ToDomain).ToList();

    private static Station ToDomain(StationRow r) =>
        new(r.Mn, new SectionId(r.SectionId), r.Password, r.Name, Station.ParseIndicators(r.Indicators) ?? new Dictionary<string, string?>());

    /// <summary>Registers or updates stations by MN (an import of stations.csv); the caller's transaction holds.</summary>
    private (int Inserted, int Updated, int Unchanged) UpsertStations(IReadOnlyList<Station> stations, long batchId)
    {
        var existing = Db.Stations.ToDictionary(s => s.Mn, StringComparer.Ordinal);
        int inserted = 0, updated = 0, unchanged = 0;
        foreach (var s in stations)
        {
            if (existing.TryGetValue(s.Mn, out var row))
            {
                var samePassword = SamePassword(row.Password, s.Password);
                if (row.SectionId == s.Section.Value && samePassword && row.Name == s.Name && row.Indicators == s.IndicatorsText) { unchanged++; continue; }
                row.SectionId = s.Section.Value; row.Name = s.Name; row.Indicators = s.IndicatorsText; row.ImportBatchId = batchId;
                if (!samePassword) row.Password = StationPassword.Hash(s.Password);
                updated++;
            }
            else
            {
                Db.Stations.Add(new StationRow { Mn = s.Mn, SectionId = s.Section.Value, Password = StationPassword.Hash(s.Password), Name = s.Name, Indicators = s.IndicatorsText, ImportBatchId = batchId });
                inserted++;
            }
        }
        return (inserted, updated, unchanged);
    }

    /// <summary>Whether a stored password (a salted hash, or a clear one not yet upgraded) is <paramref name="clear"/>.</summary>
    private static bool SamePassword(string stored, string clear) =>
        StationPassword.IsHash(stored) ? StationPassword.Verify(clear, stored) : stored == clear;

    /// <summary>
    /// Replaces each station password still held in clear (stored before passwords were hashed) by its salted hash
    /// (<see cref="StationPassword"/>); run at every migration, it finds nothing to do after the first. In code and not
    /// in the migration because neither engine's SQL has HMAC-SHA256 without an extension.
    /// </summary>
    private void UpgradeStationPasswords()
    {
        var clear = Db.Stations.Where(s => !s.Password.StartsWith(StationPassword.Scheme + "$")).ToList();
        if (clear.Count == 0) return;
        using var tx = CurrentTransaction is null ? BeginWrite() : null;
        foreach (var row in clear) row.Password = StationPassword.Hash(row.Password);
        Db.SaveChanges();
        tx?.Commit();
        ClearTracked();
    }

    // ---------------------------------------------------------------- received values

    /// <summary>
    /// Stores what the stations sent, in one transaction, each value with its provenance; a value already stored under
    /// (MN, CN, DataTime, code) is skipped by the database (ON CONFLICT DO NOTHING on both engines), so a re-sent
    /// packet stores nothing. A value of an MN no longer registered fails the batch (nothing of it is acknowledged).
    /// The bulk path of each engine: on PostgreSQL the batch goes by binary COPY into a staging table of the session
    /// and from there by one <c>INSERT … SELECT … ON CONFLICT DO NOTHING</c>; on SQLite one prepared statement is
    /// bound by position and stepped per value. The connection stays open for the store's life (the receiver's
    /// writer keeps one store), so the staging table is created once per connection.
    /// </summary>
    public StationStoreReport StoreUploads(IReadOnlyList<StationUpload> uploads)
    {
        var mns = uploads.Select(u => u.Mn).Distinct().ToList();
        var sections = Db.Stations.AsNoTracking().Where(s => mns.Contains(s.Mn)).Select(s => new { s.Mn, s.SectionId })
            .ToDictionary(s => s.Mn, s => s.SectionId, StringComparer.Ordinal);
        var rows = new List<StationValueRow>(uploads.Sum(u => u.Values.Count));
        foreach (var u in uploads)
        {
            var section = sections.GetValueOrDefault(u.Mn) ?? throw new InvalidOperationException($"station {u.Mn} is not registered");
            var month = u.DataTime.Year * 100 + u.DataTime.Month;
            var received = u.ReceivedAt.ToUniversalTime();
            foreach (var v in u.Values)
                rows.Add(new StationValueRow
                {
                    Mn = u.Mn, SectionId = section, Cn = u.Cn, Qn = u.Qn, DataTime = u.DataTime, Month = month,
                    Code = v.Code, Value = v.Value, Flag = v.Flag, ReceivedAt = received,
                });
        }
        OpenConnection();
        if (Location.IsPostgres) EnsureStationPartitions(rows.Select(r => r.Month).Distinct());
        using var tx = CurrentTransaction is null ? BeginTransaction() : null;
        var stored = Location.IsPostgres ? CopyStationValues(rows) : InsertStationValues(rows);
        tx?.Commit();
        return new StationStoreReport(uploads.Count, stored, rows.Count - stored);
    }

    private const string StationValueColumns = "mn, section_id, cn, qn, data_time, month, code, value, flag, received_at";
    private const string StationMonthColumns = "section_id, month, touched, computed, inputs, mns, uses_station, deciding, participating, value_count";
    // The idempotence key with the partition column (month is DataTime's YYYYMM; see the index in LiuyuDb).
    private const string StationValueKey = "(mn, cn, data_time, code, month)";
    private bool _stagingCreated;

    /// <summary>The months whose partition exists, per database (a process asks PostgreSQL once per month).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Database, int Month), bool> StationPartitions = new();

    /// <summary>
    /// PostgreSQL: makes the partition of each month (<c>station_values_YYYYMM</c>, the range [YYYYMM, YYYYMM+1)) before
    /// values of that month are inserted, each in its own short transaction, so that a month's values never land in the
    /// DEFAULT partition (which takes only what a writer without this step would put there, and months of no plausible
    /// year). Two writers making the same
    /// partition at once: the loser's error is the winner's success.
    /// </summary>
    private void EnsureStationPartitions(IEnumerable<int> months)
    {
        var conn = (Npgsql.NpgsqlConnection)Connection;
        var database = Location.ConnectionString;
        foreach (var month in months)
        {
            if (StationPartitions.ContainsKey((database, month))) continue;
            // A DataTime of no plausible year (a logger's clock reset to 0001) gets no partition of its own: DEFAULT keeps it.
            if (month is < 190001 or > 299912) continue;
            using var create = new Npgsql.NpgsqlCommand(
                $"CREATE TABLE IF NOT EXISTS station_values_{month} PARTITION OF station_values FOR VALUES FROM ({month}) TO ({month + 1})", conn);
            try { create.ExecuteNonQuery(); }
            catch (Npgsql.PostgresException e) when (e.SqlState is Npgsql.PostgresErrorCodes.DuplicateTable or Npgsql.PostgresErrorCodes.UniqueViolation) { }
            // Values of this month already in DEFAULT (written without this step): the month stays there, still correct.
            catch (Npgsql.PostgresException e) when (e.SqlState is Npgsql.PostgresErrorCodes.CheckViolation) { }
            StationPartitions[(database, month)] = true;
        }
    }

    private int CopyStationValues(List<StationValueRow> rows)
    {
        var conn = (Npgsql.NpgsqlConnection)Connection;
        if (!_stagingCreated)
        {
            // A temporary table lives as long as the session; ON COMMIT DELETE ROWS empties it at each commit.
            using var create = new Npgsql.NpgsqlCommand(
                "CREATE TEMP TABLE IF NOT EXISTS station_values_in (mn text NOT NULL, section_id text NOT NULL, cn text NOT NULL, qn text, " +
                "data_time timestamp without time zone NOT NULL, month integer NOT NULL, code text NOT NULL, value numeric(24,8) NOT NULL, flag text, " +
                "received_at timestamp with time zone NOT NULL) ON COMMIT DELETE ROWS", conn);
            create.ExecuteNonQuery();
            _stagingCreated = true;
        }
        using (var importer = conn.BeginBinaryImport($"COPY station_values_in ({StationValueColumns}) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var r in rows)
            {
                importer.StartRow();
                importer.Write(r.Mn, NpgsqlDbType.Text);
                importer.Write(r.SectionId, NpgsqlDbType.Text);
                importer.Write(r.Cn, NpgsqlDbType.Text);
                if (r.Qn is { } qn) importer.Write(qn, NpgsqlDbType.Text); else importer.WriteNull();
                importer.Write(r.DataTime, NpgsqlDbType.Timestamp);
                importer.Write(r.Month, NpgsqlDbType.Integer);
                importer.Write(r.Code, NpgsqlDbType.Text);
                importer.Write(r.Value, NpgsqlDbType.Numeric);
                if (r.Flag is { } flag) importer.Write(flag, NpgsqlDbType.Text); else importer.WriteNull();
                importer.Write(r.ReceivedAt, NpgsqlDbType.TimestampTz);
            }
            importer.Complete();
        }
        // The values not stored before, and in the same statement (the same transaction) one more touch of each
        // section-month they bring valid hourly values to: the summary of those months is stale from this commit on.
        using var insert = new Npgsql.NpgsqlCommand($"""
            WITH stored AS (
                INSERT INTO station_values ({StationValueColumns}) SELECT {StationValueColumns} FROM station_values_in
                ON CONFLICT {StationValueKey} DO NOTHING RETURNING section_id, month, cn, flag),
            touched AS (
                INSERT INTO station_months ({StationMonthColumns})
                SELECT section_id, month, 1, 0, '', '', false, '', 0, 0 FROM stored WHERE cn = '{HourlyCommand}' AND flag = '{ValidFlag}'
                GROUP BY section_id, month ORDER BY section_id, month
                ON CONFLICT (section_id, month) DO UPDATE SET touched = station_months.touched + 1)
            SELECT count(*)::int FROM stored
            """, conn);
        return (int)insert.ExecuteScalar()!;
    }

    /// <summary>SQLite: one prepared statement, each value bound by position and type as EF Core writes it (dates and decimals as text).</summary>
    private int InsertStationValues(List<StationValueRow> rows)
    {
        var conn = (Microsoft.Data.Sqlite.SqliteConnection)Connection;
        BulkColumn<StationValueRow>[] columns =
        [
            BulkColumn<StationValueRow>.Text("mn", r => r.Mn),
            BulkColumn<StationValueRow>.Text("section_id", r => r.SectionId),
            BulkColumn<StationValueRow>.Text("cn", r => r.Cn),
            BulkColumn<StationValueRow>.Text("qn", r => r.Qn),
            BulkColumn<StationValueRow>.Text("data_time", r => r.DataTime.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture)),
            BulkColumn<StationValueRow>.Int32("month", r => r.Month),
            BulkColumn<StationValueRow>.Text("code", r => r.Code),
            BulkColumn<StationValueRow>.Decimal("value", r => r.Value),
            BulkColumn<StationValueRow>.Text("flag", r => r.Flag),
            BulkColumn<StationValueRow>.Text("received_at", r => r.ReceivedAt.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFFzzz", CultureInfo.InvariantCulture)),
        ];
        var touched = new HashSet<(string Section, int Month)>();
        var stored = BulkWriter.InsertIgnoringConflicts(conn, "station_values", columns, rows, $"ON CONFLICT {StationValueKey} DO NOTHING",
            r => { if (r.Cn == HourlyCommand && r.Flag == ValidFlag) touched.Add((r.SectionId, r.Month)); });
        // One more touch of each section-month the batch brought valid hourly values to (see the PostgreSQL path).
        using var touch = conn.CreateCommand();
        touch.Transaction = (Microsoft.Data.Sqlite.SqliteTransaction?)CurrentTransaction;
        touch.CommandText = $"INSERT INTO station_months ({StationMonthColumns}) VALUES ($s, $m, 1, 0, '', '', 0, '', 0, 0) " +
                            "ON CONFLICT (section_id, month) DO UPDATE SET touched = touched + 1";
        var section = touch.Parameters.Add("$s", Microsoft.Data.Sqlite.SqliteType.Text);
        var month = touch.Parameters.Add("$m", Microsoft.Data.Sqlite.SqliteType.Integer);
        foreach (var (s, m) in touched.OrderBy(t => t.Section, StringComparer.Ordinal).ThenBy(t => t.Month))
        {
            section.Value = s;
            month.Value = m;
            touch.ExecuteNonQuery();
        }
        return stored;
    }

    /// <summary>PostgreSQL: the partition each value of a section lives in (<c>tableoid</c>), with its count; empty on SQLite.</summary>
    internal IReadOnlyDictionary<string, int> StationValuePartitions(SectionId section)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        if (!Location.IsPostgres) return counts;
        OpenConnection();
        using var cmd = new Npgsql.NpgsqlCommand(
            "SELECT tableoid::regclass::text, count(*)::int FROM station_values WHERE section_id = @s GROUP BY 1", (Npgsql.NpgsqlConnection)Connection);
        cmd.Parameters.AddWithValue("s", section.Value);
        using var reader = cmd.ExecuteReader();
        while (reader.Read()) counts[reader.GetString(0)] = reader.GetInt32(1);
        return counts;
    }

    /// <summary>How many station values the store holds.</summary>
    public int StationValueCount() => Db.StationValues.Count();

    /// <summary>The values of one station, newest first (the stations page: last packet, today's values).</summary>
    public IReadOnlyList<StationValueRow> LatestStationValues(string mn, int limit) =>
        Db.StationValues.AsNoTracking().Where(v => v.Mn == mn).OrderByDescending(v => v.Id).Take(limit).ToList();

    // ---------------------------------------------------------------- from hours to the month's class

    /// <summary>
    /// R-DATA-3 (issue 14): each month (of a year, or all) in which a section's stations sent hourly data (CN=2061),
    /// evaluated from its valid values (flag N) with the completeness the policy requires (<c>station_completeness</c>).
    /// </summary>
    public IReadOnlyList<StationMonthResult> StationMonths(SectionId section, int? year = null)
    {
        var (from, to) = year is { } y ? (y * 100 + 1, y * 100 + 12) : (0, int.MaxValue);
        return StationMonthsWhere(Db.StationValues.AsNoTracking().Where(v => v.SectionId == section.Value && v.Month >= from && v.Month <= to));
    }

    private IReadOnlyList<StationMonthResult> StationMonthsWhere(IQueryable<StationValueRow> query) =>
        StationMonthsWhere(query, null, null).Select(m => m.Result).ToList();

    /// <summary>What a section-month's station evaluation depends on besides its values (read once per call).</summary>
    private sealed record StationMonthContext(Dictionary<string, Station> Stations, PolicySchedule Schedule, Dictionary<string, SectionProfile> Profiles)
    {
        public SectionProfile ProfileOf(string section) => Profiles.GetValueOrDefault(section) ?? SectionProfile.River;
        public decimal RequiredFor(int month) => Schedule.For(YearMonth.FromKey(month)).Parameters.StationCompleteness;

        /// <summary>
        /// The inputs of a stored evaluation other than its values: the section's profile, the completeness the policy
        /// requires of the month, and the indicator map of each station that sent values (? for one no longer registered).
        /// </summary>
        public string InputsOf(string section, int month, IEnumerable<string> mns)
        {
            var profile = ProfileOf(section);
            return string.Create(CultureInfo.InvariantCulture, $"{Mapping.Name(profile.WaterBody)}|{profile.IncludesTotalNitrogen}|{RequiredFor(month)}|")
                + string.Join(';', mns.Select(mn => mn + "=" + (Stations.TryGetValue(mn, out var s) ? s.IndicatorsText : "?")));
        }
    }

    private StationMonthContext LoadStationMonthContext() => new(
        Db.Stations.AsNoTracking().AsEnumerable().ToDictionary(s => s.Mn, ToDomain, StringComparer.Ordinal),
        Data.Scenario.ScenarioData.BuildSchedule(Db.Policy.AsNoTracking().OrderBy(p => p.Id).AsEnumerable()
            .Select(p => new Data.Scenario.PolicyOverride(p.EffectiveFrom, p.Key, p.Value))),
        LatestProfiles());

    /// <summary>
    /// Each section's profile as its newest stored evaluation says (R-DATA-3): the database picks the newest row of each
    /// section and only its profile is read, not every month of every year evaluated.
    /// </summary>
    private Dictionary<string, SectionProfile> LatestProfiles()
    {
        var newest = Db.ComputedResults.GroupBy(r => r.SectionId).Select(g => g.Max(r => r.Id));
        return Db.ComputedResults.AsNoTracking().Where(r => newest.Contains(r.Id))
            .Select(r => new { r.SectionId, r.WaterBody, r.TotalNitrogen }).AsEnumerable()
            .ToDictionary(r => r.SectionId, r => ProfileOf(r.WaterBody, r.TotalNitrogen), StringComparer.Ordinal);
    }

    /// <summary>
    /// Evaluates each section-month of the query's valid hourly values (only those of <paramref name="only"/> when
    /// given), by section then month, each with the stations whose values it read (in ordinal order).
    /// </summary>
    private List<(StationMonthResult Result, IReadOnlyList<string> Mns)> StationMonthsWhere(IQueryable<StationValueRow> query,
        HashSet<(string Section, int Month)>? only, StationMonthContext? context)
    {
        var rows = query.Where(v => v.Cn == HourlyCommand && v.Flag == ValidFlag)
            .Select(v => new { v.Mn, v.SectionId, v.Month, v.DataTime, v.Code, v.Value }).AsEnumerable()
            .Where(r => only is null || only.Contains((r.SectionId, r.Month))).ToList();
        if (rows.Count == 0) return [];
        context ??= LoadStationMonthContext();
        var catalog = IndicatorCatalog.Gb3838;
        var list = new List<(StationMonthResult, IReadOnlyList<string>)>();
        foreach (var g in rows.GroupBy(r => (r.SectionId, r.Month)).OrderBy(g => g.Key.SectionId, StringComparer.Ordinal).ThenBy(g => g.Key.Month))
        {
            var month = YearMonth.FromKey(g.Key.Month);
            var values = new List<StationHourValue>();
            foreach (var r in g)
            {
                if (Station.IndicatorOf(context.Stations.GetValueOrDefault(r.Mn), r.Code, catalog) is not { } indicator) continue;
                values.Add(new StationHourValue(r.DataTime, indicator, r.Value, StationMonth.DefaultUnitOf(r.Code)));
            }
            var required = context.RequiredFor(g.Key.Month);
            var profile = context.ProfileOf(g.Key.SectionId);
            var mns = g.Select(r => r.Mn).Distinct().Order(StringComparer.Ordinal).ToList();
            list.Add((new StationMonthResult(new SectionId(g.Key.SectionId), StationMonth.Evaluate(g.Key.SectionId, month, profile, values, required), values.Count), mns));
        }
        return list;
    }

    /// <summary>
    /// The section-months whose class comes from their stations (complete enough, with a class): computed results
    /// (<see cref="ResultSource.Computed"/>) that take the place of the lab samples' computed class of the same
    /// month; an imported result still wins over both (ResultPrecedence, R-DATA-1/2). Read from the stored summary
    /// (<see cref="StationMonthRow"/>); only the section-months whose summary is not current are evaluated from their
    /// values here (and stored by <see cref="RefreshStationMonths"/>, which the receiver calls).
    /// </summary>
    internal IReadOnlyList<MonthlyResult> StationMonthlyResults()
    {
        var summaries = Db.StationMonths.AsNoTracking().ToList();
        if (summaries.Count == 0) return [];
        var context = LoadStationMonthContext();
        var list = new List<(string Section, int Month, MonthlyResult? Result)>();
        var stale = new HashSet<(string Section, int Month)>();
        foreach (var s in summaries)
        {
            if (IsCurrent(s, context))
            {
                if (s.UsesStation) list.Add((s.SectionId, s.Month, ToMonthlyResult(new SectionId(s.SectionId), YearMonth.FromKey(s.Month),
                    s.Class is { } c ? WaterClass.FromOrdinal(c) : null, s.Deciding, s.Participating, s.ValueCount)));
            }
            else stale.Add((s.SectionId, s.Month));
        }
        if (stale.Count > 0)
            foreach (var (r, _) in StationMonthsOf(stale, context))
                if (r.Evaluation.UsesStation) list.Add((r.Section.Value, r.Evaluation.Month.Key, ToMonthlyResult(r)));
        return list.OrderBy(x => x.Section, StringComparer.Ordinal).ThenBy(x => x.Month).Select(x => x.Result!).ToList();
    }

    /// <summary>The same results evaluated from every stored hourly value (what the summary must equal; the tests hold it).</summary>
    internal IReadOnlyList<MonthlyResult> StationMonthlyResultsFromValues() =>
        StationMonthsWhere(Db.StationValues.AsNoTracking(), null, null).Select(m => m.Result).Where(r => r.Evaluation.UsesStation).Select(ToMonthlyResult).ToList();

    /// <summary>How many stored section-month summaries are current and how many must be evaluated again.</summary>
    internal (int Current, int Stale) StationMonthSummaryState()
    {
        var context = LoadStationMonthContext();
        var all = Db.StationMonths.AsNoTracking().ToList();
        var current = all.Count(s => IsCurrent(s, context));
        return (current, all.Count - current);
    }

    private static bool IsCurrent(StationMonthRow s, StationMonthContext context) =>
        s.Computed > 0 && s.Computed == s.Touched && s.Inputs == context.InputsOf(s.SectionId, s.Month, s.Mns.Length == 0 ? [] : s.Mns.Split(','));

    private List<(StationMonthResult Result, IReadOnlyList<string> Mns)> StationMonthsOf(HashSet<(string Section, int Month)> keys, StationMonthContext context)
    {
        var sections = keys.Select(k => k.Section).Distinct().ToList();
        var months = keys.Select(k => k.Month).Distinct().ToList();
        return StationMonthsWhere(Db.StationValues.AsNoTracking().Where(v => sections.Contains(v.SectionId) && months.Contains(v.Month)), keys, context);
    }

    /// <summary>
    /// Evaluates again the section-months whose stored summary is not current (new values since, or another profile,
    /// policy or indicator map) and stores them; returns how many. Each is stored as computed at the
    /// <see cref="StationMonthRow.Touched"/> read before its values, so a batch committed meanwhile leaves it stale.
    /// </summary>
    public int RefreshStationMonths()
    {
        var context = LoadStationMonthContext();
        var stale = Db.StationMonths.AsNoTracking().AsEnumerable().Where(s => !IsCurrent(s, context))
            .ToDictionary(s => (s.SectionId, s.Month), s => s.Touched);
        if (stale.Count == 0) return 0;
        var evaluated = StationMonthsOf(stale.Keys.ToHashSet(), context);
        using var tx = CurrentTransaction is null ? BeginTransaction() : null;
        var sections = stale.Keys.Select(k => k.SectionId).Distinct().ToList();
        var rows = Db.StationMonths.Where(s => sections.Contains(s.SectionId)).AsEnumerable().ToDictionary(s => (s.SectionId, s.Month));
        foreach (var (r, mns) in evaluated)
        {
            var key = (r.Section.Value, r.Evaluation.Month.Key);
            if (!rows.TryGetValue(key, out var row) || !stale.TryGetValue(key, out var touched)) continue;
            var e = r.Evaluation.Evaluation;
            row.Computed = touched;
            row.Inputs = context.InputsOf(key.Item1, key.Item2, mns);
            row.Mns = string.Join(',', mns);
            row.UsesStation = r.Evaluation.UsesStation;
            row.Class = e.Class?.Ordinal;
            row.Deciding = string.Join(',', e.Deciding.Select(i => i.Key));
            row.Participating = e.Participating.Count;
            row.ValueCount = r.Values;
        }
        Db.SaveChanges();
        tx?.Commit();
        ClearTracked();
        return evaluated.Count;
    }

    private static MonthlyResult ToMonthlyResult(StationMonthResult r)
    {
        var e = r.Evaluation.Evaluation;
        return ToMonthlyResult(r.Section, r.Evaluation.Month, e.Class, string.Join(',', e.Deciding.Select(i => i.Key)), e.Participating.Count, r.Values);
    }

    private static MonthlyResult ToMonthlyResult(SectionId section, YearMonth month, WaterClass? cls, string deciding, int participating, int values) =>
        new(section, month, cls, ResultSource.Computed, null, Revision: 0, DecidingIndicators: deciding)
        {
            Coded = LineNote.Of(NoteCodes.Computed, ("samples", values), ("deciding", deciding), ("indicators", participating)),
        };
}
