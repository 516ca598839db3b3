namespace Liuyu.Domain.Accounting;

/// <summary>
/// R-FAM-4 <c>class-steps</c> (per-class schemes such as Liaoning's): with the result k classes worse than the baseline,
/// the upstream party pays the downstream party k × <c>step</c> (R-FAM-4a); k classes better and <c>reward_step</c> above
/// zero → the downstream party pays the upstream party k × <c>reward_step</c> (R-FAM-4b); otherwise nothing (R-FAM-4c).
/// Defaults: step 1,000,000 yuan, reward_step 0. The tiers are not read.
/// </summary>
public sealed class ClassStepsRule : IMonthlyRuleFamily
{
    public const string FamilyId = "class-steps";
    public const string Step = "step";
    public const string RewardStep = "reward_step";

    public string Id => FamilyId;

    public IReadOnlyList<FamilyParameter> Parameters { get; } =
    [
        new(Step, FamilyParameterKind.Money, FamilyParameter.Canonical(Fen.FromYuan(1_000_000m)), "R-FAM-4a"),
        new(RewardStep, FamilyParameterKind.Money, FamilyParameter.Canonical(Fen.Zero), "R-FAM-4b"),
    ];

    public bool StatutoryTiersBind => false;

    public IReadOnlyCollection<string> Rules { get; } = [RuleIds.StepsWorse, RuleIds.StepsBetter, RuleIds.StepsNone];

    public WaterClass? FixedBaseline(FamilyParameters parameters) => null;

    public CompensationDecision Decide(RuleInput input)
    {
        var d = input.Baseline.Ordinal - input.Result.Ordinal;
        if (d < 0)
            return new CompensationDecision(RuleIds.StepsWorse, PaymentDirection.UpstreamPaysDownstream, input.Parameters.Money(Step) * -d, d);
        var reward = input.Parameters.Money(RewardStep);
        if (d > 0 && reward > Fen.Zero)
            return new CompensationDecision(RuleIds.StepsBetter, PaymentDirection.DownstreamPaysUpstream, reward * d, d);
        return new CompensationDecision(RuleIds.StepsNone, PaymentDirection.None, Fen.Zero, d);
    }
}
