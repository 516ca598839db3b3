using System.Globalization;
using Liuyu.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Liuyu.Storage;

/// <summary>
/// The stations' live view and the station/bulletin disagreements (issue 14 items 4 and 5): questions asked of
/// <c>station_values</c> by its columns (never by its key, whose shape is the storage's business), of the results
/// and of the lab's computed results.
/// </summary>
public sealed partial class LiuyuStore
{
    /// <summary>
    /// The stations' last packets: the arrival time of each station's latest value, the DataTime that value carried (the
    /// latest of them when one packet carried several), and its latest DataTime; of the stations <paramref name="mns"/>
    /// (all when null), among the values of month <paramref name="from"/> onwards (all months when null: a month-partitioned
    /// table then reads only the recent partitions). A station without values there is not listed. Read with SQL because
    /// SQLite keeps <c>received_at</c> as text EF does not order; the text is ISO 8601 in UTC (<see cref="StoreUploads"/>
    /// stores it so), which orders as the instants do.
    /// </summary>
    public IReadOnlyList<StationLastPacket> StationLastPackets(IReadOnlyCollection<string>? mns = null, YearMonth? from = null)
    {
        var list = new List<StationLastPacket>();
        foreach (var chunk in mns is null ? [null] : mns.Distinct().Chunk(500).Select(c => (string[]?)c))
        {
            if (chunk is { Length: 0 }) continue;
            var connection = Connection;
            if (connection.State != System.Data.ConnectionState.Open) connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.Transaction = CurrentTransaction;
            var where = new List<string>();
            if (chunk is not null)
            {
                where.Add("mn IN (" + string.Join(", ", chunk.Select((mn, i) => Parameter(cmd, $"@mn{i}", mn))) + ")");
            }
            if (from is { } f) where.Add("month >= " + Parameter(cmd, "@from", f.Key));
            var filter = where.Count == 0 ? "" : " WHERE " + string.Join(" AND ", where);
            cmd.CommandText = $"""
                SELECT v.mn, l.at, MAX(v.data_time), l.latest
                FROM (SELECT mn, MAX(received_at) AS at, MAX(data_time) AS latest FROM station_values{filter} GROUP BY mn) l
                JOIN station_values v ON v.mn = l.mn AND v.received_at = l.at
                GROUP BY v.mn, l.at, l.latest
                """;
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
                list.Add(new StationLastPacket(reader.GetString(0), Instant(reader.GetValue(1), "station_values.received_at"), LocalTime(reader.GetValue(2)), LocalTime(reader.GetValue(3))));
        }
        return list;
    }

    private static string Parameter(System.Data.Common.DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
        return name;
    }

    /// <summary>An instant read in plain SQL (PostgreSQL's timestamptz, or SQLite's text as EF Core writes it), in UTC.</summary>
    private static DateTimeOffset Instant(object value, string column) => value switch
    {
        DateTimeOffset o => o.ToUniversalTime(),
        DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
        string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime(),
        _ => throw new InvalidOperationException($"{column} read as {value.GetType()}"),
    };

    private static DateTime LocalTime(object value) => value switch
    {
        DateTime d => DateTime.SpecifyKind(d, DateTimeKind.Unspecified),
        string s => DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.None),
        _ => throw new InvalidOperationException($"station_values.data_time read as {value.GetType()}"),
    };

    /// <summary>The hourly values (CN=2061, every data flag) of the stations with DataTime in [from, to), by station then DataTime.</summary>
    public IReadOnlyList<StationReading> StationHourlyValues(IReadOnlyCollection<string> mns, DateTime from, DateTime to)
    {
        var ids = mns.Distinct().ToArray();
        var (fromMonth, toMonth) = (from.Year * 100 + from.Month, to.Year * 100 + to.Month);
        var list = Db.StationValues.AsNoTracking()
            // The month column too, so that a store partitioned by month reads only the months concerned.
            .Where(v => ids.Contains(v.Mn) && v.Cn == HourlyCommand && v.Month >= fromMonth && v.Month <= toMonth && v.DataTime >= from && v.DataTime < to)
            .Select(v => new StationReading(v.Mn, v.Cn, v.DataTime, v.Code, v.Value, v.Flag)).ToList();
        return [.. list.OrderBy(r => r.Mn, StringComparer.Ordinal).ThenBy(r => r.DataTime).ThenBy(r => r.Code, StringComparer.Ordinal)];
    }

    /// <summary>R-DATA-3: the station months of from … to, of the given sections or of all (evaluated as <see cref="StationMonths"/> does).</summary>
    public IReadOnlyList<StationMonthResult> StationMonthsBetween(YearMonth from, YearMonth to, IReadOnlyCollection<SectionId>? sections = null)
    {
        var query = Db.StationValues.AsNoTracking().Where(v => v.Month >= from.Key && v.Month <= to.Key);
        if (sections is null) return StationMonthsWhere(query);
        // One collection parameter (json_each on SQLite, = ANY on PostgreSQL), however many sections.
        var ids = sections.Select(s => s.Value).Distinct().ToArray();
        return ids.Length == 0 ? [] : StationMonthsWhere(query.Where(v => ids.Contains(v.SectionId)));
    }

    /// <summary>The section-months of a year with an imported result (its latest revision) or a lab-computed result.</summary>
    public IReadOnlyList<OfficialMonth> OfficialMonths(int year)
    {
        var (from, to) = (year * 100 + 1, year * 100 + 12);
        var imported = new Dictionary<(string, int), MonthlyResult>();
        foreach (var r in Db.Results.AsNoTracking().Where(r => r.Month >= from && r.Month <= to).OrderBy(r => r.Revision).AsEnumerable())
            imported[(r.SectionId, r.Month)] = r.ToDomain();
        var lab = Db.ComputedResults.AsNoTracking().Where(r => r.Month >= from && r.Month <= to)
            .Select(r => new { r.SectionId, r.Month, r.Class }).ToList().ToDictionary(r => (r.SectionId, r.Month), r => r.Class);
        return [.. imported.Keys.Union(lab.Keys).Order().Select(k =>
        {
            var i = imported.GetValueOrDefault(k);
            var hasLab = lab.TryGetValue(k, out var labClass);
            return new OfficialMonth(new SectionId(k.Item1), YearMonth.FromKey(k.Item2), i is not null, i?.Class, i?.Source, i?.Revision,
                hasLab, labClass is { } c ? WaterClass.FromOrdinal(c) : null);
        })];
    }
}
