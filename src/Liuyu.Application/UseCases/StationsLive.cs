using Liuyu.Data.Stations;
using Liuyu.Domain;
using Liuyu.Domain.Accounting;
using Liuyu.Domain.Quality;

namespace Liuyu.Application.UseCases;

/// <summary>One hour of an indicator as the station sent it: value (in the indicator's unit when known) and data flag.</summary>
public sealed record HourPoint(DateTime DataTime, decimal Value, string? Flag);

/// <summary>
/// One indicator of a station's day: its latest hourly value (CN=2061) and data flag, the band of the section's limit
/// class (GB 3838) and whether that value falls outside it, with the day's hours for the chart. An unknown code keeps
/// its code and has no indicator, band or check; a value with a flag other than N is shown, never checked.
/// </summary>
public sealed record IndicatorToday(string Code, Indicator? Indicator, DateTime DataTime, decimal Value, string? Flag, ClassLimit? Band, bool Exceeds,
    IReadOnlyList<HourPoint> Hours)
{
    public bool Valid => Flag is null or "N";
}

/// <summary>
/// The running month of a section from its stations (R-DATA-3 as far as it has come): the provisional class of the
/// valid hourly values so far, and the valid hours against the hours so far (up to the latest DataTime) and the month's.
/// </summary>
public sealed record RunningMonth(YearMonth Month, WaterClass? Class, IReadOnlyList<string> Deciding, int ValidHours, int HoursSoFar, int HoursInMonth, decimal Required)
{
    public decimal CompletenessSoFar => HoursSoFar == 0 ? 0m : Math.Round((decimal)ValidHours / HoursSoFar, 4);
    public decimal Completeness => HoursInMonth == 0 ? 0m : Math.Round((decimal)ValidHours / HoursInMonth, 4);

    public static RunningMonth Of(StationMonthEvaluation e, DateTime latest)
    {
        var start = new DateTime(e.Month.Year, e.Month.Month, 1);
        var soFar = Math.Clamp((int)Math.Floor((latest - start).TotalHours) + 1, 0, e.HoursInMonth);
        return new RunningMonth(e.Month, e.Evaluation.Class, [.. e.Evaluation.Deciding.Select(i => i.Key)], e.ValidHours, Math.Max(soFar, e.ValidHours), e.HoursInMonth, e.Required);
    }
}

/// <summary>
/// A registered station now (站点实时): online when its last packet arrived within the window, that packet's arrival and
/// DataTime, its day (the date of its latest DataTime, the station's local time) indicator by indicator against the
/// section's limit class, and its section's running month.
/// </summary>
public sealed record StationNow(Station Station, Section Section, bool Online, DateTimeOffset? LastReceivedAt, DateTime? LastDataTime, DateOnly? Day,
    WaterClass? LimitClass, IReadOnlyList<IndicatorToday> Today, RunningMonth? Month);

