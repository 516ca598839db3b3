using Liuyu.Domain.Ledger;
using Liuyu.Data.Csv;
using Liuyu.Data.Samples;
using Liuyu.Domain;
using Liuyu.Domain.Accounting;
using Liuyu.Domain.Quality;
using Liuyu.Storage.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using NpgsqlTypes;

namespace Liuyu.Storage;

public sealed partial class LiuyuStore
{
    private const int MaxReportedErrors = 100;

    /// <summary>
    /// Reads <c>samples.csv</c> or an .xlsx workbook and imports it (see <see cref="ImportSamples(SampleFeed, string, string, IReadOnlyDictionary{string, SectionProfile}?)"/>);
    /// a CSV file is streamed, never held whole.
    /// </summary>
    public SampleImportReport ImportSamples(FileInfo samples, string who, IReadOnlyDictionary<string, SectionProfile>? profiles = null) =>
        ImportSamples(SampleFeed.Of(samples, new SampleProvenance(null, SampleSource.Unspecified)), samples.FullName, who, profiles);

    /// <summary>Samples already read (see <see cref="ImportSamples(SampleFeed, string, string, IReadOnlyDictionary{string, SectionProfile}?)"/>).</summary>
    public SampleImportReport ImportSamples(SampleFile file, string source, string who, IReadOnlyDictionary<string, SectionProfile>? profiles = null) =>
        ImportSamples(SampleFeed.Of(file, source), source, who, profiles);

    /// <summary>
    /// Stores the samples with their provenance and recomputes every section-month they touch from all stored
    /// samples of that section-month, in one transaction: all or nothing. A sample of a section the store does not
    /// know is an input error naming file, row and column. A sample equal to a stored one is not stored twice, so
    /// importing the same file again changes nothing (R-LEDGER-3 holds for the accounting that follows).
    /// <paramref name="profiles"/> gives sections' water body and TN opt-in; a section not listed keeps the profile
    /// of its earlier computed results, or is a river without TN.
    /// </summary>
    /// <remarks>
    /// Issue 10 (P2): the rows are written as they are read, in chunks, with typed columns, and each section-month keeps
    /// only running totals (<see cref="IndicatorAccumulator"/>), so memory does not grow with the file. The samples
    /// stored before are read only for the section-months that had any (those with a computed result), a chunk at a
    /// time, into the same totals and into the set that recognises a sample already stored. The classes are those
    /// <see cref="SectionEvaluator"/> gives from the samples themselves (the accumulators are exact).
    /// </remarks>
    public SampleImportReport ImportSamples(SampleFeed feed, string source, string who, IReadOnlyDictionary<string, SectionProfile>? profiles = null)
    {
        var known = Db.Sections.AsNoTracking().Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var hadSamples = Db.ComputedResults.AsNoTracking().Select(r => new { r.SectionId, r.Month }).AsEnumerable()
            .Select(r => (r.SectionId, r.Month)).ToHashSet();

        var now = _clock.GetUtcNow();
        // Inside a rehearsal (a dry run, see Rehearse) the caller's transaction is used and rolled back.
        using var tx = CurrentTransaction is null ? BeginWrite() : null;
        var batch = new ImportBatchRow { Source = source, ImportedBy = who, ImportedAt = now, Rows = 0, Summary = "" };
        Db.ImportBatches.Add(batch);
        Db.SaveChanges();

        try
        {
            return ImportSamples(feed, source, who, profiles, known, hadSamples, batch, now, tx);
        }
        catch
        {
            // The rows are refused after the batch was written (a bad row is known only once read): what was tracked goes
            // with the rollback, so that the next import on this store starts clean.
            ClearTracked();
            throw;
        }
    }

