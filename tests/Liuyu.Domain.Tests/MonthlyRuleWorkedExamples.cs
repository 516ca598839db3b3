using Liuyu.Domain.Ledger;
using Liuyu.Domain.Accounting;
using static Liuyu.Domain.Tests.Builders;

namespace Liuyu.Domain.Tests;

/// <summary>The worked examples table of rules.md (defaults, one month, A upstream of B).</summary>
public class MonthlyRuleWorkedExamples
{
    [Theory]
    [InlineData("III", "II", "R-COMP-1", "B", "A", 1_000_000)]
    [InlineData("III", "I", "R-COMP-1", "B", "A", 2_000_000)]
    [InlineData("III", "III", "R-COMP-3", null, null, 0)]
    [InlineData("III", "IV", "R-COMP-2", "A", "B", 1_000_000)]
    [InlineData("III", "劣V", "R-COMP-2", "A", "B", 2_000_000)]
    [InlineData("V", "IV", "R-COMP-3", null, null, 0)]
    [InlineData("IV", "III", "R-COMP-1", "B", "A", 1_000_000)]
    public void Worked_example_gives_rule_payer_payee_and_amount(string baseline, string result, string rule, string? payer, string? payee, long yuan)
    {
        var o = MonthlyAccounting.AccountSection(OneSection(baseline, result), Sec("S1"), Jan);
        Assert.Equal(rule, o.Rule);
        Assert.Equal(payer, o.Payer?.Value);
        Assert.Equal(payee, o.Payee?.Value);
        Assert.Equal(Fen.FromYuan(yuan), o.Amount);
    }

    [Fact]
    public void A_scheme_read_without_its_results_accounts_only_a_month_whose_result_is_given()
    {
        var without = OneSection("III", null);
        var leftOut = new Scheme(without.Parties, without.Rivers, without.Sections, without.Targets, []) { ResultsLeftOut = true };
        Assert.Throws<InvalidOperationException>(() => MonthlyAccounting.AccountSection(leftOut, Sec("S1"), Jan));
        Assert.Throws<InvalidOperationException>(() => MonthlyAccounting.AccountYear(leftOut, 2023).ToList());
        var given = MonthlyAccounting.AccountSection(leftOut, Sec("S1"), Jan, new MonthlyResult(new SectionId("S1"), Jan, WaterClass.IV, ResultSource.Computed, null));
        Assert.Equal(("R-COMP-2", Fen.FromYuan(1_000_000)), (given.Rule, given.Amount));
        Assert.Equal("R-COMP-2", MonthlyAccounting.AccountSection(OneSection("III", "IV"), Sec("S1"), Jan).Rule);
    }

    [Fact]
    public void R_EXEMPT_1_approved_exemption_waives_a_worse_month_and_keeps_the_line_with_its_reference()
    {
        var ex = new Exemption(new SectionId("S1"), Jan, true, true, "山洪");
        var o = MonthlyAccounting.AccountSection(OneSection("II", "III", ex), Sec("S1"), Jan);
        Assert.Equal("R-EXEMPT-1", o.Rule);
        Assert.Equal(Fen.Zero, o.Amount);
        Assert.Null(o.Payer);
        Assert.Equal("EX-S1-2023-01", o.ExemptionReference);
        Assert.Equal(WaterClass.III, o.Result);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(false, false)]
    public void R_EXEMPT_1_exemption_needs_both_bureaus(bool finance, bool ecology)
    {
        var ex = new Exemption(new SectionId("S1"), Jan, finance, ecology, "山洪");
        var o = MonthlyAccounting.AccountSection(OneSection("II", "III", ex), Sec("S1"), Jan);
        Assert.Equal("R-COMP-2", o.Rule);
        Assert.Equal(Fen.FromYuan(1_000_000), o.Amount);
    }

    [Fact]
    public void R_EXEMPT_1_an_exemption_does_not_waive_what_the_downstream_party_pays()
    {
        var ex = new Exemption(new SectionId("S1"), Jan, true, true, "山洪");
        var o = MonthlyAccounting.AccountSection(OneSection("III", "I", ex), Sec("S1"), Jan);
        Assert.Equal("R-COMP-1", o.Rule);
        Assert.Equal(Fen.FromYuan(2_000_000), o.Amount);
    }

    [Fact]
    public void R_DATA_4_a_month_without_valid_result_pays_nothing_and_says_why()
    {
        var o = MonthlyAccounting.AccountSection(OneSection("III", null), Sec("S1"), Jan);
        Assert.Equal("R-DATA-4", o.Rule);
        Assert.Equal(WaterClass.III, o.Baseline);
        Assert.Null(o.Result);
        Assert.Equal((NoteCodes.Text, "断流"), (o.Note!.Code, o.Note["text"]));
        var missing = MonthlyAccounting.AccountSection(OneSection("III", "II"), Sec("S1"), new YearMonth(2023, 2));
        Assert.Equal("R-DATA-4", missing.Rule);
        Assert.Equal(NoteCodes.NoResult, missing.Note!.Code);
        Assert.Contains("no result", missing.Note.English);
    }

