using System.CommandLine;
using Liuyu.Cli.Features.Settlement;
using Liuyu.Data.Contracts;
using Spectre.Console;

namespace Liuyu.Cli.Features.Account;

/// <summary>
/// <c>liuyu account</c>. With <c>--data DIR</c>: read and validate the folder as an import would, account every
/// month of the year in memory (nothing is stored), settle it and print the statement (<c>--json</c>: exactly formats.md). With a store:
/// account a year or one month into that store's ledger.
/// </summary>
public static partial class AccountCommand
{
    public static Command Create(CliContext ctx)
    {
        var data = new Option<string?>("--data", "-d") { Description = "a scenario folder or workbook (.xlsx/.xls): account it in memory (nothing is stored) and print the settlement" };
        var store = new Option<string?>("--store", "-s") { Description = "account into this store instead (SQLite path or PostgreSQL connection string)" };
        var year = CliOptions.Year();
        var month = new Option<int?>("--month", "-m") { Description = "only this month (1–12) of the year; store mode only" };
        var json = CliOptions.Json();
        var cmd = new Command("account", "account every section for a year or a month (按月核算)") { data, store, year, month, json };
        cmd.SetAction(p =>
        {
            var y = CliOptions.CheckYear(p.GetValue(year));
            var dir = p.GetValue(data);
            var storeText = p.GetValue(store);
            if (dir is not null && storeText is not null) throw new UsageException("give either --data or --store, not both");
            if (p.GetValue(month) is { } m && m is < 1 or > 12) throw new UsageException($"--month {m} is not a month (1–12)");
            if (dir is not null && p.GetValue(month) is not null) throw new UsageException("--month applies to a store (--store); with --data the whole year is accounted and settled");
            return dir is not null ? FromFolder(ctx, Path.GetFullPath(dir), y, p.GetValue(json)) : IntoStore(ctx, storeText ?? CliOptions.DefaultStore, y, p.GetValue(month), p.GetValue(json));
        });
        return cmd;
    }

    private static int FromFolder(CliContext ctx, string folder, int year, bool json)
    {
        var result = Application.UseCases.AccountScenario.Run(folder, year);
        foreach (var w in result.Warnings) ctx.Error.WriteLine($"warning: {w}");
        if (json)
        {
            ctx.WriteUtf8Line(stream => AccountingJson.Write(stream, result.Statement));
        }
        else StatementView.Render(ctx.Console(), result.Scheme, result.Statement);
        return LiuyuCli.Ok;
    }
}
