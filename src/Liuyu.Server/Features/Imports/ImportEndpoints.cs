using Liuyu.Application.UseCases;
using System.Globalization;
using System.Security.Claims;
using Liuyu.Data.Bulletins;
using Liuyu.Data.Csv;
using Liuyu.Data.Samples;
using Liuyu.Data.Scenario;
using Liuyu.Data.Spreadsheets;
using Liuyu.Domain;
using Liuyu.Domain.Quality;
using Liuyu.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Liuyu.Server.Features.Imports;

/// <summary>One uploaded file (a CSV, or a sheet of a workbook): data rows read, rows that pass, rows rejected.</summary>
/// <param name="Rows">Null when the file cannot even be read as a table (its error says why).</param>
/// <param name="Skipped">Rows of a bulletin whose section is not a registered compensation section (不在补偿断面名录中): listed among the warnings, not stored.</param>
public sealed record ImportFileView(string File, string? Table, int? Rows, int Accepted, int Rejected, int Skipped = 0);
/// <summary>
/// A rejected row: file (<c>book.xlsx[sheet]</c> for a workbook), row as the spreadsheet numbers it, column as written,
/// the English message and the code with its arguments that the page words (<see cref="ErrorCodes"/>). A warning has the same shape.
/// </summary>
public sealed record ImportErrorView(string File, int? Row, string? Column, string Message, string Code, IReadOnlyDictionary<string, string> Args);
public sealed record SamplesView(int Read, int Stored, int AlreadyStored, int Recomputed, int Changed);
public sealed record ImportCountsView(long? BatchId, IReadOnlyDictionary<string, int> Inserted, IReadOnlyDictionary<string, int> Updated, IReadOnlyList<ImportErrorView> Warnings, SamplesView? Samples);
public sealed record AccountingView(string Scope, int Outcomes, int Posted, int Reversed, int Adjustments);
public sealed record LedgerLineChangeView(
    string Section, string River, string Month, string Purpose,
    string? RuleBefore, string? PayerBefore, string? PayeeBefore, long? AmountBeforeFen,
    string? RuleAfter, string? PayerAfter, string? PayeeAfter, long? AmountAfterFen);
public sealed record PartyNetView(string Party, long ChangeFen);
/// <param name="LinesTotal">Every changed line; <see cref="Lines"/> holds the first <see cref="ImportEndpoints.MaxLinesShown"/>.</param>
public sealed record LedgerChangeView(IReadOnlyList<AccountingView> Accounting, int LinesTotal, IReadOnlyList<LedgerLineChangeView> Lines, IReadOnlyList<PartyNetView> Net);
/// <param name="Dataset">The store's dataset after the import: "demo" (示例) stays demo, see docs/web.md.</param>
public sealed record ImportResultView(string Kind, bool DryRun, string? Dataset, string Source, IReadOnlyList<ImportFileView> Files, ImportCountsView Report, LedgerChangeView? Ledger);
/// <param name="ByCode">The code of <see cref="By"/> when the server itself imported (<see cref="ServerWords"/>), for the page to word.</param>
/// <param name="SourceCode">The code of <see cref="Source"/> when the server named it (the demo dataset).</param>
public sealed record ImportBatchView(long Id, DateTimeOffset At, string By, string Source, int Rows, string Summary, string? ByCode, string? SourceCode);

/// <summary>
/// 数据导入: CSV or XLSX uploads into the store through the same readers and store methods as the CLI (<c>liuyu import
/// --data</c>, <c>bulletin import</c>, <c>samples import</c>), all or nothing. A rejected row rejects the upload (422,
/// every error with file, row and column); a dry run goes through the real import in a rolled-back transaction. After
/// an import the years it touched are accounted and the changed ledger lines are reported.
/// </summary>
public static class ImportEndpoints
{
    public const long MaxBytes = 50L * 1024 * 1024;
    public const int MaxLinesShown = 500;

    public const string Scenario = "scenario", Bulletin = "bulletin", Samples = "samples";

