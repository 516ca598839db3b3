using Spectre.Console;

namespace Liuyu.Cli.Features.Account;

/// <summary><c>liuyu account --store</c>: into a store's ledger (the full CLI; the native front hands it over).</summary>
public static partial class AccountCommand
{
    private static int IntoStore(CliContext ctx, string location, int year, int? month, bool json)
    {
        using var s = CliOptions.OpenStore(location);
        var r = Application.UseCases.AccountPeriod.Run(s, year, month);
        if (json)
        {
            ctx.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(new
            {
                scope = r.Scope, outcomes = r.Outcomes, unchanged = r.Unchanged, posted = r.Posted, reversed = r.Reversed, adjustments = r.Adjustments,
            }));
            return LiuyuCli.Ok;
        }
        var console = ctx.Console();
        console.Write(new Table().AddColumn("scope").AddColumn("section-months").AddColumn("unchanged").AddColumn("posted").AddColumn("reversed").AddColumn("adjustments")
            .AddRow(r.Scope, r.Outcomes.ToString(), r.Unchanged.ToString(), r.Posted.ToString(), r.Reversed.ToString(), r.Adjustments.ToString()));
        return LiuyuCli.Ok;
    }
}
