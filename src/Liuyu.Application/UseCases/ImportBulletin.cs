using Liuyu.Data.Bulletins;
using Liuyu.Data.Csv;
using Liuyu.Domain;

namespace Liuyu.Application.UseCases;

/// <summary>
/// A bulletin or year table as published (<see cref="BulletinReader"/>), all or nothing. After the import, a year whose
/// assessment sections have results but no target is flagged (<see cref="MissingTargets"/>): its lines would book ¥0.
/// </summary>
public static class ImportBulletin
{
    public static ImportReport Run(ILiuyuStore store, string path, string who, YearMonth? month = null) => Run(store, path, who, new BulletinOptions(month));

    public static ImportReport Run(ILiuyuStore store, string path, string who, BulletinOptions options)
    {
        var report = store.ImportBulletin(path, who, options);
        var years = store.YearsOfBatch(report.BatchId).ToList();
        var missing = MissingTargets.Warnings(store, years, Path.GetFileName(path));
        return missing.Count == 0 ? report : report with { Warnings = [.. missing, .. report.Warnings] };
    }
}

/// <summary>
/// A month with results but no target for its year (R-BASE-1 finds no baseline, so its lines book ¥0): said as a warning
/// (<see cref="ErrorCodes.TargetsMissing"/>) on the import preview, the overview and the settlement page, never silently.
/// </summary>
public static class MissingTargets
{
    /// <summary>How many section names a warning lists before "…".</summary>
    public const int NamesShown = 5;

    public static IReadOnlyList<InputError> Warnings(ILiuyuStore store, IReadOnlyCollection<int> years, string file) =>
        store.ResultsWithoutTarget(years).GroupBy(x => x.Year).Select(g =>
        {
            var names = g.Select(x => x.Section.Name).ToList();
            var shown = string.Join("、", names.Take(NamesShown)) + (names.Count > NamesShown ? "…" : "");
            return new InputError(file, null, null, ErrorCodes.TargetsMissing, ("year", g.Key), ("count", names.Count), ("sections", shown));
        }).ToList();
}
