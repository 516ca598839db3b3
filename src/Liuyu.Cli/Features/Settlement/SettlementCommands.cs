using System.CommandLine;
using Liuyu.Data.Contracts;

namespace Liuyu.Cli.Features.Settlement;

/// <summary><c>liuyu settle</c> prints a year's statement; <c>liuyu close</c> closes the year (R-SET-1, R-LEDGER-4).</summary>
public static class SettlementCommands
{
    public static Command Settle(CliContext ctx)
    {
        var store = CliOptions.Store();
        var year = CliOptions.Year();
        var json = CliOptions.Json();
        var cmd = new Command("settle", "the yearly settlement statement (按年清缴) from the ledger") { store, year, json };
        cmd.SetAction(p =>
        {
            var y = CliOptions.CheckYear(p.GetValue(year));
            using var s = CliOptions.OpenStore(p.GetValue(store)!);
            var scheme = s.LoadScheme();
            var statement = s.Settle(scheme, y);
            if (p.GetValue(json)) ctx.Out.WriteLine(AccountingJson.ToJson(statement));
            else StatementView.Render(ctx.Console(), scheme, statement);
            return LiuyuCli.Ok;
        });
        return cmd;
    }

    public static Command Close(CliContext ctx)
    {
        var store = CliOptions.Store();
        var year = CliOptions.Year();
        var who = CliOptions.Who();
        var cmd = new Command("close", "close a settled year: it accepts no new lines; later revisions post as adjustments in the next open year") { store, year, who };
        cmd.SetAction(p =>
        {
            var y = CliOptions.CheckYear(p.GetValue(year));
            using var s = CliOptions.OpenStore(p.GetValue(store)!);
            s.CloseYear(y, p.GetValue(who)!);
            ctx.Out.WriteLine($"{y} closed");
            return LiuyuCli.Ok;
        });
        return cmd;
    }
}
