using Liuyu.Data.Csv;
using Liuyu.Data.Samples;
using Liuyu.Data.Scenario;
using Liuyu.Domain;
using Liuyu.Domain.Quality;

namespace Liuyu.Application.UseCases;

/// <summary>What an upload is: scenario tables, a monthly bulletin sheet, or measured samples.</summary>
public enum UploadKind
{
    Scenario,
    Bulletin,
    Samples,
}

/// <summary>What an upload imported (the batch is null after a dry run), and the ledger change it made or would make.</summary>
public sealed record UploadResult(long? BatchId, IReadOnlyDictionary<string, int> Inserted, IReadOnlyDictionary<string, int> Updated,
    IReadOnlyList<InputError> Warnings, SampleImportReport? Samples, ImportLedgerChange Ledger, string? Dataset);

/// <summary>
/// 数据导入 from the web: imports an upload all or nothing and accounts the years it touched, in one transaction with
/// both audit entries (a failed accounting leaves no half import). A dry run (校验) does the same inside a transaction
/// that is rolled back, so that its ledger change is exactly the preview of the real import's.
/// </summary>
public static class ImportUpload
{
    /// <summary>Scenario tables that never move the ledger of other years: a change to them re-accounts only the years of its own rows.</summary>
    public static readonly IReadOnlySet<string> OutsideTheLedger = new HashSet<string> { "results", "payments", "joint_activities", "stations" };

    /// <param name="path">The scenario folder or workbook, the bulletin sheet, or the samples file.</param>
    /// <param name="readProfiles">For samples: reads the sections profile file against the store's sections (null: none).</param>
    /// <param name="limits">The bounds every file is read within (null: those in force, <see cref="ReadLimits.Current"/>); its time budget bounds the whole run.</param>
    /// <param name="cancel">Cancelled when the caller goes away (the web client closed the request): the run stops and writes nothing.</param>
    /// <param name="bulletin">For a bulletin or year table: its month, year and whether to import its targets (null: <paramref name="month"/> only).</param>
    public static UploadResult Run(ILiuyuStore store, UploadKind kind, string path, bool dryRun, string source, string who, YearMonth? month,
        Func<IReadOnlySet<string>, IReadOnlyDictionary<string, SectionProfile>>? readProfiles = null, ReadLimits? limits = null, CancellationToken cancel = default,
        Data.Bulletins.BulletinOptions? bulletin = null)
    {
        using var scope = ReadLimits.Enter(limits ?? ReadLimits.Current, cancel);
        try
        {
            return Run(store, kind, path, dryRun, source, who, bulletin ?? new Data.Bulletins.BulletinOptions(month), readProfiles, scope.Token);
        }
        catch (OperationCanceledException) when (scope.OverBudget)
        {
            throw scope.BudgetExceeded(source);
        }
    }

    private static UploadResult Run(ILiuyuStore store, UploadKind kind, string path, bool dryRun, string source, string who, Data.Bulletins.BulletinOptions bulletin,
        Func<IReadOnlySet<string>, IReadOnlyDictionary<string, SectionProfile>>? readProfiles, CancellationToken cancel)
    {
        (long BatchId, IReadOnlyDictionary<string, int> Inserted, IReadOnlyDictionary<string, int> Updated, IReadOnlyList<InputError> Warnings, SampleImportReport? Samples) Import()
        {
            switch (kind)
            {
                case UploadKind.Scenario:
                {
                    var data = ScenarioReader.ReadAny(path, store.Known());
                    cancel.ThrowIfCancellationRequested();
                    // The demo store stays demo: what is uploaded to it is demo data too (the page keeps its 示例 badge).
                    var r = ImportScenario.Run(store, data, source, who, demo: store.Dataset() == Datasets.Demo);
                    return (r.BatchId, r.Inserted, r.Updated, r.Warnings, null);
                }
                case UploadKind.Bulletin:
                {
                    var r = ImportBulletin.Run(store, path, who, bulletin);
                    return (r.BatchId, r.Inserted, r.Updated, r.Warnings, null);
                }
                default:
                {
                    // Both files are read before either is refused, so that one answer names every bad row of both.
                    var errors = new List<InputError>();
                    var total = 0;
                    IReadOnlyDictionary<string, SectionProfile>? profiles = null;
                    if (readProfiles is not null)
                    {
                        try { profiles = readProfiles(store.Known().Sections.Keys.Select(k => k.Value).ToHashSet()); }
                        catch (InputException e) { errors.AddRange(e.Errors); total += e.Total; }
                    }
                    // The samples are streamed into the store as they are read (issue 10); when the profiles were refused,
                    // they are read without storing, so that the one answer still names every bad row of both files.
                    var feed = SampleFeed.Of(new FileInfo(path), new SampleProvenance(null, SampleSource.Unspecified));
                    if (errors.Count > 0)
                    {
                        try { feed.Read(_ => { }); }
                        catch (InputException e) { errors.AddRange(e.Errors); total += e.Total; }
                        throw new InputException(errors, total);
                    }
                    cancel.ThrowIfCancellationRequested();
                    var r = ImportSamples.Run(store, feed, source, who, profiles);
                    return (r.BatchId, new Dictionary<string, int> { ["samples"] = r.Stored }, new Dictionary<string, int> { ["computed_results"] = r.Changed }, r.Warnings, r);
                }
            }
        }

        UploadResult ImportAndAccount()
        {
            var report = Import();
            // Read and validated: a caller gone or a budget spent stops here, before the accounting, and nothing stays written.
            cancel.ThrowIfCancellationRequested();
            var years = store.YearsOfBatch(report.BatchId).ToHashSet();
            // A registry, target or agreement change may move any accounted year.
            if (kind == UploadKind.Scenario && report.Inserted.Keys.Concat(report.Updated.Keys).Any(t => !OutsideTheLedger.Contains(t)))
                years.UnionWith(store.LedgerYears());
            var ledger = store.AccountAfterImport(Kinds[kind], source, report.BatchId, years);
            return new UploadResult(dryRun ? null : report.BatchId, report.Inserted, report.Updated, report.Warnings, report.Samples, ledger, store.Dataset());
        }

        return dryRun ? store.Rehearse(ImportAndAccount) : store.InOneTransaction(ImportAndAccount);
    }

    /// <summary>The kind as the audit log and the API name it.</summary>
    public static readonly IReadOnlyDictionary<UploadKind, string> Kinds = new Dictionary<UploadKind, string>
    {
        [UploadKind.Scenario] = "scenario", [UploadKind.Bulletin] = "bulletin", [UploadKind.Samples] = "samples",
    };
}