    private SampleImportReport ImportSamples(SampleFeed feed, string source, string who, IReadOnlyDictionary<string, SectionProfile>? profiles,
        HashSet<string> known, HashSet<(string, int)> hadSamples, ImportBatchRow batch, DateTimeOffset now, WriteScope? tx)
    {
        var import = new SampleImport(this, known, hadSamples, batch.Id, now, who);
        IReadOnlyList<InputError> warnings;
        // SQLite's page cache (2 MB by default) is raised for the import: the rows come by time, so the (section, month)
        // index is written all over; a larger cache keeps its pages in memory until the commit. Into an empty samples
        // table, its indexes are dropped and made again after the rows, as a bulk load does (in the same transaction).
        using (LargerCache())
        {
            var dropped = DropIndexesOfEmptySamples(hadSamples.Count == 0 && !Db.Samples.Any());
            warnings = feed.Read(import.Add);
            import.Flush();
            // Made again only when every row went in: a refused import rolls back, and the rollback brings them back (a
            // CREATE INDEX here could only hide why it was refused).
            foreach (var sql in dropped) Pragma(sql);
        }
        if (import.Unknown.Count > 0)
        {
            var errors = import.Unknown
                .Select(s => new InputError(s.ImportedFrom ?? source, s.ImportedRow, "section", ErrorCodes.SectionNotImported, ("section", s.Section)))
                .ToList();
            if (import.UnknownCount > MaxReportedErrors)
                errors.Add(new InputError(import.FirstFile ?? source, null, "section", ErrorCodes.SectionsMoreUnknown, ("count", import.UnknownCount - MaxReportedErrors)));
            throw new InputException(errors);
        }

        var changed = Recompute(import.Months, profiles ?? new Dictionary<string, SectionProfile>(), batch.Id, now);
        var recomputed = import.Months.Count;
        var already = import.Read - import.Stored;

        batch.Rows = import.Read;
        // The summary in the form the page words ("table +inserted; table ~updated; table =unchanged"), never a sentence.
        batch.Summary = $"samples +{import.Stored}; samples ={already}; computed_results ~{changed}; computed_results ={recomputed - changed}";
        Audit("import.samples", source, null, new { batch = batch.Id, read = import.Read, stored = import.Stored, alreadyStored = already, recomputed, changed, warnings = warnings.Count, profiles = profiles?.Count });
        Db.SaveChanges();
        tx?.Commit();
        ClearTracked();
        return new SampleImportReport(batch.Id, source, import.Read, import.Stored, already, recomputed, changed, warnings);
    }

    private const int ImportCachePages = -131072; // in KiB when negative: 128 MiB

