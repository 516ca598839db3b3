using System.CommandLine;
using Spectre.Console;

namespace Liuyu.Cli.Features.Bulletin;

/// <summary>
/// <c>liuyu bulletin import --file F.xlsx [--month YYYY-MM]</c>: the monthly water-quality bulletin as published
/// (section name or id, river, month, class) into the store's results, all or nothing.
/// </summary>
public static class BulletinCommand
{
    public static Command Create(CliContext ctx)
    {
        var store = CliOptions.Store();
        var file = new Option<string>("--file", "-f") { Description = "the bulletin sheet (.xlsx, .xls or .csv): section name or id [断面名称], river [河流], month [月份], class [水质类别]", Required = true };
        var month = new Option<string?>("--month", "-m") { Description = "the bulletin's month (YYYY-MM) when the sheet has no month column; must agree with it otherwise" };
        var who = CliOptions.Who();
        var import = new Command("import", "import a monthly bulletin sheet; sections are matched by id or exact name on their river, never guessed") { store, file, month, who };
        var limits = new ReadLimitOptions(import);
        import.SetAction(p =>
        {
            using var bounds = limits.Enter(p);
            var m = p.GetValue(month) is { } text ? CliOptions.ParseMonth(text, "--month") : (Domain.YearMonth?)null;
            using var s = CliOptions.OpenStore(p.GetValue(store)!);
            var report = Application.UseCases.ImportBulletin.Run(s, p.GetValue(file)!, p.GetValue(who)!, m);
            foreach (var w in report.Warnings) ctx.Error.WriteLine($"warning: {w}");
            var console = ctx.Console();
            console.WriteLine($"import batch {report.BatchId} committed from {Path.GetFileName(p.GetValue(file)!)}: " +
                $"{report.Inserted.GetValueOrDefault("results")} new results, {report.Updated.GetValueOrDefault("results")} revised (复核); unchanged rows add nothing");
            console.WriteLine("run 'liuyu account --year YYYY [--month M]' to post them to the ledger");
            return LiuyuCli.Ok;
        });
        return new Command("bulletin", "monthly water-quality bulletins (水质通报)") { import };
    }
}
