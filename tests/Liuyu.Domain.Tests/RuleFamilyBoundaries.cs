using CsCheck;
using Liuyu.Domain.Accounting;
using static Liuyu.Domain.Tests.Builders;

namespace Liuyu.Domain.Tests;

/// <summary>R-FAM-1..4: each family decides its rules at their boundaries, and the checks around it are the same for all.</summary>
public class RuleFamilyBoundaries
{
    private static readonly PolicyParameters Policy = new();
    private static readonly Tiers Tiers = new(Fen.FromYuan(1_000_000), Fen.FromYuan(2_000_000));

    private static Agreement FixedTarget(string? targetClass = null) => new(R, new DateOnly(2023, 1, 1), new DateOnly(2025, 12, 31), Tiers, FixedTargetRule.FamilyId)
    {
        Parameters = FamilyParameters.Resolve(RuleFamilies.Get(FixedTargetRule.FamilyId),
            targetClass is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["target_class"] = FamilyParameter.Canonical(WaterClass.Parse(targetClass)) }),
    };

    private static Agreement ClassSteps(long stepYuan, long rewardYuan) => new(R, new DateOnly(2023, 1, 1), new DateOnly(2025, 12, 31), new Tiers(Fen.FromYuan(400_000), Fen.FromYuan(400_000)), ClassStepsRule.FamilyId)
    {
        // R-AMT-2 binds cq2023 only: tiers below the statutory ones are no matter here.
        Parameters = FamilyParameters.Resolve(RuleFamilies.Get(ClassStepsRule.FamilyId), new Dictionary<string, string>
        {
            ["step"] = FamilyParameter.Canonical(Fen.FromYuan(stepYuan)), ["reward_step"] = FamilyParameter.Canonical(Fen.FromYuan(rewardYuan)),
        }),
    };

    [Theory]
    [InlineData("III", "R-FAM-3a", "B", "A", 1_000_000)] // the same as the target: met
    [InlineData("II", "R-FAM-3a", "B", "A", 1_000_000)]  // better: still tier 1, not more
    [InlineData("I", "R-FAM-3a", "B", "A", 1_000_000)]
    [InlineData("IV", "R-FAM-3b", "A", "B", 1_000_000)]  // one class worse: tier 1
    [InlineData("V", "R-FAM-3b", "A", "B", 2_000_000)]   // two classes worse: tier 2
    [InlineData("劣V", "R-FAM-3b", "A", "B", 2_000_000)]
    public void R_FAM_3_fixed_target_compares_with_the_agreements_class(string result, string rule, string payer, string payee, long yuan)
    {
        // The section's own target (I) is not what fixed-target compares with: its agreement's class (III by default) is.
        var o = MonthlyAccounting.AccountSection(OneSection("I", result, agreement: FixedTarget()), Sec("S1"), Jan);
        Assert.Equal((rule, payer, payee, Fen.FromYuan(yuan)), (o.Rule, o.Payer?.Value, o.Payee?.Value, o.Amount));
        Assert.Equal(WaterClass.III, o.Baseline);
        Assert.Equal(BaselineBasis.AgreementTarget, o.BaselineDetail!.Basis);
    }

    [Fact]
    public void R_FAM_3_the_target_class_is_a_parameter_and_a_section_without_a_target_is_accounted()
    {
        var s = Sec("S1");
        var scheme = new Scheme(Parties, [new River(R, "河", null)], [s], [],
            [new MonthlyResult(s.Id, Jan, WaterClass.III, ResultSource.Joint, null)], [FixedTarget("II")]);
        var o = MonthlyAccounting.AccountSection(scheme, s, Jan);
        Assert.Equal(("R-FAM-3b", "A", "B", Fen.FromYuan(1_000_000), WaterClass.II), (o.Rule, o.Payer?.Value, o.Payee?.Value, o.Amount, o.Baseline));
    }

    [Theory]
    [InlineData("II", "II", 300_000, "R-FAM-4c", null, null, 0)]        // k = 0
    [InlineData("II", "III", 300_000, "R-FAM-4a", "A", "B", 500_000)]    // one class worse: 1 × step
    [InlineData("II", "劣V", 300_000, "R-FAM-4a", "A", "B", 2_000_000)]  // four classes worse: 4 × step
    [InlineData("III", "II", 300_000, "R-FAM-4b", "B", "A", 300_000)]    // one class better: 1 × reward_step
    [InlineData("IV", "I", 300_000, "R-FAM-4b", "B", "A", 900_000)]      // three better: 3 × reward_step, good or not
    [InlineData("V", "IV", 300_000, "R-FAM-4b", "B", "A", 300_000)]      // better but not good still counts (unlike R-COMP-3)
    [InlineData("III", "I", 0, "R-FAM-4c", null, null, 0)]               // better without a reward step: nothing
    public void R_FAM_4_class_steps_pay_k_steps(string baseline, string result, long reward, string rule, string? payer, string? payee, long yuan)
    {
        var o = MonthlyAccounting.AccountSection(OneSection(baseline, result, agreement: ClassSteps(500_000, reward)), Sec("S1"), Jan);
        Assert.Equal((rule, payer, payee, Fen.FromYuan(yuan)), (o.Rule, o.Payer?.Value, o.Payee?.Value, o.Amount));
    }

    [Fact]
    public void R_FAM_4_defaults_are_one_million_a_step_and_no_reward()
    {
        var family = RuleFamilies.Get(ClassStepsRule.FamilyId);
        var d = family.Decide(WaterClass.II, WaterClass.IV, Tiers, Policy);
        Assert.Equal(("R-FAM-4a", Fen.FromYuan(2_000_000)), (d.Rule, d.Amount));
        Assert.Equal("R-FAM-4c", family.Decide(WaterClass.IV, WaterClass.I, Tiers, Policy).Rule);
    }

    [Fact]
    public void R_FAM_1_a_river_without_an_agreement_uses_cq2023()
    {
        var o = MonthlyAccounting.AccountSection(OneSection("III", "IV"), Sec("S1"), Jan);
        Assert.Equal(("R-COMP-2", "cq2023"), (o.Rule, o.RuleFamily));
    }

    public static TheoryData<string> Families() => new(RuleFamilies.Ids);

    private static Agreement AgreementOf(string family) => family switch
    {
        FixedTargetRule.FamilyId => FixedTarget(),
        ClassStepsRule.FamilyId => ClassSteps(1_000_000, 300_000),
        _ => new Agreement(R, new DateOnly(2023, 1, 1), new DateOnly(2025, 12, 31), Tiers),
    };

    [Theory]
    [MemberData(nameof(Families))]
    public void R_FAM_1_an_unapproved_section_is_not_accounted_whatever_the_family(string family)
    {
        var s = Sec("S1", approved: false);
        var scheme = new Scheme(Parties, [new River(R, "河", null)], [s], [new Target(s.Id, 2023, WaterClass.III)],
            [new MonthlyResult(s.Id, Jan, WaterClass.V, ResultSource.Joint, null)], [AgreementOf(family)]);
        var o = MonthlyAccounting.AccountSection(scheme, s, Jan);
        Assert.Equal(("R-SEC-2", Fen.Zero), (o.Rule, o.Amount));
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void R_FAM_1_a_month_without_a_valid_result_pays_nothing_whatever_the_family(string family)
    {
        var o = MonthlyAccounting.AccountSection(OneSection("III", null, agreement: AgreementOf(family)), Sec("S1"), Jan);
        Assert.Equal(("R-DATA-4", Fen.Zero, WaterClass.III), (o.Rule, o.Amount, o.Baseline));
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void R_FAM_1_an_approved_exemption_waives_the_upstream_payment_of_every_family(string family)
    {
        var ex = new Exemption(new SectionId("S1"), Jan, true, true, "山洪");
        var waived = MonthlyAccounting.AccountSection(OneSection("III", "劣V", ex, AgreementOf(family)), Sec("S1"), Jan);
        Assert.Equal(("R-EXEMPT-1", Fen.Zero), (waived.Rule, waived.Amount));
        // What the downstream party pays is not waived.
        var kept = MonthlyAccounting.AccountSection(OneSection("III", "I", ex, AgreementOf(family)), Sec("S1"), Jan);
        Assert.NotEqual("R-EXEMPT-1", kept.Rule);
        Assert.Equal(kept.Payer, B);
    }

    /// <summary>What the upstream party pays (negative: what it receives) for one decision.</summary>
    private static long UpstreamPays(CompensationDecision d) => d.Direction switch
    {
        PaymentDirection.UpstreamPaysDownstream => d.Amount.Value,
        PaymentDirection.DownstreamPaysUpstream => -d.Amount.Value,
        _ => 0,
    };

    private static readonly Gen<WaterClass> Class = Gen.Int[1, 6].Select(WaterClass.FromOrdinal);
    private static readonly Gen<Fen> Money = Gen.Long[0, 5_000_000_00].Select(v => new Fen(v));

    /// <summary>Any parameters a family accepts: money ≥ 0, any class.</summary>
    private static Gen<FamilyParameters> ParametersOf(IMonthlyRuleFamily family) =>
        family.Parameters.Aggregate(Gen.Const(new Dictionary<string, string>()), (acc, p) =>
            acc.SelectMany(d => (p.Kind == FamilyParameterKind.Money ? Money.Select(FamilyParameter.Canonical) : Class.Select(FamilyParameter.Canonical))
                .Select(v => new Dictionary<string, string>(d) { [p.Key] = v })))
        .Select(d => FamilyParameters.Resolve(family, d));

    [Theory]
    [MemberData(nameof(Families))]
    public void Raising_a_result_never_increases_what_the_upstream_party_pays(string id)
    {
        var family = RuleFamilies.Get(id);
        Gen.Select(Class, Class, Class, Money, Money, ParametersOf(family))
            .Where(t => t.Item2.Ordinal >= t.Item3.Ordinal) // Item3 is Item2 raised (the same or a better class)
            .Sample(t =>
            {
                var (baseline, result, raised, t1, t2, parameters) = t;
                var tiers = new Tiers(Fen.Min(t1, t2), Fen.Max(t1, t2)); // statutory tiers grow with the difference
                var before = UpstreamPays(family.Decide(new RuleInput(family.FixedBaseline(parameters) ?? baseline, result, tiers, parameters, Policy)));
                var after = UpstreamPays(family.Decide(new RuleInput(family.FixedBaseline(parameters) ?? baseline, raised, tiers, parameters, Policy)));
                return after <= before;
            }, seed: null, iter: 2000);
    }

    [Fact]
    public void Family_parameters_fill_defaults_and_refuse_what_the_family_does_not_read()
    {
        var steps = RuleFamilies.Get(ClassStepsRule.FamilyId);
        var explicitDefault = FamilyParameters.Resolve(steps, new Dictionary<string, string> { ["step"] = "100000000" });
        Assert.Equal(FamilyParameters.Resolve(steps, new Dictionary<string, string>()), explicitDefault);
        Assert.Equal("reward_step=0;step=100000000", explicitDefault.Text);
        Assert.Throws<ArgumentException>(() => FamilyParameters.Resolve(steps, new Dictionary<string, string> { ["target_class"] = "3" }));
        Assert.Equal(explicitDefault, FamilyParameters.Parse(explicitDefault.Text));
        Assert.True(FamilyParameters.Resolve(RuleFamilies.Get("cq2023"), new Dictionary<string, string>()).IsEmpty);
    }
}
