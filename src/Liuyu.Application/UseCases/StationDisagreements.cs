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
        if (imported.Count == 0) return [];
        var list = new List<StationDisagreement>();
        foreach (var m in store.StationMonthsBetween(new YearMonth(year, 1), new YearMonth(year, 12)))
        {
            var e = m.Evaluation;
            if (!e.UsesStation || e.Evaluation.Class is not { } stationClass) continue;
            if (!imported.TryGetValue((m.Section, e.Month), out var official) || !scheme.HasSection(m.Section)) continue;
            var section = scheme.Section(m.Section);
            if (!visible(section) || official.ImportedClass == stationClass) continue;
            list.Add(new StationDisagreement(section, e.Month, stationClass, [.. e.Evaluation.Deciding.Select(i => i.Key)], Math.Round(e.Completeness, 4), e.Required,
                official.ImportedClass, official.ImportedSource ?? ResultSource.Unspecified, official.ImportedRevision ?? 0));
        }
        return [.. list.OrderBy(d => d.Month).ThenBy(d => d.Section.Id.Value, StringComparer.Ordinal)];
    }
}
