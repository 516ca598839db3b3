using System.CommandLine;
using Liuyu.Data.Contracts;
using Liuyu.Application.UseCases;
using Spectre.Console;

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
            // Settled once: the statement, its progress and the chain head of the year it was made from.
            var settled = SettleYear.Run(s, y);
            if (p.GetValue(json))
            {
                ctx.WriteUtf8Line(stream => AccountingJson.Write(stream, settled.Statement, settled.Head is { } h ? (h.LastSequence, h.Head) : null));
            }
            else
            {
                var console = ctx.Console();
                // The progress digests the whole statement (0.15 s on a national year): worked out on the other core while
                // the statement is rendered, which reads the same statement and scheme and changes neither.
                var progress = Task.Run(() => settled.Progress);
                StatementView.Render(console, settled.Scheme, settled.Statement);
                RenderProgress(console, settled.Scheme, progress.GetAwaiter().GetResult());
                if (settled.Head is { } head) ctx.Out.WriteLine($"台账链头 chain head (line {head.LastSequence}): {head.Head}");
            }
            return LiuyuCli.Ok;
        });
        return cmd;
    }

    /// <summary>R-SET-1 认定: a party confirms its amounts for the year (on all its rivers, or one).</summary>
    public static Command Confirm(CliContext ctx)
    {
        var store = CliOptions.Store();
        var year = CliOptions.Year();
        var party = new Option<string>("--party", "-p") { Description = "the confirming party's id", Required = true };
        var river = new Option<string?>("--river", "-r") { Description = "only this river" };
        var who = CliOptions.Who();
        var cmd = new Command("confirm", "a party confirms the year's amounts (认定, R-SET-1)") { store, year, party, river, who };
        cmd.SetAction(p =>
        {
            var y = CliOptions.CheckYear(p.GetValue(year));
            using var s = CliOptions.OpenStore(p.GetValue(store)!);
            var progress = ConfirmYear.Run(s, y, new Domain.PartyId(p.GetValue(party)!), p.GetValue(river) is { } r ? new Domain.RiverId(r) : null, p.GetValue(who)!);
            RenderProgress(ctx.Console(), s.LoadScheme(), progress);
            return LiuyuCli.Ok;
        });
        return cmd;
    }

    /// <summary>R-SET-1 清算: the Finance Bureau clears the year once every party has confirmed the current statement.</summary>
    public static Command Clear(CliContext ctx)
    {
        var store = CliOptions.Store();
        var year = CliOptions.Year();
        var who = CliOptions.Who();
        var cmd = new Command("clear", "the Finance Bureau clears the year (清算, R-SET-1)") { store, year, who };
        cmd.SetAction(p =>
        {
            var y = CliOptions.CheckYear(p.GetValue(year));
            using var s = CliOptions.OpenStore(p.GetValue(store)!);
            RenderProgress(ctx.Console(), s.LoadScheme(), ClearYear.Run(s, y, p.GetValue(who)!));
            return LiuyuCli.Ok;
        });
        return cmd;
    }

    public static void RenderProgress(Spectre.Console.IAnsiConsole console, Domain.Scheme scheme, Domain.Settlement.SettlementProgress progress)
    {
        var needed = progress.Confirmed.Count + progress.Pending.Count + progress.Stale.Count;
        console.WriteLine($"认定 confirmations {progress.Confirmed.Count}/{needed}" +
            (progress.Stale.Count > 0 ? $", {progress.Stale.Count} stale (the statement changed since)" : "") +
            (progress.Cleared ? $"; 清算 cleared by {progress.Clearance!.By} {progress.Clearance.At:yyyy-MM-dd}" : progress.Clearance is not null ? "; clearance stale (the statement changed since)" : "; not cleared"));
        foreach (var (river, party) in progress.Pending.Take(20))
            console.WriteLine($"  awaiting {scheme.Name(party)} on {scheme.River(river).Name}");
        if (progress.Pending.Count > 20) console.WriteLine($"  … and {progress.Pending.Count - 20} more");
    }

    public static Command Close(CliContext ctx)
    {
        var store = CliOptions.Store();
        var year = CliOptions.Year();
        var who = CliOptions.Who();
        var force = new Option<bool>("--without-clearance") { Description = "close even though the Finance Bureau has not cleared the current statement" };
        var cmd = new Command("close", "close a cleared year: it accepts no new lines; later revisions post as adjustments in the next open year") { store, year, who, force };
        cmd.SetAction(p =>
        {
            var y = CliOptions.CheckYear(p.GetValue(year));
            using var s = CliOptions.OpenStore(p.GetValue(store)!);
            CloseYear.Run(s, y, p.GetValue(who)!, requireClearance: !p.GetValue(force));
            ctx.Out.WriteLine($"{y} closed");
            return LiuyuCli.Ok;
        });
        return cmd;
    }
}
