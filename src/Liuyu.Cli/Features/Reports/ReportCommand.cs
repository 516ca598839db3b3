using System.CommandLine;
using Liuyu.Cli.Features.Export;
using Liuyu.Domain;
using Liuyu.Reports;

namespace Liuyu.Cli.Features.Reports;

/// <summary>
/// <c>liuyu report settlement|bulletin --year Y [--month M] --out F.pdf</c>: the PDF documents the bureaus file, A4,
/// with the CJK font embedded (<see cref="CjkFont"/>).
/// </summary>
public static class ReportCommand
{
    public static Command Create(CliContext ctx)
    {
        var report = new Command("report", "write the yearly settlement statement (清算表) or a monthly accounting bulletin (核算通报) as PDF");

        report.Subcommands.Add(Sub(ctx, "settlement", $"《{SettlementPdf.Title(2023).Replace("2023", "YYYY")}》 with signature and seal lines", monthRequired: false, (s, scheme, year, _, stream, today) =>
        {
            var statement = s.Settle(scheme, year);
            if (statement.Lines.Count == 0 && statement.Adjustments.Count == 0) throw ExportCommand.NothingPosted(year);
            SettlementPdf.Write(scheme, statement, stream, today);
        }));
        report.Subcommands.Add(Sub(ctx, "bulletin", "《YYYY年M月流域横向生态保护补偿核算通报》 for one month", monthRequired: true, (s, scheme, year, month, stream, today) =>
        {
            var ym = new YearMonth(year, month!.Value);
            var lines = s.Settle(scheme, year).Lines.Where(l => l.Month == ym).ToList();
            if (lines.Count == 0)
                throw new Data.Csv.InputException(new Data.Csv.InputError("--month", null, null, Data.Csv.ErrorCodes.MonthNoLinesReport, ("month", ym), ("year", year), ("monthNumber", month)));
            BulletinPdf.Write(scheme, ym, lines, stream, today);
        }));
        return report;
    }

    private static Command Sub(CliContext ctx, string name, string description, bool monthRequired,
        Action<Storage.LiuyuStore, Scheme, int, int?, Stream, DateOnly> write)
    {
        var store = CliOptions.Store();
        var year = CliOptions.Year();
        var month = new Option<int?>("--month", "-m") { Description = "the month (1–12)", Required = monthRequired };
        var output = new Option<string>("--out", "-o") { Description = "the .pdf file to write", Required = true };
        var font = new Option<string?>("--font") { Description = $"a CJK .ttf/.otf font to embed (default ${CjkFont.EnvironmentVariable}, else {CjkFont.DefaultPaths[0]})" };
        var cmd = new Command(name, description) { store, year, output, font };
        if (monthRequired) cmd.Options.Add(month);
        cmd.SetAction(p =>
        {
            var y = CliOptions.CheckYear(p.GetValue(year));
            var m = monthRequired ? p.GetValue(month) : null;
            if (m is < 1 or > 12) throw new UsageException($"--month {m} is not a month (1–12)");
            var path = Path.GetFullPath(p.GetValue(output)!);
            if (!path.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase)) throw new UsageException($"--out {p.GetValue(output)}: the file must end in .pdf");
            CjkFont.Use(p.GetValue(font));
            using var s = CliOptions.OpenStore(p.GetValue(store)!);
            var scheme = s.LoadScheme();
            // The printing date is the one place a clock enters a document; it is not part of any digest.
            var today = DateOnly.FromDateTime(DateTime.Now);
            ExportCommand.WriteAtomically(path, stream => write(s, scheme, y, m, stream, today));
            ctx.Out.WriteLine($"wrote {path}");
            return LiuyuCli.Ok;
        });
        return cmd;
    }
}