/// <summary>
/// 站点实时 (issue 14 item 5): every registered station the reader may see, as it stands now. The limit class of a
/// section is its compensation baseline for the month (R-BASE-1/2, R-FAM-3, resolved as the accounting does), else its
/// own target for the year.
/// </summary>
public static class StationsLive
{
    public static IReadOnlyList<StationNow> Of(ILiuyuStore store, Scheme scheme, DateTimeOffset now, TimeSpan onlineWindow, Func<Section, bool> visible)
    {
        var stations = store.Stations().Where(s => scheme.HasSection(s.Section) && visible(scheme.Section(s.Section))).ToList();
        if (stations.Count == 0) return [];
        var packets = LastPackets(store, [.. stations.Select(s => s.Mn)], now);

        // Today's hours: one query per distinct day (most stations share it).
        var hours = new Dictionary<string, List<StationReading>>(StringComparer.Ordinal);
        foreach (var day in stations.Where(s => packets.ContainsKey(s.Mn)).GroupBy(s => packets[s.Mn].LatestDataTime.Date))
            foreach (var r in store.StationHourlyValues([.. day.Select(s => s.Mn)], day.Key, day.Key.AddDays(1)))
                (hours.TryGetValue(r.Mn, out var l) ? l : hours[r.Mn] = []).Add(r);

        // The running month of each section: the month of its stations' latest DataTime.
        var latestBySection = stations.Where(s => packets.ContainsKey(s.Mn)).GroupBy(s => s.Section)
            .ToDictionary(g => g.Key, g => g.Max(s => packets[s.Mn].LatestDataTime));
        var months = new Dictionary<SectionId, RunningMonth>();
        foreach (var g in latestBySection.GroupBy(kv => new YearMonth(kv.Value.Year, kv.Value.Month)))
            foreach (var m in store.StationMonthsBetween(g.Key, g.Key, [.. g.Select(kv => kv.Key)]))
                months[m.Section] = RunningMonth.Of(m.Evaluation, latestBySection[m.Section]);

        var catalog = IndicatorCatalog.Gb3838;
        return [.. stations.Select(st =>
        {
            var section = scheme.Section(st.Section);
            if (!packets.TryGetValue(st.Mn, out var p))
                return new StationNow(st, section, false, null, null, null, LimitClass(scheme, section, null), [], null);
            var month = new YearMonth(p.LatestDataTime.Year, p.LatestDataTime.Month);
            var limit = LimitClass(scheme, section, month);
            var today = hours.GetValueOrDefault(st.Mn, []).GroupBy(r => r.Code).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
            {
                var indicator = Station.IndicatorOf(st, g.Key, catalog);
                var unit = StationMonth.DefaultUnitOf(g.Key);
                // Shown in the indicator's unit (HJ 212 sends several metals in μg/L, GB 3838 limits them in mg/L).
                var factor = indicator is not null && ConcentrationUnit.TryFactor(indicator, unit, out var f) ? f : 1m;
                HourPoint Point(StationReading r) => new(r.DataTime, r.Value * factor, r.Flag);
                var last = g.MaxBy(r => r.DataTime)!;
                var valid = last.Flag is null or "N";
                var check = indicator is not null && limit is { } lc ? HourlyLimit.Check(indicator, last.Value, unit, lc) : null;
                return new IndicatorToday(g.Key, indicator, last.DataTime, Point(last).Value, last.Flag, check?.Band, valid && check is { Exceeds: true },
                    [.. g.OrderBy(r => r.DataTime).Select(Point)]);
            }).ToList();
            return new StationNow(st, section, now - p.ReceivedAt <= onlineWindow, p.ReceivedAt, p.DataTime, DateOnly.FromDateTime(p.LatestDataTime),
                limit, today, months.GetValueOrDefault(st.Section));
        })];
    }

    /// <summary>
    /// The stations' last packets: first among the values of this month and the last (a store partitioned by month reads
    /// only those), then, for the stations silent since, among all their values.
    /// </summary>
    public static Dictionary<string, StationLastPacket> LastPackets(ILiuyuStore store, IReadOnlyCollection<string> mns, DateTimeOffset now)
    {
        if (mns.Count == 0) return new(StringComparer.Ordinal);
        var recent = now.UtcDateTime.AddMonths(-1);
        var found = store.StationLastPackets(mns, new YearMonth(recent.Year, recent.Month)).ToDictionary(p => p.Mn, StringComparer.Ordinal);
        var silent = mns.Where(m => !found.ContainsKey(m)).ToList();
        if (silent.Count > 0)
            foreach (var p in store.StationLastPackets(silent)) found[p.Mn] = p;
        return found;
    }

    /// <summary>The class an hourly value is read against: the month's baseline as the accounting resolves it, else the year's own target.</summary>
    public static WaterClass? LimitClass(Scheme scheme, Section section, YearMonth? month)
    {
        if (month is not { } m) return null;
        return MonthlyAccounting.AccountSection(scheme, section, m, null).Baseline ?? scheme.Baselines.TargetOf(section.Id, m.Year);
    }
}