    /// <summary>Who may import what (docs/web.md). Exemptions are applied for and approved on the 免责 page, never uploaded.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Allowed = new Dictionary<string, string[]>
    {
        ["results"] = [Roles.MonitoringCentre, Roles.EcologyBureau],
        [Bulletin] = [Roles.MonitoringCentre, Roles.EcologyBureau],
        [Samples] = [Roles.MonitoringCentre, Roles.EcologyBureau],
        ["targets"] = [Roles.EcologyBureau],
        ["parties"] = [Roles.EcologyBureau],
        ["rivers"] = [Roles.EcologyBureau],
        ["sections"] = [Roles.EcologyBureau],
        ["joint_activities"] = [Roles.EcologyBureau],
        ["stations"] = [Roles.MonitoringCentre, Roles.EcologyBureau],
        ["agreements"] = [Roles.EcologyBureau, Roles.FinanceBureau],
        // R-EXT-1: the base flows are set like targets; the monthly flows are measured like results.
        ["quantity_targets"] = [Roles.EcologyBureau],
        ["flows"] = [Roles.MonitoringCentre, Roles.EcologyBureau],
        ["signatures"] = [Roles.EcologyBureau, Roles.FinanceBureau],
        ["policy"] = [Roles.EcologyBureau, Roles.FinanceBureau],
        ["payments"] = [Roles.FinanceBureau],
        ["substitutes"] = [Roles.FinanceBureau],
        ["exemptions"] = [],
    };

    /// <summary>The tables of a scenario (formats.md), with the columns their files are read with.</summary>
    private static readonly Dictionary<string, ColumnSpec[]> Tables = new()
    {
        ["parties"] = ScenarioReader.Columns.Parties,
        ["rivers"] = ScenarioReader.Columns.Rivers,
        ["sections"] = ScenarioReader.Columns.Sections,
        ["targets"] = ScenarioReader.Columns.Targets,
        ["results"] = ScenarioReader.Columns.Results,
        ["agreements"] = ScenarioReader.Columns.Agreements,
        ["signatures"] = ScenarioReader.Columns.Signatures,
        ["exemptions"] = ScenarioReader.Columns.Exemptions,
        ["payments"] = ScenarioReader.Columns.Payments,
        ["substitutes"] = ScenarioReader.Columns.Substitutes,
        ["policy"] = ScenarioReader.Columns.Policy,
        ["joint_activities"] = ScenarioReader.Columns.JointActivities,
        ["quantity_targets"] = ScenarioReader.Columns.QuantityTargets,
        ["flows"] = ScenarioReader.Columns.Flows,
        ["stations"] = ScenarioReader.Columns.Stations,
    };

    /// <summary>
    /// Tables whose rows can change the ledger of the years they name only (results) or of no year (payments, joint
    /// activities): an import of only these accounts the batch's own years. Any other table (registry, targets,
    /// agreements, policy, signatures, substitutes) may change any year, so every year with lines is accounted again.
    /// </summary>

    public static readonly string[] Importers = [Roles.MonitoringCentre, Roles.EcologyBureau, Roles.FinanceBureau];

    public static void MapImports(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/imports").WithTags("Imports");
        g.MapGet("/", History).RequireAuthorization(p => p.RequireRole([.. Importers, Roles.Auditor]));
        g.MapPost("/", Upload)
            .LimitUploadTo(MaxBytes, ErrorCodes.UploadTooLargeImport)
            .AddEndpointFilter<AntiforgeryFilter>()
            // No Accepts<IFormFile> metadata: it would answer another content type with a bare 415 instead of naming the field.
            .RequireAuthorization(p => p.RequireRole(Importers));
    }

    private static Ok<List<ImportBatchView>> History(StoreAccess store) => TypedResults.Ok(store.Read(s =>
        s.ImportBatches().OrderByDescending(b => b.Id).Take(200)
            .Select(b => new ImportBatchView(b.Id, b.ImportedAt, b.ImportedBy, b.Source, b.Rows, b.Summary, ServerWords.CodeOf(b.ImportedBy), ServerWords.CodeOf(b.Source))).ToList()));

