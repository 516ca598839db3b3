using Liuyu.Domain.Accounting;

namespace Liuyu.Domain;

/// <summary>
/// R-FAM-2: the monthly rule of the Chongqing 2023 plan (渝财环〔2023〕33号), with d = baseline − result ordinals:
/// R-COMP-1 better and good → downstream pays upstream; R-COMP-2 worse → upstream pays downstream;
/// R-COMP-3 otherwise nobody pays. R-AMT-1: |d| = 1 → tier 1, |d| ≥ 2 → tier 2. No parameters beyond the tiers,
/// which R-AMT-2 keeps at least the statutory ones.
/// </summary>
public sealed class Chongqing2023Rule : IMonthlyRuleFamily
{
    public const string FamilyId = "cq2023";

    public string Id => FamilyId;

    public IReadOnlyList<FamilyParameter> Parameters { get; } = [];

    public bool StatutoryTiersBind => true;

    public IReadOnlyCollection<string> Rules { get; } = [RuleIds.BetterAndGood, RuleIds.Worse, RuleIds.NoPayment];

    public WaterClass? FixedBaseline(FamilyParameters parameters) => null;

    public CompensationDecision Decide(RuleInput input)
    {
        var (baseline, result, tiers) = (input.Baseline, input.Result, input.Tiers);
        var d = baseline.Ordinal - result.Ordinal;
        if (d > 0 && result.IsGood(input.Policy.GoodThresholdOrdinal))
            return new CompensationDecision(RuleIds.BetterAndGood, PaymentDirection.DownstreamPaysUpstream, tiers.ForDifference(d), d);
        if (d < 0)
            return new CompensationDecision(RuleIds.Worse, PaymentDirection.UpstreamPaysDownstream, tiers.ForDifference(-d), d);
        return new CompensationDecision(RuleIds.NoPayment, PaymentDirection.None, Fen.Zero, d);
    }
}
