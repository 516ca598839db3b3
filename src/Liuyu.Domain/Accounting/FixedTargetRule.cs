namespace Liuyu.Domain.Accounting;

/// <summary>
/// R-FAM-3 <c>fixed-target</c> (cross-province agreements such as 渝湘 酉水 at 里耶镇): the baseline is the agreement's
/// <c>target_class</c> (default Ⅲ), not the section's annual target, so the section needs no target. Result the same as
/// or better than it → the downstream party pays the upstream party tier 1 (R-FAM-3a); one class worse → the upstream
/// party pays tier 1, two or more → tier 2 (R-FAM-3b). R-AMT-2 does not bind it (an agreement between provinces sets
/// its own amounts).
/// </summary>
public sealed class FixedTargetRule : IMonthlyRuleFamily
{
    public const string FamilyId = "fixed-target";
    public const string TargetClass = "target_class";

    public string Id => FamilyId;

    public IReadOnlyList<FamilyParameter> Parameters { get; } =
        [new(TargetClass, FamilyParameterKind.WaterClass, FamilyParameter.Canonical(WaterClass.III), "R-FAM-3")];

    public bool StatutoryTiersBind => false;

    public IReadOnlyCollection<string> Rules { get; } = [RuleIds.FixedTargetMet, RuleIds.FixedTargetMissed];

    public WaterClass? FixedBaseline(FamilyParameters parameters) => parameters.Class(TargetClass);

    public CompensationDecision Decide(RuleInput input)
    {
        // The baseline passed in is the fixed one (FixedBaseline); d = baseline − result as for every family.
        var d = input.Baseline.Ordinal - input.Result.Ordinal;
        if (d >= 0)
            return new CompensationDecision(RuleIds.FixedTargetMet, PaymentDirection.DownstreamPaysUpstream, input.Tiers.Tier1, d);
        return new CompensationDecision(RuleIds.FixedTargetMissed, PaymentDirection.UpstreamPaysDownstream, input.Tiers.ForDifference(-d), d);
    }
}