    private static async Task<IResult> Upload(HttpContext http, ClaimsPrincipal user, StoreAccess store, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType) return Problem.Invalid("file", ErrorCodes.UploadNotMultipart, ("field", "file"));
        IFormCollection form;
        try { form = await http.Request.ReadFormAsync(ct); }
        catch (InvalidDataException e) { return Problem.Invalid("file", ErrorCodes.UploadUnreadable, ("reason", e.Message)); }

        var kind = form["kind"].ToString().Trim().ToLowerInvariant();
        if (kind is not (Scenario or Bulletin or Samples))
            return Problem.Invalid("kind", ErrorCodes.ImportKindInvalid, ("value", form["kind"].ToString()));
        bool dryRun;
        switch (form["dryRun"].ToString().Trim().ToLowerInvariant())
        {
            case "" or "false": dryRun = false; break;
            case "true": dryRun = true; break;
            default: return Problem.Invalid("dryRun", ErrorCodes.BooleanInvalid, ("value", form["dryRun"].ToString()));
        }
        YearMonth? month = null;
        if (form["month"].ToString() is { Length: > 0 } monthText)
        {
            if (kind != Bulletin) return Problem.Invalid("month", ErrorCodes.MonthOnlyBulletin);
            if (!YearMonth.TryParse(monthText, out var m)) return Problem.Invalid("month", ErrorCodes.MonthInvalid, ("value", monthText));
            month = m;
        }
        // A year table's year (1月 … 12月 columns) and whether its target column is imported: bulletins only.
        int? year = null;
        if (form["year"].ToString().Trim() is { Length: > 0 } yearText)
        {
            if (kind != Bulletin) return Problem.Invalid("year", ErrorCodes.YearOnlyBulletin);
            if (!int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var y) || y is < 1900 or > 9999)
                return Problem.Invalid("year", ErrorCodes.YearInvalid, ("value", yearText));
            year = y;
        }
        bool importTargets;
        switch (form["targets"].ToString().Trim().ToLowerInvariant())
        {
            case "" or "false": importTargets = false; break;
            case "true": importTargets = true; break;
            default: return Problem.Invalid("targets", ErrorCodes.BooleanInvalid, ("value", form["targets"].ToString()));
        }

        var files = form.Files.GetFiles("file").ToList();
        var sectionsFiles = form.Files.GetFiles("sections");
        if (files.Count == 0) return Problem.Invalid("file", ErrorCodes.FileNone, ("field", "file"));
        // Every file an upload brings is read within the server's bounds (ReadLimits.Server, or the one registered).
        var limits = http.RequestServices.GetService<ReadLimits>() ?? ReadLimits.Server;
        if (form.Files.Count > limits.MaxFiles)
            return Problem.Invalid("file", ErrorCodes.UploadFilesTooMany, ("count", form.Files.Count), ("max", limits.MaxFiles));
        foreach (var (f, field) in files.Select(f => (f, "file")).Concat(sectionsFiles.Select(f => (f, "sections"))))
        {
            var ext = Path.GetExtension(f.FileName).ToLowerInvariant();
            if (ext is not (".csv" or ".xlsx" or ".xlsm" or ".xls"))
                return Problem.Invalid(field, ErrorCodes.FileTypeInvalid, ("name", f.FileName));
        }
        if (sectionsFiles.Count > 0 && kind != Samples)
            return Problem.Invalid("sections", ErrorCodes.SectionsOnlySamples);
        if (sectionsFiles.Count > 1) return Problem.Invalid("sections", ErrorCodes.SectionsTooMany, ("count", sectionsFiles.Count));
        // Samples take a second, optional file: the sections profiles (`liuyu samples import --sections`), in the field
        // `sections` or as a second `file` told apart by its header.
        var profilesAmongFiles = kind == Samples && sectionsFiles.Count == 0 && files.Count == 2;
        var maxFiles = profilesAmongFiles ? 2 : 1;
        if (kind != Scenario && files.Count > maxFiles)
            return kind == Samples
                ? Problem.Invalid("file", ErrorCodes.SamplesFilesTooMany, ("count", files.Count + sectionsFiles.Count))
                : Problem.Invalid("file", ErrorCodes.ImportFilesTooMany, ("kind", kind), ("count", files.Count));
        var books = files.Count(f => Workbook.IsWorkbookPath(f.FileName));
        if (kind == Scenario && books > 0 && files.Count > 1)
            return Problem.Invalid("file", ErrorCodes.WorkbookAndCsv);

        if (kind != Scenario && !Permitted(user, kind))
            return Problem.Forbidden(ErrorCodes.ImportForbidden, ("kind", kind), ("roles", string.Join(", ", Allowed[kind])));
        if (importTargets && !Permitted(user, "targets"))
            return Problem.Forbidden([new InputError("targets", null, null, ErrorCodes.TableForbidden, ("table", "targets"), ("roles", string.Join(", ", Allowed["targets"])))]);

        var folder = Path.Combine(Path.GetTempPath(), "liuyu-import-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        // The client leaving (RequestAborted) or the time budget running out stops the reading and the import alike.
        using var scope = ReadLimits.Enter(limits, ct);
        try
        {
            // The uploads under their own names (a scenario CSV under its table's name), as the CLI reads a folder.
            var saved = new List<(string Path, string Name)>();
            foreach (var f in files)
            {
                var name = Path.GetFileName(f.FileName.Replace('\\', '/'));
                if (kind == Scenario && books == 0)
                {
                    var table = Path.GetFileNameWithoutExtension(name).Trim().ToLowerInvariant();
                    if (!Tables.ContainsKey(table))
                        return Problem.Invalid("file", ErrorCodes.FileNotATable, ("name", name), ("tables", string.Join(", ", Tables.Keys.Select(t => t + ".csv"))));
                    if (saved.Any(s => s.Name.Equals(table + ".csv", StringComparison.OrdinalIgnoreCase)))
                        return Problem.Invalid("file", ErrorCodes.FileGivenTwice, ("name", table + ".csv"));
                    name = table + ".csv";
                }
                var path = Path.Combine(folder, name);
                if (File.Exists(path)) return Problem.Invalid("file", ErrorCodes.FileNamesClash, ("name", name));
                await using (var target = File.Create(path)) await f.CopyToAsync(target, ct);
                saved.Add((path, name));
            }
            if (sectionsFiles.Count == 1)
            {
                var name = Path.GetFileName(sectionsFiles[0].FileName.Replace('\\', '/'));
                var path = Path.Combine(folder, name);
                if (File.Exists(path)) return Problem.Invalid("sections", ErrorCodes.SectionsNameClash, ("name", name));
                await using (var target = File.Create(path)) await sectionsFiles[0].CopyToAsync(target, ct);
                saved.Add((path, name));
            }

            // The sections profile file of a samples import: the `sections` field, or the one of two files whose header names
            // the profile's columns (id, water_body, tn) rather than a sample's (section, sampled_at, indicator, value).
            string? profilesPath = null;
            if (sectionsFiles.Count == 1) profilesPath = saved[^1].Path;
            else if (profilesAmongFiles)
            {
                List<(string Path, string Name)> profiles;
                try { profiles = saved.Where(f => IsProfileFile(f.Path)).ToList(); }
                catch (InputException e) { return Rejected(e, [], folder); }
                if (profiles.Count != 1)
                    return Problem.Invalid("sections", profiles.Count == 0 ? ErrorCodes.ProfilesNone : ErrorCodes.ProfilesBoth, ("files", string.Join(", ", saved.Select(f => f.Name))));
                profilesPath = profiles[0].Path;
                saved = [.. saved.Where(f => f.Path != profilesPath), profiles[0]];
            }

            List<Counted> counted;
            try { counted = Count(kind, saved, profilesPath); }
            catch (InputException e) { return Rejected(e, [], folder); }

            if (kind == Scenario)
            {
                var refused = counted.Select(c => c.Table!).Distinct().Where(t => !Permitted(user, t)).ToList();
                if (refused.Count > 0)
                    return Problem.Forbidden(refused.Select(t => Allowed[t].Length == 0
                        ? new InputError(t, null, null, ErrorCodes.TableNotImported, ("table", t))
                        : new InputError(t, null, null, ErrorCodes.TableForbidden, ("table", t), ("roles", string.Join(", ", Allowed[t])))).ToList());
            }

            var source = string.Join(", ", saved.Select(s => s.Name));
            var who = user.Identity?.Name ?? ServerWords.Anonymous;
            try
            {
                var bulletin = new BulletinOptions(month, year, importTargets);
                var result = store.Write(user, s => Run(s, kind, dryRun, saved, folder, source, who, bulletin, profilesPath, limits, scope.Token));
                return TypedResults.Ok(result with { Files = Views(counted, [], result.Report.Warnings) });
            }
            catch (InputException e) { return Rejected(e, counted, folder); }
        }
        catch (OperationCanceledException) when (scope.OverBudget)
        {
            return Rejected(scope.BudgetExceeded(string.Join(", ", files.Select(f => Path.GetFileName(f.FileName)))), [], folder);
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static bool Permitted(ClaimsPrincipal user, string table) =>
        Allowed.TryGetValue(table, out var roles) && roles.Any(user.IsInRole);

    /// <summary>Parses nothing itself: the upload is imported and accounted by the use case (<see cref="ImportUpload"/>); this renders it.</summary>
    private static ImportResultView Run(ILiuyuStore s, string kind, bool dryRun, List<(string Path, string Name)> saved, string folder, string source, string who, BulletinOptions bulletin, string? profilesPath,
        ReadLimits limits, CancellationToken cancel)
    {
        // A scenario of CSV files is read as a folder (as `liuyu import --data DIR`); a workbook or a single sheet as the file.
        var path = kind == Scenario && !Workbook.IsWorkbookPath(saved[0].Path) ? folder : saved[0].Path;
        var upload = kind switch { Scenario => UploadKind.Scenario, Bulletin => UploadKind.Bulletin, _ => UploadKind.Samples };
        var r = ImportUpload.Run(s, upload, path, dryRun, source, who, bulletin.Month, profilesPath is null ? null : known => ReadProfiles(profilesPath, known), limits, cancel, bulletin);
        var samples = r.Samples is { } x ? new SamplesView(x.Read, x.Stored, x.AlreadyStored, x.Recomputed, x.Changed) : null;
        var counts = new ImportCountsView(r.BatchId, r.Inserted, r.Updated, r.Warnings.Select(w => View(w, folder)).ToList(), samples);
        return new ImportResultView(kind, dryRun, r.Dataset, source, [], counts, View(r.Ledger));
    }

    private static LedgerChangeView View(ImportLedgerChange c) => new(
        c.Accounting.Select(a => new AccountingView(a.Scope, a.Outcomes, a.Posted, a.Reversed, a.Adjustments)).ToList(),
        c.Lines.Count,
        c.Lines.OrderBy(l => l.Month).ThenBy(l => l.Section.Value, StringComparer.Ordinal).Take(MaxLinesShown)
            .Select(l => new LedgerLineChangeView(l.Section.Value, l.River.Value, l.Month.ToString(), l.Purpose,
                l.Before?.Rule, l.Before?.Payer?.Value, l.Before?.Payee?.Value, l.Before?.Amount.Value,
                l.After?.Rule, l.After?.Payer?.Value, l.After?.Payee?.Value, l.After?.Amount.Value)).ToList(),
        c.Net.OrderBy(kv => kv.Value.Value).Select(kv => new PartyNetView(kv.Key.Value, kv.Value.Value)).ToList());

    /// <summary>A sections profile file (<see cref="SectionProfileReader"/>): a CSV file, or a workbook's <c>sections</c> sheet (else its first).</summary>
    private static IReadOnlyDictionary<string, SectionProfile> ReadProfiles(string path, IReadOnlySet<string> known)
    {
        var name = Path.GetFileName(path);
        if (!Workbook.IsWorkbookPath(path)) return SectionProfileReader.Read(CsvTable.Parse(name, File.ReadAllBytes(path), SectionProfileReader.Columns), known);
        using var book = Workbook.Open(path);
        return SectionProfileReader.Read(SheetTable.Read(book, SectionProfileReader.SheetOf(book), SectionProfileReader.Columns), known);
    }

    private static readonly string[] ProfileHeaders = ["water_body", "水体", "tn", "总氮"];
    private static readonly string[] SampleHeaders = ["indicator", "指标", "sampled_at", "采样时间"];

    /// <summary>
    /// Whether a file's header is that of a sections profile file: it names water_body or tn (水体, 总氮), or an id (编码)
    /// without a sample's indicator or sampling time. A workbook's header is looked for in the first rows of its
    /// <c>sections</c> sheet (else its first), as titles may stand above it.
    /// </summary>
    private static bool IsProfileFile(string path)
    {
        var words = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        void Add(string? cell) { if (cell?.Trim().Trim('"', '\uFEFF').Trim() is { Length: > 0 } w) words.Add(w); }
        if (Workbook.IsWorkbookPath(path))
        {
            using var book = Workbook.Open(path);
            foreach (var (_, cells) in book.Rows(SectionProfileReader.SheetOf(book)).Take(12))
                foreach (var c in cells) Add(Convert.ToString(c, CultureInfo.InvariantCulture));
        }
        else
        {
            using var reader = new StreamReader(path);
            foreach (var cell in (reader.ReadLine() ?? "").Split(',')) Add(cell);
        }
        if (SampleHeaders.Any(words.Contains)) return false;
        return ProfileHeaders.Any(words.Contains) || words.Contains("id") || words.Contains("编码");
    }

    /// <summary>A file or sheet as read, before validation: its label (as errors name it), its table and its data row numbers.</summary>
    private sealed record Counted(string File, string? Table, IReadOnlyList<int>? Rows);

    /// <summary>
    /// Reads every uploaded table once with its columns (no validation) to count its rows; a file that cannot be read as
    /// a table counts none, and its error is reported by the import.
    /// </summary>
    private static List<Counted> Count(string kind, List<(string Path, string Name)> saved, string? profilesPath)
    {
        var list = new List<Counted>();
        foreach (var (path, name) in saved)
        {
            if (path == profilesPath)
            {
                if (Workbook.IsWorkbookPath(path))
                {
                    using var book = Workbook.Open(path);
                    var sheet = SectionProfileReader.SheetOf(book);
                    list.Add(Rows(SheetTable.Label(name, sheet), "sections", () => SheetTable.Read(book, sheet, SectionProfileReader.Columns, emptyAsNoRows: true)));
                }
                else list.Add(Rows(name, "sections", () => CsvTable.Parse(name, File.ReadAllBytes(path), SectionProfileReader.Columns)));
            }
            else if (kind == Bulletin)
            {
                // As the reader finds it: the header below any title rows; a table it cannot read counts no rows.
                var (label, rows) = BulletinReader.DataRows(path);
                list.Add(new Counted(label.Replace(Path.GetFileName(path), name, StringComparison.Ordinal), Bulletin, rows));
            }
            else if (Workbook.IsWorkbookPath(path))
            {
                using var book = Workbook.Open(path);
                var sheets = kind switch
                {
                    Scenario => Tables.Keys.Select(t => (t, book.Sheet(t))).Where(x => x.Item2 is not null).Select(x => (Table: x.t, Sheet: x.Item2!)).ToList(),
                    Bulletin => [(Bulletin, book.Sheet("bulletin") ?? book.Sheet("通报") ?? book.SheetNames[0])],
                    _ => [(Samples, book.Sheet("samples") ?? book.SheetNames[0])],
                };
                foreach (var (table, sheet) in sheets)
                {
                    var columns = kind == Scenario ? Tables[table] : kind == Bulletin ? BulletinReader.Columns : SampleReader.Columns;
                    list.Add(Rows(SheetTable.Label(name, sheet), table, () => SheetTable.Read(book, sheet, columns, emptyAsNoRows: true)));
                }
            }
            else
            {
                var table = kind == Scenario ? Path.GetFileNameWithoutExtension(name) : kind;
                var columns = kind == Scenario ? Tables[table] : kind == Bulletin ? BulletinReader.Columns : SampleReader.Columns;
                list.Add(Rows(name, table, () => CsvTable.Parse(name, File.ReadAllBytes(path), columns)));
            }
        }
        return list;
    }

    private static Counted Rows(string label, string table, Func<CsvTable> read)
    {
        try { return new Counted(label, table, read().Rows.Select(r => r.Number).ToList()); }
        catch (InputException) { return new Counted(label, table, null); }
    }

    private static List<ImportFileView> Views(List<Counted> counted, IReadOnlyList<ImportErrorView> errors, IReadOnlyList<ImportErrorView>? warnings = null) => counted.Select(c =>
    {
        var mine = errors.Where(e => e.File == c.File).ToList();
        if (c.Rows is null) return new ImportFileView(c.File, c.Table, null, 0, 0);
        var skipped = (warnings ?? []).Where(w => w.File == c.File && w.Code == ErrorCodes.BulletinSectionSkipped).Select(w => w.Row).Distinct().Count();
        if (skipped > 0) return new ImportFileView(c.File, c.Table, c.Rows.Count, c.Rows.Count - skipped, 0, skipped);
        var dataRows = c.Rows.ToHashSet();
        // An error not on a data row (a missing column, an unreadable file) rejects the whole file.
        var rejected = mine.Any(e => e.Row is not { } r || !dataRows.Contains(r)) ? c.Rows.Count : mine.Select(e => e.Row!.Value).Distinct().Count();
        return new ImportFileView(c.File, c.Table, c.Rows.Count, c.Rows.Count - rejected, rejected);
    }).ToList();

    /// <summary>
    /// 422: the upload is refused as a whole, nothing was written; the errors with file, row and column: the first
    /// <see cref="ReadLimits.MaxErrors"/> of them in <c>errors</c>, how many there are in <c>errorCount</c>, and
    /// <c>truncated</c> when not all are listed.
    /// </summary>
    private static ProblemHttpResult Rejected(InputException e, List<Counted> counted, string folder)
    {
        var errors = e.Errors.Select(x => View(x, folder)).ToList();
        var rows = errors.Where(x => x.Row is not null).Select(x => (x.File, x.Row)).Distinct().Count();
        // The problem's own code says what happened as a whole; each error has its own code.
        var (code, args) = rows > 0 ? (ErrorCodes.UploadRejectedRows, ErrorCodes.Args(("rows", rows))) : (ErrorCodes.UploadRejected, ErrorCodes.Args());
        return TypedResults.Problem(
            rows > 0
                ? string.Create(CultureInfo.InvariantCulture, $"{rows} row(s) rejected; nothing was imported. Correct them and upload the file again.")
                : string.Join(" ", errors.Select(x => $"{x.File}: {x.Message}")) + " Nothing was imported.",
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "The upload is rejected",
            extensions: new Dictionary<string, object?>
            {
                ["code"] = code, ["args"] = args, ["errors"] = errors, ["errorCount"] = e.Total, ["truncated"] = e.Truncated, ["files"] = Views(counted, errors),
            });
    }

    private static ImportErrorView View(InputError e, string folder) =>
        new(Relative(e.File, folder), e.Row, e.Column, e.Message, e.Code, e.Args);

    /// <summary>Errors name the uploaded file, never the temporary folder it was read from.</summary>
    private static string Relative(string file, string folder) =>
        file.StartsWith(folder, StringComparison.Ordinal) ? Path.GetRelativePath(folder, file) : file;
}
