using System.CommandLine;
using Liuyu.Data.Statements;

namespace Liuyu.Cli.Features.Export;

/// <summary>
/// <c>liuyu export ledger|settlement --year Y --out F.xlsx</c>: the workbooks the bureaus exchange (R-SET-2): a summary
/// sheet per party, one sheet per river, the pairs; totals are formulas a reader can check.
/// </summary>
public static class ExportCommand
{
    public static Command Create(CliContext ctx)
    {
        var export = new Command("export", "write the ledger or the settlement statement of a year as an .xlsx workbook");
        export.Subcommands.Add(Sub(ctx, "ledger", "the ledger (台账) of a year: every line posted into it, postings and reversals", Application.UseCases.DocumentKind.LedgerWorkbook));
        export.Subcommands.Add(Sub(ctx, "settlement", "the yearly settlement statement (清算表)", Application.UseCases.DocumentKind.SettlementWorkbook));
        return export;
    }

    private static Command Sub(CliContext ctx, string name, string description, Application.UseCases.DocumentKind kind)
    {
        var store = CliOptions.Store();
        var year = CliOptions.Year();
        var output = new Option<string>("--out", "-o") { Description = "the .xlsx file to write", Required = true };
        var cmd = new Command(name, description) { store, year, output };
        cmd.SetAction(p =>
        {
            var y = CliOptions.CheckYear(p.GetValue(year));
            var path = Path.GetFullPath(p.GetValue(output)!);
            if (!path.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase)) throw new UsageException($"--out {p.GetValue(output)}: the file must end in .xlsx");
            using var s = CliOptions.OpenStore(p.GetValue(store)!);
            WriteAtomically(path, stream => Application.UseCases.WriteDocument.Run(s, kind, y, null, stream, DateOnly.FromDateTime(DateTime.Now)));
            ctx.Out.WriteLine($"wrote {path}");
            return LiuyuCli.Ok;
        });
        return cmd;
    }

    /// <summary>Writes beside the target and renames, so a failed export never leaves half a file under the final name.</summary>
    internal static void WriteAtomically(string path, Action<Stream> write)
    {
        var dir = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(dir)) throw new Data.Csv.InputException(new Data.Csv.InputError("--out", null, null, Data.Csv.ErrorCodes.FolderMissing, ("folder", dir)));
        var temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = File.Create(temp)) write(stream);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