    [Fact]
    public void R_SEC_2_an_unapproved_section_is_shown_as_not_approved_never_as_zero_payment()
    {
        var s = Sec("S1", approved: false);
        var scheme = new Scheme(Parties, [new River(R, "河", null)], [s], [new Target(s.Id, 2023, WaterClass.III)],
            [new MonthlyResult(s.Id, Jan, WaterClass.V, ResultSource.National, null)]);
        var o = MonthlyAccounting.AccountSection(scheme, s, Jan);
        Assert.Equal("R-SEC-2", o.Rule);
        Assert.Null(o.Baseline);
        Assert.Null(o.Payer);
    }

    [Fact]
    public void R_AMT_2_agreement_tiers_replace_the_statutory_amounts()
    {
        var agreement = new Agreement(R, new DateOnly(2023, 1, 1), new DateOnly(2025, 12, 31), new Tiers(Fen.FromYuan(1_500_000), Fen.FromYuan(3_000_000)));
        Assert.Equal(Fen.FromYuan(1_500_000), MonthlyAccounting.AccountSection(OneSection("III", "IV", agreement: agreement), Sec("S1"), Jan).Amount);
        Assert.Equal(Fen.FromYuan(3_000_000), MonthlyAccounting.AccountSection(OneSection("III", "V", agreement: agreement), Sec("S1"), Jan).Amount);
    }

    [Fact]
    public void R_AMT_2_tiers_below_the_statutory_minimum_are_rejected()
    {
        var p = new PolicyParameters();
        Assert.Null(Agreement.CheckTiers(new Tiers(Fen.FromYuan(1_000_000), Fen.FromYuan(2_000_000)), p));
        Assert.Contains("tier1", Agreement.CheckTiers(new Tiers(Fen.FromYuan(999_999.99m), Fen.FromYuan(2_000_000)), p));
        Assert.Contains("tier2", Agreement.CheckTiers(new Tiers(Fen.FromYuan(1_000_000), Fen.FromYuan(1_500_000)), p));
    }

    [Fact]
    public void R_EXT_3_a_policy_revision_applies_from_its_date_and_never_to_earlier_months()
    {
        var policy = new PolicySchedule([
            new PolicyVersion(new DateOnly(2023, 1, 1), new PolicyParameters()),
            new PolicyVersion(new DateOnly(2023, 7, 1), new PolicyParameters { Tier1 = Fen.FromYuan(1_200_000) }),
        ]);
        var s = Sec("S1");
        var scheme = new Scheme(Parties, [new River(R, "河", null)], [s], [new Target(s.Id, 2023, WaterClass.III)],
            [new MonthlyResult(s.Id, new YearMonth(2023, 6), WaterClass.IV, ResultSource.National, null), new MonthlyResult(s.Id, new YearMonth(2023, 7), WaterClass.IV, ResultSource.National, null)],
            policy: policy);
        var june = MonthlyAccounting.AccountSection(scheme, s, new YearMonth(2023, 6));
        var july = MonthlyAccounting.AccountSection(scheme, s, new YearMonth(2023, 7));
        Assert.Equal(Fen.FromYuan(1_000_000), june.Amount);
        Assert.Equal(Fen.FromYuan(1_200_000), july.Amount);
        Assert.NotEqual(june.PolicyVersion, july.PolicyVersion);
        Assert.StartsWith("policy@2023-07-01#", july.PolicyVersion);
    }

    [Fact]
    public void R_BASE_3_good_threshold_is_a_policy_parameter()
    {
        var policy = new PolicySchedule([new PolicyVersion(new DateOnly(2023, 1, 1), new PolicyParameters { GoodThresholdOrdinal = 4 })]);
        var o = MonthlyAccounting.AccountSection(OneSection("V", "IV", policy: policy), Sec("S1"), Jan);
        Assert.Equal("R-COMP-1", o.Rule);
    }

    [Fact]
    public void R_RIVER_2_a_district_on_two_rivers_is_accounted_per_river()
    {
        var r2 = new RiverId("R2");
        var s1 = Sec("S1");
        var s2 = new Section(new SectionId("S2"), "断面S2", r2, A, C, SectionKind.National, 5m, true, null);
        var scheme = new Scheme(Parties, [new River(R, "河", null), new River(r2, "河2", null)], [s1, s2],
            [new Target(s1.Id, 2023, WaterClass.III), new Target(s2.Id, 2023, WaterClass.III)],
            [new MonthlyResult(s1.Id, Jan, WaterClass.IV, ResultSource.National, null), new MonthlyResult(s2.Id, Jan, WaterClass.II, ResultSource.National, null)]);
        var lines = MonthlyAccounting.AccountMonth(scheme, Jan).ToList();
        Assert.Equal([R, r2], lines.Select(l => l.River));
        Assert.Equal(A, lines[0].Payer);
        Assert.Equal(A, lines[1].Payee);
    }
}
