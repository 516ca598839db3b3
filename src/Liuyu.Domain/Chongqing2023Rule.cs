using Liuyu.Domain.Accounting;

namespace Liuyu.Domain;

/// <summary>
/// The monthly rule of the Chongqing 2023 plan (渝财环〔2023〕33号), with d = baseline − result ordinals:
/// R-COMP-1 better and good → downstream pays upstream; R-COMP-2 worse → upstream pays downstream;
/// R-COMP-3 otherwise nobody pays. R-AMT-1: |d| = 1 → tier 1, |d| ≥ 2 → tier 2.
/// </summary>
public sealed class Chongqing2023Rule : IMonthlyRuleFamily
{
    public const string FamilyId = "cq2023";

    public string Id => FamilyId;

    public CompensationDecision Decide(WaterClass baseline, WaterClass result, Tiers tiers, PolicyParameters policy)
    {
        var d = baseline.Ordinal - result.Ordinal;
        if (d > 0 && result.IsGood(policy.GoodThresholdOrdinal))
            return new CompensationDecision(RuleIds.BetterAndGood, PaymentDirection.DownstreamPaysUpstream, tiers.ForDifference(d), d);
        if (d < 0)
            return new CompensationDecision(RuleIds.Worse, PaymentDirection.UpstreamPaysDownstream, tiers.ForDifference(-d), d);
        return new CompensationDecision(RuleIds.NoPayment, PaymentDirection.None, Fen.Zero, d);
    }
}
