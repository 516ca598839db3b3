using System.CommandLine;
using Liuyu.Domain;
using Spectre.Console;

namespace Liuyu.Cli.Features.Agreements;

/// <summary>
/// <c>liuyu agreements</c>: per river, the agreement's term, tiers and rule family; which districts signed and which
/// are charged the basin fund (R-FUND-1); warnings for terms ending within six months (R-AGR-2) and for a river
/// with no agreement or unsigned parties after the filing deadline (R-AGR-3).
/// </summary>
public static class AgreementsCommand
{
    public static Command Create(CliContext ctx)
    {
        var store = CliOptions.Store();
        var today = new Option<string?>("--today") { Description = "the date to judge deadlines by (YYYY-MM-DD; default: today)" };
        var cmd = new Command("agreements", "agreements per river: term, tiers, signatures, basin-fund charges, warnings (R-AGR, R-FUND-1)") { store, today };
        cmd.SetAction(p =>
        {
            var date = p.GetValue(today) is { } t
                ? DateOnly.TryParseExact(t, "yyyy-MM-dd", out var d) ? d : throw new Data.Csv.InputException(new Data.Csv.InputError("--today", null, null, Data.Csv.ErrorCodes.DateInvalid, ("value", t)))
                : DateOnly.FromDateTime(TimeProvider.System.GetLocalNow().DateTime);
            using var s = CliOptions.OpenStore(p.GetValue(store)!);
            var scheme = s.LoadScheme();
            var console = ctx.Console();
            var table = new Table().AddColumn("河流").AddColumn("协议期限 term").AddColumn("标准 tiers (元)").AddColumn("签署 signatures").AddColumn("提示 warnings");
            foreach (var st in AgreementReview.Review(scheme, date))
            {
                var signatures = st.Signatures is null
                    ? ["not tracked"]
                    : st.Signatures.Select(x => x.SignedOn is { } sd ? Markup.Escape($"{scheme.Party(x.Party).Name} {sd:yyyy-MM-dd}") : $"[red]{Markup.Escape(scheme.Party(x.Party).Name)} 未签署[/]").ToList();
                table.AddRow(
                    Markup.Escape(scheme.River(st.River).Name),
                    st.Agreement is { } a ? $"{a.EffectiveFrom:yyyy-MM-dd} … {a.EffectiveTo:yyyy-MM-dd}" : "—",
                    $"{CliOptions.Yuan(st.Tiers.Tier1)} / {CliOptions.Yuan(st.Tiers.Tier2)}" + (st.Agreement is { } ag ? $" ({ag.RuleFamily})" : " (statutory)"),
                    string.Join("\n", signatures),
                    Markup.Escape(string.Join("\n", st.Warnings.Select(w => w.Message))));
            }
            console.Write(table);
            return LiuyuCli.Ok;
        });
        return cmd;
    }
}
