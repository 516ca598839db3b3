using Liuyu.Domain;
using Liuyu.Domain.Accounting;

namespace Liuyu.Application.UseCases;

/// <summary>
/// A section-month heading for a payment (预警): its stations' provisional class so far is worse than its compensation
/// baseline, and no bulletin or lab class has closed the month yet. <see cref="Payers"/>, <see cref="Rule"/> and
/// <see cref="Amount"/> are what the accounting would book were the month to end at this class (none when an approved
/// exemption would waive it).
/// </summary>
public sealed record EarlyWarning(Section Section, RunningMonth Month, WaterClass Provisional, WaterClass Baseline, string Rule, IReadOnlyList<PartyId> Payers, Fen Amount);

/// <summary>
/// Early warning (issue 14 item 5): for each section-month of the year with station data and neither an imported
/// result nor a lab class (R-DATA-1/2/3: those would decide it), the provisional class of the valid hourly values so far
/// is accounted as the month's result would be (<see cref="MonthlyAccounting.AccountSection(Scheme, Section, YearMonth, MonthlyResult?)"/>:
/// R-SEC-2, the baseline by R-BASE-1/2 or R-FAM-3, the agreement's rule family, R-EXEMPT-1); it is a warning when that
/// class is worse than the baseline (R-COMP-2 territory). Latest month first.
/// </summary>
public static class EarlyWarnings
{
    public static IReadOnlyList<EarlyWarning> Of(ILiuyuStore store, Scheme scheme, int year, DateTimeOffset now, Func<Section, bool> visible)
    {
        var closed = store.OfficialMonths(year).Where(o => o.Imported || o.LabClass is not null).Select(o => (o.Section, o.Month)).ToHashSet();
        var stations = store.Stations().Where(s => scheme.HasSection(s.Section) && visible(scheme.Section(s.Section))).ToList();
        var sections = stations.Select(s => s.Section).Distinct().ToList();
        // Only the months still open: a year of closed months is not read again.
        var stationMonths = new List<StationMonthResult>();
        foreach (var month in YearMonth.MonthsOf(year))
        {
            var open = sections.Where(s => !closed.Contains((s, month))).ToList();
            if (open.Count > 0) stationMonths.AddRange(store.StationMonthsBetween(month, month, open));
        }
        if (stationMonths.Count == 0) return [];
        var latest = StationsLive.LastPackets(store, [.. stations.Select(s => s.Mn)], now);
        var latestBySection = stations.Where(s => latest.ContainsKey(s.Mn)).GroupBy(s => s.Section)
            .ToDictionary(g => g.Key, g => g.Max(s => latest[s.Mn].LatestDataTime));
        var list = new List<EarlyWarning>();
        foreach (var m in stationMonths)
        {
            var section = scheme.Section(m.Section);
            if (m.Evaluation.Evaluation.Class is not { } provisional) continue;
            var month = m.Evaluation.Month;
            var outcome = MonthlyAccounting.AccountSection(scheme, section, month, new MonthlyResult(section.Id, month, provisional, ResultSource.Computed, null));
            if (outcome.Baseline is not { } baseline || !baseline.IsBetterThan(provisional)) continue;
            // A month before the section's latest DataTime is over: its hours so far are all of its hours.
            var end = new DateTime(month.Year, month.Month, 1).AddMonths(1).AddHours(-1);
            var upTo = latestBySection.TryGetValue(section.Id, out var l) && l < end ? l : end;
            list.Add(new EarlyWarning(section, RunningMonth.Of(m.Evaluation, upTo), provisional, baseline, outcome.Rule,
                outcome.Payer is { } payer ? [payer] : [], outcome.Amount));
        }
        return [.. list.OrderByDescending(w => w.Month.Month).ThenByDescending(w => w.Provisional.Ordinal - w.Baseline.Ordinal).ThenBy(w => w.Section.Id.Value, StringComparer.Ordinal)];
    }
}