    /// <summary>On SQLite, a 128 MiB page cache for this connection until disposed (then the one it had); nothing on PostgreSQL.</summary>
    private IDisposable? LargerCache()
    {
        if (Location.IsPostgres) return null;
        var before = Pragma("PRAGMA cache_size");
        Pragma("PRAGMA cache_size = " + ImportCachePages.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new Restore(() => Pragma("PRAGMA cache_size = " + before.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>
    /// On SQLite, when <paramref name="empty"/>: drops the samples table's indexes in the current transaction and returns
    /// the SQL that made them (to be run again once the rows are in); nothing on PostgreSQL.
    /// </summary>
    private List<string> DropIndexesOfEmptySamples(bool empty)
    {
        var indexes = new List<(string Name, string Sql)>();
        if (Location.IsPostgres || !empty) return [];
        using (var cmd = Connection.CreateCommand())
        {
            cmd.Transaction = CurrentTransaction;
            cmd.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'samples' AND sql IS NOT NULL";
            using var r = cmd.ExecuteReader();
            while (r.Read()) indexes.Add((r.GetString(0), r.GetString(1)));
        }
        // The names and statements come from the database's own schema, not from input.
        foreach (var (name, _) in indexes) Pragma("DROP INDEX \"" + name.Replace("\"", "\"\"") + "\"");
        return [.. indexes.Select(i => i.Sql)];
    }

    /// <summary>A statement without parameters (a PRAGMA, which takes none; DDL from the schema) on the store's connection, in its transaction.</summary>
    private long Pragma(string sql)
    {
        using var cmd = Connection.CreateCommand();
        cmd.Transaction = CurrentTransaction;
        cmd.CommandText = sql;
        return cmd.ExecuteScalar() is long v ? v : 0;
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }

    /// <summary>The running totals of one section-month: per indicator (by catalog position), and the number of samples.</summary>
    private sealed class MonthTotals(int indicators)
    {
        public IndicatorAccumulator?[] Indicators { get; } = new IndicatorAccumulator?[indicators];
        public int Samples { get; set; }
        /// <summary>The samples stored before this import (their identities), for a section-month that had any; else null.</summary>
        public HashSet<SampleIdentity>? Stored { get; set; }

        public void Add(Indicator indicator, int ordinal, decimal effective, decimal? saturation)
        {
            (Indicators[ordinal] ??= new IndicatorAccumulator()).Add(indicator.IsPh, effective, saturation);
            Samples++;
        }
    }

    /// <summary>One import's rows on their way into the store (see <see cref="ImportSamples(SampleFeed, string, string, IReadOnlyDictionary{string, SectionProfile}?)"/>).</summary>
    private sealed class SampleImport(LiuyuStore store, HashSet<string> known, HashSet<(string, int)> hadSamples, long batchId, DateTimeOffset now, string who)
    {
        private const int ChunkRows = 8192;
        private static readonly IndicatorCatalog Catalog = IndicatorCatalog.Gb3838;
        private static readonly Dictionary<Indicator, int> Ordinal = Catalog.All.Select((i, k) => (i, k)).ToDictionary(x => x.i, x => x.k);
        private readonly List<SampleRow> _chunk = new(ChunkRows);
        private readonly Dictionary<SampleSource, string> _sourceNames = Enum.GetValues<SampleSource>().ToDictionary(s => s, s => Mapping.Name(s));
        private string? _lastSection;
        private int _lastMonth;
        private MonthTotals? _lastTotals;

        public Dictionary<(string Section, int Month), MonthTotals> Months { get; } = [];
        public List<SampleRecord> Unknown { get; } = [];
        public int UnknownCount { get; private set; }
        public int Read { get; private set; }
        public int Stored { get; private set; }
        public string? FirstFile { get; private set; }

        public void Add(SampleRecord s)
        {
            if (Read++ == 0) FirstFile = s.ImportedFrom;
            if (!known.Contains(s.Section))
            {
                if (UnknownCount++ < MaxReportedErrors) Unknown.Add(s);
                return;
            }
            if (UnknownCount > 0) return; // refused at the end: nothing more to write
            _chunk.Add(new SampleRow
            {
                SectionId = s.Section, SampledAt = s.SampledAt, Month = s.MonthKey, Indicator = s.Indicator.Key, Value = s.Value,
                BelowDetectionLimit = s.BelowDetectionLimit, DetectionLimit = s.DetectionLimit, Unit = s.Unit, SaturationPercent = s.SaturationPercent,
                MeasuredBy = s.MeasuredBy, Source = _sourceNames[s.Source], ImportedFrom = s.ImportedFrom, ImportedRow = s.ImportedRow,
                ImportBatchId = batchId, ImportedAt = now, ImportedBy = who,
            });
            if (_chunk.Count == ChunkRows) Flush();
        }

        /// <summary>Reads what was stored before for the chunk's section-months not yet seen, then writes the chunk's new samples.</summary>
        public void Flush()
        {
            if (_chunk.Count == 0) return;
            var load = new HashSet<(string, int)>();
            foreach (var r in _chunk)
            {
                var key = (r.SectionId, r.Month);
                if (!Months.ContainsKey(key) && hadSamples.Contains(key)) load.Add(key);
            }
            foreach (var key in load) Months[key] = new MonthTotals(Ordinal.Count) { Stored = [] };
            if (load.Count > 0)
                foreach (var r in store.StoredSamples(load))
                {
                    var totals = Months[(r.SectionId, r.Month)];
                    totals.Stored!.Add(Identity(r));
                    var indicator = Catalog[r.Indicator];
                    totals.Add(indicator, Ordinal[indicator], r.BelowDetectionLimit ? r.DetectionLimit!.Value / 2m : r.Value!.Value,
                        r.SaturationPercent);
                }

            var fresh = new List<SampleRow>(_chunk.Count);
            foreach (var r in _chunk)
            {
                var totals = TotalsOf(r.SectionId, r.Month);
                if (totals.Stored is { } stored && stored.Contains(Identity(r))) continue;
                var indicator = Catalog[r.Indicator];
                totals.Add(indicator, Ordinal[indicator], r.BelowDetectionLimit ? r.DetectionLimit!.Value / 2m : r.Value!.Value, r.SaturationPercent);
                fresh.Add(r);
            }
            BulkWriter.Insert(store.Db, "samples", SampleColumns, fresh);
            Stored += fresh.Count;
            _chunk.Clear();
        }

        // Rows come grouped by section and time, so the last section-month is remembered.
        private MonthTotals TotalsOf(string section, int month)
        {
            if (_lastTotals is not null && _lastMonth == month && (ReferenceEquals(section, _lastSection) || section == _lastSection)) return _lastTotals;
            if (!Months.TryGetValue((section, month), out var totals)) Months[(section, month)] = totals = new MonthTotals(Ordinal.Count);
            (_lastSection, _lastMonth, _lastTotals) = (section, month, totals);
            return totals;
        }
    }

    /// <summary>Every computed result, by section (registration order) and month.</summary>
    public IReadOnlyList<ComputedResult> ComputedResults()
    {
        var order = SectionOrder();
        return Db.ComputedResults.AsNoTracking().AsEnumerable()
            .OrderBy(r => order.GetValueOrDefault(r.SectionId, int.MaxValue)).ThenBy(r => r.SectionId, StringComparer.Ordinal).ThenBy(r => r.Month)
            .Select(ToDomain).ToList();
    }

    /// <summary>The computed result of one section-month, or null when no sample of it was imported.</summary>
    public ComputedResult? ComputedFor(SectionId section, YearMonth month) =>
        Db.ComputedResults.AsNoTracking().Where(r => r.SectionId == section.Value && r.Month == month.Key).AsEnumerable().Select(ToDomain).SingleOrDefault();

    /// <summary>
    /// Every section-month where the latest imported result and a computed class differ: the imported class (or
    /// its absence, R-DATA-4) wins (<see cref="ResultPrecedence"/>), and this report is where the difference is seen.
    /// </summary>
    public IReadOnlyList<ResultDisagreement> Disagreements()
    {
        var imported = new Dictionary<(string, int), ResultRow>();
        // Only the section-months that also have a computed result: the results table is the large one.
        var candidates = Db.Results.AsNoTracking().Where(r => Db.ComputedResults.Any(c => c.SectionId == r.SectionId && c.Month == r.Month));
        foreach (var r in candidates.OrderBy(r => r.Revision).AsEnumerable()) imported[(r.SectionId, r.Month)] = r;
        var list = new List<ResultDisagreement>();
        foreach (var c in ComputedResults())
        {
            if (c.Class is not { } computedClass) continue;
            if (!imported.TryGetValue((c.Section.Value, c.Month.Key), out var row)) continue;
            var latest = row.ToDomain();
            if (!ResultPrecedence.Disagree(latest, computedClass)) continue;
            list.Add(new ResultDisagreement(c.Section, c.Month, latest.Class, latest.Source, latest.Revision, latest.Note, computedClass, c.Deciding, c.SampleCount));
        }
        return list;
    }

    /// <summary>How many samples the store holds.</summary>
    public int SampleCount() => Db.Samples.Count();

    /// <summary>The stored samples of one section-month with their provenance, in order of sampling then storing.</summary>
    public IReadOnlyList<StoredSample> StoredSamples(SectionId section, YearMonth month) =>
        Db.Samples.AsNoTracking().Where(s => s.SectionId == section.Value && s.Month == month.Key).OrderBy(s => s.Id).AsEnumerable()
            .OrderBy(s => s.SampledAt)
            .Select(r => new StoredSample(r.Id, new SectionId(r.SectionId), r.SampledAt, r.Indicator, r.Value, r.BelowDetectionLimit, r.DetectionLimit,
                r.Unit, r.SaturationPercent, r.MeasuredBy, Mapping.Parse<SampleSource>(r.Source), r.ImportedFrom, r.ImportedRow, r.ImportBatchId,
                r.ImportedAt, r.ImportedBy))
            .ToList();

    /// <summary>
    /// The computed results the accounting reads: from the lab samples, except the section-months whose stations
    /// delivered enough valid hours (issue 14, R-DATA-3), which take the station's class instead.
    /// </summary>
    /// <param name="anyLab">Whether computed_results has rows, <paramref name="anyStation"/> station_months: a store without
    /// samples or stations (the national year's) reads neither table through EF Core.</param>
    private IReadOnlyList<MonthlyResult> ComputedMonthlyResults(bool anyLab, bool anyStation)
    {
        var lab = anyLab ? Db.ComputedResults.AsNoTracking().AsEnumerable().Select(r => ToDomain(r).ToMonthlyResult()).ToList() : [];
        var station = anyStation ? StationMonthlyResults() : [];
        if (station.Count == 0) return lab;
        var fromStation = station.Select(r => (r.Section, r.Month)).ToHashSet();
        return [.. lab.Where(r => !fromStation.Contains((r.Section, r.Month))), .. station];
    }

    private Dictionary<string, int> SectionOrder() =>
        Db.Sections.AsNoTracking().Select(s => new { s.Id, s.Ordinal }).ToDictionary(s => s.Id, s => s.Ordinal);

    private List<SampleRow> StoredSamples(HashSet<(string Section, int Month)> keys)
    {
        var sections = keys.Select(k => k.Section).Distinct().ToList();
        var months = keys.Select(k => k.Month).Distinct().ToList();
        return Db.Samples.AsNoTracking().Where(s => sections.Contains(s.SectionId) && months.Contains(s.Month)).AsEnumerable()
            .Where(s => keys.Contains((s.SectionId, s.Month))).ToList();
    }

    /// <summary>Evaluates each section-month from its running totals and upserts its computed result when it changed.</summary>
    private int Recompute(Dictionary<(string Section, int Month), MonthTotals> months, IReadOnlyDictionary<string, SectionProfile> given, long batchId,
        DateTimeOffset now)
    {
        var sections = months.Keys.Select(k => k.Section).Distinct().ToList();
        var existing = Db.ComputedResults.Where(r => sections.Contains(r.SectionId)).ToList();
        var bySectionMonth = existing.ToDictionary(r => (r.SectionId, r.Month));
        var storedProfile = existing.GroupBy(r => r.SectionId).ToDictionary(g => g.Key, g => ProfileOf(g.OrderByDescending(r => r.Id).First()));
        var catalog = IndicatorCatalog.Gb3838;

        var changed = 0;
        foreach (var ((section, monthKey), totals) in months)
        {
            if (totals.Samples == 0) continue;
            var profile = given.GetValueOrDefault(section) ?? storedProfile.GetValueOrDefault(section) ?? SectionProfile.River;
            var month = YearMonth.FromKey(monthKey);
            var sampled = new List<KeyValuePair<Indicator, IndicatorAccumulator>>();
            for (var k = 0; k < totals.Indicators.Length; k++)
                if (totals.Indicators[k] is { } a) sampled.Add(new(catalog.All[k], a));
            var evaluation = SectionEvaluator.Evaluate(section, month, profile, sampled, catalog);
            var next = new ComputedResultRow
            {
                SectionId = section,
                Month = monthKey,
                Class = evaluation.Class?.Ordinal,
                DecidingIndicators = string.Join(',', evaluation.Deciding.Select(i => i.Key)),
                ParticipatingIndicators = string.Join(',', evaluation.Participating.Select(i => i.Key)),
                SampleCount = totals.Samples,
                WaterBody = Mapping.Name(profile.WaterBody),
                TotalNitrogen = profile.IncludesTotalNitrogen,
                ComputedAt = now,
                ImportBatchId = batchId,
            };
            if (bySectionMonth.TryGetValue((section, monthKey), out var row))
            {
                if (row.Class == next.Class && row.DecidingIndicators == next.DecidingIndicators && row.ParticipatingIndicators == next.ParticipatingIndicators
                    && row.SampleCount == next.SampleCount && row.WaterBody == next.WaterBody && row.TotalNitrogen == next.TotalNitrogen)
                    continue;
                row.Class = next.Class; row.DecidingIndicators = next.DecidingIndicators; row.ParticipatingIndicators = next.ParticipatingIndicators;
                row.SampleCount = next.SampleCount; row.WaterBody = next.WaterBody; row.TotalNitrogen = next.TotalNitrogen;
                row.ComputedAt = now; row.ImportBatchId = batchId;
            }
            else Db.ComputedResults.Add(next);
            changed++;
        }
        Db.SaveChanges();
        return changed;
    }

    private static SectionProfile ProfileOf(ComputedResultRow r) => ProfileOf(r.WaterBody, r.TotalNitrogen);

    private static SectionProfile ProfileOf(string waterBody, bool totalNitrogen) => new(Mapping.Parse<WaterBody>(waterBody), totalNitrogen);

    private static ComputedResult ToDomain(ComputedResultRow r) => new(new SectionId(r.SectionId), YearMonth.FromKey(r.Month),
        r.Class is { } c ? WaterClass.FromOrdinal(c) : null, Split(r.DecidingIndicators), Split(r.ParticipatingIndicators), r.SampleCount,
        ProfileOf(r), r.ComputedAt, r.ImportBatchId);

    private static IReadOnlyList<string> Split(string keys) => keys.Length == 0 ? [] : keys.Split(',');

    /// <summary>
    /// A stored sample back as a domain sample. Value and detection limit are stored in the indicator's unit, so
    /// the unit given to <see cref="Sample.Create"/> is none (the indicator's own, Q-UNIT-1).
    /// </summary>
    private static Sample ToSample(SampleRow r)
    {
        var problems = new List<SampleProblem>();
        var provenance = new SampleProvenance(r.MeasuredBy, Mapping.Parse<SampleSource>(r.Source), r.ImportedFrom, r.ImportedRow, r.ImportedAt);
        var sample = Sample.Create(new SampleInput(r.SectionId, r.SampledAt, IndicatorCatalog.Gb3838[r.Indicator], r.Value, null,
            r.BelowDetectionLimit, r.DetectionLimit, r.SaturationPercent, provenance), problems);
        return sample ?? throw new InvalidOperationException(
            $"stored sample {r.Id} ({r.SectionId} {r.SampledAt:s} {r.Indicator}) is no longer valid: {string.Join("; ", problems.Select(p => p.Message))}");
    }

    /// <summary>What makes two samples the same measurement: everything measured and who measured it, not when it was imported.</summary>
    private readonly record struct SampleIdentity(string Section, DateTime SampledAt, string Indicator, decimal? Value, bool Below, decimal? DetectionLimit,
        decimal? SaturationPercent, string? MeasuredBy, string Source);

    private static SampleIdentity Identity(SampleRow r) =>
        new(r.SectionId, r.SampledAt, r.Indicator, r.Value, r.BelowDetectionLimit, r.DetectionLimit, r.SaturationPercent, r.MeasuredBy, r.Source);

    private static readonly BulkColumn<SampleRow>[] SampleColumns =
    [
        BulkColumn<SampleRow>.Text("section_id", r => r.SectionId),
        BulkColumn<SampleRow>.DateTime("sampled_at", r => r.SampledAt),
        BulkColumn<SampleRow>.Int32("month", r => r.Month),
        BulkColumn<SampleRow>.Text("indicator", r => r.Indicator),
        BulkColumn<SampleRow>.NullableDecimal("value", r => r.Value),
        BulkColumn<SampleRow>.Boolean("below_detection_limit", r => r.BelowDetectionLimit),
        BulkColumn<SampleRow>.NullableDecimal("detection_limit", r => r.DetectionLimit),
        BulkColumn<SampleRow>.Text("unit", r => r.Unit),
        BulkColumn<SampleRow>.NullableDecimal("saturation_percent", r => r.SaturationPercent),
        BulkColumn<SampleRow>.Text("measured_by", r => r.MeasuredBy),
        BulkColumn<SampleRow>.Text("source", r => r.Source),
        BulkColumn<SampleRow>.Text("imported_from", r => r.ImportedFrom),
        BulkColumn<SampleRow>.Int32("imported_row", r => r.ImportedRow),
        BulkColumn<SampleRow>.Int64("import_batch_id", r => r.ImportBatchId),
        BulkColumn<SampleRow>.DateTimeOffset("imported_at", r => r.ImportedAt),
        BulkColumn<SampleRow>.Text("imported_by", r => r.ImportedBy),
    ];
}
