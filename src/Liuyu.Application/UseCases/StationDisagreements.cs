using Liuyu.Domain;
using Liuyu.Domain.Accounting;

namespace Liuyu.Application.UseCases;

/// <summary>
/// A section-month where the stations' class (complete enough to count, R-DATA-3) and the latest imported result differ;
/// the imported one wins (R-DATA-1/2, <see cref="ResultPrecedence"/>), and this is where the difference is seen.
/// </summary>
public sealed record StationDisagreement(Section Section, YearMonth Month, WaterClass StationClass, IReadOnlyList<string> Deciding, decimal Completeness, decimal Required,
    WaterClass? ImportedClass, ResultSource ImportedSource, int ImportedRevision);

/// <summary>Issue 14 item 4: the disagreements between the stations' classes and the imported results of a year, by month then section.</summary>
public static class StationDisagreements
{
    public static IReadOnlyList<StationDisagreement> Of(ILiuyuStore store, Scheme scheme, int year, Func<Section, bool> visible)
    {
        var imported = store.OfficialMonths(year).Where(o => o.Imported).ToDictionary(o => (o.Section, o.Month));
        var sections = store.Stations().Select(s => s.Section).Distinct().Where(id => scheme.HasSection(id) && visible(scheme.Section(id))).ToList();
        var list = new List<StationDisagreement>();
        // Only the section-months with an imported result are evaluated.
        foreach (var month in YearMonth.MonthsOf(year))
        {
            var withResult = sections.Where(s => imported.ContainsKey((s, month))).ToList();
            if (withResult.Count == 0) continue;
            foreach (var m in store.StationMonthsBetween(month, month, withResult))
            {
                var e = m.Evaluation;
                if (!e.UsesStation || e.Evaluation.Class is not { } stationClass) continue;
                var official = imported[(m.Section, e.Month)];
                if (official.ImportedClass == stationClass) continue;
                list.Add(new StationDisagreement(scheme.Section(m.Section), e.Month, stationClass, [.. e.Evaluation.Deciding.Select(i => i.Key)], Math.Round(e.Completeness, 4),
                    e.Required, official.ImportedClass, official.ImportedSource ?? ResultSource.Unspecified, official.ImportedRevision ?? 0));
            }
        }
        return [.. list.OrderBy(d => d.Month).ThenBy(d => d.Section.Id.Value, StringComparer.Ordinal)];
    }
}
