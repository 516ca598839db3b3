using System.CommandLine;
using Liuyu.Domain;
using Liuyu.Domain.Settlement;
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
                ? DateOnly.TryParseExact(t, "yyyy-MM-dd", out var d) ? d : throw new Data.Csv.InputException(new Data.Csv.InputError("--today", null, null, $"'{t}' is not a date (expected YYYY-MM-DD)"))
                : DateOnly.FromDateTime(TimeProvider.System.GetLocalNow().DateTime);
            using var s = CliOptions.OpenStore(p.GetValue(store)!);
            var scheme = s.LoadScheme();
            var console = ctx.Console();
            var policy = scheme.Policy.For(date).Parameters;
            var fund = YearlySettlement.BasinFund(scheme, date.Year);
            var table = new Table().AddColumn("河流").AddColumn("协议期限 term").AddColumn("标准 tiers (元)").AddColumn("签署 signatures").AddColumn("提示 warnings");
            foreach (var riverId in scheme.RiverOrder())
            {
                var river = scheme.River(riverId);
                var agreement = scheme.Agreements.Where(a => a.River == riverId).OrderBy(a => a.EffectiveFrom).LastOrDefault();
                var warnings = new List<string>();
                if (agreement is null) warnings.Add(date > policy.FilingDeadline ? $"no agreement filed (due {policy.FilingDeadline:yyyy-MM-dd}, R-AGR-3)" : $"agreement to be filed by {policy.FilingDeadline:yyyy-MM-dd}");
                else
                {
                    if (agreement.RenewalDue(date)) warnings.Add($"term ends {agreement.EffectiveTo:yyyy-MM-dd}: renewal due (R-AGR-2)");
                    else if (agreement.EffectiveTo < date) warnings.Add($"expired {agreement.EffectiveTo:yyyy-MM-dd}");
                    if (!agreement.TermIsLongEnough(policy.MinimumTermYears)) warnings.Add($"term shorter than {policy.MinimumTermYears} years");
                }
                var signatures = new List<string>();
                if (scheme.Signatures is null) signatures.Add("not tracked");
                else
                    foreach (var party in scheme.PartiesOf(riverId).Where(x => scheme.HasParty(x) && scheme.Party(x).Kind == PartyKind.District))
                    {
                        var sig = scheme.Signatures.Where(x => x.River == riverId && x.Party == party).Select(x => (DateOnly?)x.SignedOn).Min();
                        var charge = fund.FirstOrDefault(f => f.Party == party && f.River == riverId);
                        signatures.Add(sig is { } sd ? $"{scheme.Party(party).Name} {sd:yyyy-MM-dd}" : $"[red]{Markup.Escape(scheme.Party(party).Name)} 未签署[/]");
                        if (charge is not null) warnings.Add($"{scheme.Party(party).Name}: basin fund {charge.Months} month(s) in {date.Year}, {CliOptions.Yuan(charge.Amount)} 元 (R-FUND-1)");
                    }
                table.AddRow(
                    Markup.Escape(river.Name),
                    agreement is null ? "—" : $"{agreement.EffectiveFrom:yyyy-MM-dd} … {agreement.EffectiveTo:yyyy-MM-dd}",
                    agreement is null ? $"{CliOptions.Yuan(policy.Tier1)} / {CliOptions.Yuan(policy.Tier2)}" : $"{CliOptions.Yuan(agreement.Tiers.Tier1)} / {CliOptions.Yuan(agreement.Tiers.Tier2)} ({agreement.RuleFamily})",
                    string.Join("\n", signatures.Select(x => x.StartsWith('[') ? x : Markup.Escape(x))),
                    Markup.Escape(string.Join("\n", warnings)));
            }
            console.Write(table);
            return LiuyuCli.Ok;
        });
        return cmd;
    }
}
