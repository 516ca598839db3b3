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
        var year = new Option<int?>("--year", "-y") { Description = "a year table's year (1月 … 12月 columns) when its title does not say it (2023年1-12月)" };
        var targets = new Option<bool>("--targets") { Description = "also import the target column (考核水质类别, 目标, 水质目标) as the year's targets" };
        var who = CliOptions.Who();
        var import = new Command("import", "import a monthly bulletin or a year table as published; sections are matched by id, exact name or recorded alias on their river, never guessed; sections outside the scheme are skipped and listed") { store, file, month, year, targets, who };
        var limits = new ReadLimitOptions(import);
        import.SetAction(p =>
        {
            using var bounds = limits.Enter(p);
            var m = p.GetValue(month) is { } text ? CliOptions.ParseMonth(text, "--month") : (Domain.YearMonth?)null;
            using var s = CliOptions.OpenStore(p.GetValue(store)!);
            var y = p.GetValue(year);
            if (y is { } yv && yv is < 1900 or > 9999)
                throw new Data.Csv.InputException(new Data.Csv.InputError("--year", null, null, Data.Csv.ErrorCodes.YearInvalid, ("value", yv)));
            var report = Application.UseCases.ImportBulletin.Run(s, p.GetValue(file)!, p.GetValue(who)!, new Data.Bulletins.BulletinOptions(m, y, p.GetValue(targets)));
            // Notes first (how each spelling was read, rows skipped, sections without a result), then warnings.
            foreach (var w in report.Warnings.Where(w => Notes.Contains(w.Code))) ctx.Error.WriteLine($"note: {w}");
            foreach (var w in report.Warnings.Where(w => !Notes.Contains(w.Code))) ctx.Error.WriteLine($"warning: {w}");
            var console = ctx.Console();
            console.WriteLine($"import batch {report.BatchId} committed from {Path.GetFileName(p.GetValue(file)!)}: " +
                $"{report.Inserted.GetValueOrDefault("results")} new results, {report.Updated.GetValueOrDefault("results")} revised (复核); unchanged rows add nothing" +
                $"; {report.Warnings.Count(w => w.Code == Data.Csv.ErrorCodes.BulletinSectionSkipped)} rows skipped (不在补偿断面名录中)" +
                (report.Inserted.GetValueOrDefault("targets") + report.Updated.GetValueOrDefault("targets") is > 0 and var t ? $"; {t} targets" : ""));
            console.WriteLine("run 'liuyu account --year YYYY [--month M]' to post them to the ledger");
            return LiuyuCli.Ok;
        });
        return new Command("bulletin", "monthly water-quality bulletins (水质通报) and year tables") { import, AliasCommand(ctx) };
    }

    /// <summary>The reader's notes: what was read and how, as opposed to warnings that ask for action.</summary>
    private static readonly HashSet<string> Notes =
    [
        Data.Csv.ErrorCodes.BulletinClassRead, Data.Csv.ErrorCodes.BulletinNotMonitored, Data.Csv.ErrorCodes.BulletinColumnIgnored,
        Data.Csv.ErrorCodes.BulletinRiverContinued, Data.Csv.ErrorCodes.BulletinMergedFilled, Data.Csv.ErrorCodes.BulletinSectionSkipped,
        Data.Csv.ErrorCodes.BulletinSectionNotMentioned, Data.Csv.ErrorCodes.BulletinSectionAlias, Data.Csv.ErrorCodes.ColumnUnknown,
    ];

    /// <summary><c>liuyu bulletin alias --name 两河口 --section S</c>: records a published name for a section (audited); without options, lists them.</summary>
    private static Command AliasCommand(CliContext ctx)
    {
        var store = CliOptions.Store();
        var name = new Option<string?>("--name") { Description = "the section's name as published (两河口)" };
        var section = new Option<string?>("--section") { Description = "the registered section's id" };
        var who = CliOptions.Who();
        var cmd = new Command("alias", "record a published name of a section (断面别名), used by every later import; without --name, list the aliases") { store, name, section, who };
        cmd.SetAction(p =>
        {
            using var s = CliOptions.OpenStore(p.GetValue(store)!);
            var console = ctx.Console();
            if (p.GetValue(name) is { } n)
            {
                var id = p.GetValue(section) ?? throw new Data.Csv.InputException(new Data.Csv.InputError("--section", null, null, Data.Csv.ErrorCodes.SectionMissing));
                var alias = s.RecordSectionAlias(n, new Domain.SectionId(id), p.GetValue(who)!);
                console.WriteLine($"alias recorded: {alias.Name} → {alias.Section}");
                return LiuyuCli.Ok;
            }
            foreach (var a in s.SectionAliases()) console.WriteLine($"{a.Name} → {a.Section}");
            return LiuyuCli.Ok;
        });
        return cmd;
    }
}
