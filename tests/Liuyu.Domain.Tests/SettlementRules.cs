using Liuyu.Domain.Accounting;
using Liuyu.Domain.Ledger;
using Liuyu.Domain.Settlement;
using static Liuyu.Domain.Tests.Builders;

namespace Liuyu.Domain.Tests;

/// <summary>R-SET-2 netting, R-FUND-1 basin fund, R-PEN-1 penalties, R-SUB-1 substitutes.</summary>
public class SettlementRules
{
    private static List<LedgerLine> Post(Scheme scheme, int year) =>
        LedgerPlanner.Plan(new Dictionary<(SectionId, YearMonth, string), LedgerLine>(), MonthlyAccounting.AccountYear(scheme, year), _ => false)
            .Select((l, i) => l with { Sequence = i + 1 }).ToList();

    private static Scheme TwoWay(IReadOnlyList<Signature>? signatures = null, IReadOnlyList<Payment>? payments = null, IReadOnlyList<Substitute>? substitutes = null, PolicySchedule? policy = null)
    {
        // One section A→B with target III: Jan IV (A pays B 1M), Feb I (B pays A 2M), Mar V (A pays B 2M).
        var s = Sec("S1");
        return new Scheme(Parties, [new River(R, "河", null)], [s], [new Target(s.Id, 2023, WaterClass.III)],
            [
                new MonthlyResult(s.Id, new YearMonth(2023, 1), WaterClass.IV, ResultSource.National, null),
                new MonthlyResult(s.Id, new YearMonth(2023, 2), WaterClass.I, ResultSource.National, null),
                new MonthlyResult(s.Id, new YearMonth(2023, 3), WaterClass.V, ResultSource.National, null),
            ], null, signatures, null, payments, substitutes, policy);
    }

    [Fact]
    public void R_SET_2_pairs_show_gross_both_ways_and_the_net_in_its_direction()
    {
        var scheme = TwoWay();
        var st = YearlySettlement.Settle(scheme, 2023, Post(scheme, 2023));
        var pair = Assert.Single(st.Pairs);
        Assert.Equal((A, B, Fen.FromYuan(5_000_000), Fen.FromYuan(1_000_000)), (pair.Payer, pair.Payee, pair.Gross, pair.Net));
        var a = st.Parties.Single(p => p.Party == A);
        Assert.Equal((Fen.FromYuan(2_000_000), Fen.FromYuan(3_000_000), Fen.FromYuan(-1_000_000)), (a.Receivable, a.Payable, a.Net));
        Assert.Equal(0, st.Parties.Sum(p => p.Net.Value));
        Assert.Equal(12, st.Lines.Count);
    }

    [Fact]
    public void R_SET_2_sections_in_both_directions_between_the_same_two_parties_make_one_pair()
    {
        // R-HEAD-1 + R-TAIL-1 on an inflowing river through one district: CITY→A at the head, A→CITY at the tail.
        var head = Sec("S1", SectionKind.National, 10m, up: City, down: A);
        var tail = Sec("S2", SectionKind.National, 60m, up: A, down: City);
        var scheme = new Scheme(Parties, [new River(R, "河", "四川")], [head, tail],
            [new Target(head.Id, 2023, WaterClass.III), new Target(tail.Id, 2023, WaterClass.III)],
            [
                new MonthlyResult(head.Id, Jan, WaterClass.IV, ResultSource.National, null),
                new MonthlyResult(tail.Id, Jan, WaterClass.I, ResultSource.National, null),
                new MonthlyResult(tail.Id, new YearMonth(2023, 2), WaterClass.V, ResultSource.National, null),
            ]);
        var pair = Assert.Single(YearlySettlement.Settle(scheme, 2023, Post(scheme, 2023)).Pairs);
        // Head Jan: IV vs III → upstream CITY pays A 1,000,000. Tail Jan: I vs III → downstream CITY pays A 2,000,000.
        // Tail Feb: V vs III → upstream A pays CITY 2,000,000. Gross 5,000,000; net CITY → A 1,000,000.
        Assert.Equal((City, A, Fen.FromYuan(5_000_000), Fen.FromYuan(1_000_000)), (pair.Payer, pair.Payee, pair.Gross, pair.Net));
    }

    [Fact]
    public void R_FUND_1_a_district_signing_in_October_pays_September_only_and_one_never_signing_pays_September_to_December()
    {
        var scheme = TwoWay(signatures: [new Signature(R, A, new DateOnly(2023, 10, 15))]);
        var fund = YearlySettlement.BasinFund(scheme, 2023);
        var a = fund.Single(f => f.Party == A);
        Assert.Equal((1, Fen.FromYuan(1_000_000)), (a.Months, a.Amount));
        Assert.Equal([new YearMonth(2023, 9)], a.ChargedMonths);
        var b = fund.Single(f => f.Party == B);
        Assert.Equal((4, Fen.FromYuan(4_000_000)), (b.Months, b.Amount));
    }

    [Fact]
    public void R_FUND_1_a_districts_first_signature_of_the_river_counts_and_a_signature_of_another_river_does_not()
    {
        // A signed R twice (November, then October: the earlier counts); B signed only another river.
        var scheme = TwoWay(signatures: [new Signature(R, A, new DateOnly(2023, 11, 20)), new Signature(new RiverId("R2"), B, new DateOnly(2023, 7, 1)),
            new Signature(R, A, new DateOnly(2023, 10, 15))]);
        var fund = YearlySettlement.BasinFund(scheme, 2023);
        Assert.Equal([new YearMonth(2023, 9)], fund.Single(f => f.Party == A).ChargedMonths);
        Assert.Equal(4, fund.Single(f => f.Party == B && f.River == R).Months);
        Assert.Equal((new DateOnly(2023, 10, 15), null), (scheme.FirstSigned(R, A), scheme.FirstSigned(R, B)));
        Assert.Null(TwoWay().FirstSigned(R, A));
    }

    [Fact]
    public void R_FUND_1_signing_before_the_deadline_costs_nothing_and_the_municipal_treasury_is_never_charged()
    {
        var s = Sec("S1", up: City, down: A);
        var scheme = new Scheme(Parties, [new River(R, "河", "四川")], [s], [new Target(s.Id, 2023, WaterClass.III)], [], signatures: [new Signature(R, A, new DateOnly(2023, 8, 1))]);
        Assert.Empty(YearlySettlement.BasinFund(scheme, 2023));
    }

    [Fact]
    public void R_FUND_1_without_signature_tracking_no_fund_is_charged()
    {
        Assert.Empty(YearlySettlement.BasinFund(TwoWay(), 2023));
    }

    [Fact]
    public void R_FUND_1_amount_and_start_are_policy_parameters()
    {
        var policy = new PolicySchedule([new PolicyVersion(new DateOnly(2023, 1, 1), new PolicyParameters { FundMonthlyAmount = Fen.FromYuan(1_500_000), FundStartMonthsAfterDeadline = 0 })]);
        var scheme = TwoWay(signatures: [], policy: policy);
        var a = YearlySettlement.BasinFund(scheme, 2023).Single(f => f.Party == A);
        Assert.Equal((5, Fen.FromYuan(7_500_000)), (a.Months, a.Amount));
    }

    [Fact]
    public void R_PEN_1_overdue_amounts_carry_a_one_time_ten_percent_penalty()
    {
        // A owes B 1,000,000 net; pays 400,000 by 30 June 2024 and 600,000 too late.
        var scheme = TwoWay(payments: [new Payment(2023, A, B, Fen.FromYuan(400_000), new DateOnly(2024, 6, 30)), new Payment(2023, A, B, Fen.FromYuan(600_000), new DateOnly(2024, 7, 1))]);
        var st = YearlySettlement.Settle(scheme, 2023, Post(scheme, 2023));
        var p = Assert.Single(st.Penalties);
        Assert.Equal((A, B, Fen.FromYuan(600_000), Fen.FromYuan(60_000), Fen.FromYuan(660_000)), (p.Payer, p.Payee, p.Overdue, p.PenaltyAmount, p.PayeeReceives));
    }

    [Fact]
    public void R_PEN_1_only_the_years_payments_from_the_payer_to_the_payee_count()
    {
        // A owes B 1,000,000 for 2023. B paying A, and A paying B for 2022, pay none of it; A's own 300,000 in time does.
        var scheme = TwoWay(payments: [new Payment(2023, B, A, Fen.FromYuan(1_000_000), new DateOnly(2024, 1, 10)),
            new Payment(2022, A, B, Fen.FromYuan(1_000_000), new DateOnly(2024, 1, 10)), new Payment(2023, A, B, Fen.FromYuan(300_000), new DateOnly(2024, 2, 1))]);
        var st = YearlySettlement.Settle(scheme, 2023, Post(scheme, 2023));
        var p = Assert.Single(st.Penalties);
        Assert.Equal((A, B, Fen.FromYuan(300_000), Fen.FromYuan(700_000)), (p.Payer, p.Payee, p.Paid, p.Overdue));
    }

    [Fact]
    public void R_PEN_1_paid_in_full_by_the_deadline_means_no_penalty_and_no_payments_file_means_not_yet_due()
    {
        var paid = TwoWay(payments: [new Payment(2023, A, B, Fen.FromYuan(1_000_000), new DateOnly(2024, 1, 10))]);
        Assert.Empty(YearlySettlement.Settle(paid, 2023, Post(paid, 2023)).Penalties);
        var notDue = TwoWay();
        Assert.Empty(YearlySettlement.Settle(notDue, 2023, Post(notDue, 2023)).Penalties);
    }

    [Fact]
    public void R_PEN_1_what_A_owes_B_nets_across_rivers()
    {
        var r2 = new RiverId("R2");
        var s1 = Sec("S1");
        var s2 = new Section(new SectionId("S2"), "S2", r2, A, B, SectionKind.National, 1m, true, null);
        var scheme = new Scheme(Parties, [new River(R, "河", null), new River(r2, "河2", null)], [s1, s2],
            [new Target(s1.Id, 2023, WaterClass.III), new Target(s2.Id, 2023, WaterClass.III)],
            [new MonthlyResult(s1.Id, Jan, WaterClass.V, ResultSource.National, null), new MonthlyResult(s2.Id, Jan, WaterClass.II, ResultSource.National, null)],
            payments: []);
        var st = YearlySettlement.Settle(scheme, 2023, Post(scheme, 2023));
        Assert.Equal(2, st.Pairs.Count);
        var p = Assert.Single(st.Penalties);
        Assert.Equal((A, B, Fen.FromYuan(1_000_000), Fen.FromYuan(100_000)), (p.Payer, p.Payee, p.Overdue, p.PenaltyAmount));
    }

    [Fact]
    public void R_PEN_1_deadline_and_rate_are_policy_parameters()
    {
        var policy = new PolicySchedule([new PolicyVersion(new DateOnly(2023, 1, 1), new PolicyParameters { PaymentDeadline = new DateOnly(2024, 3, 31), PenaltyRate = 0.05m })]);
        var scheme = TwoWay(payments: [new Payment(2023, A, B, Fen.FromYuan(1_000_000), new DateOnly(2024, 4, 1))], policy: policy);
        var p = Assert.Single(YearlySettlement.Settle(scheme, 2023, Post(scheme, 2023)).Penalties);
        Assert.Equal((Fen.FromYuan(1_000_000), Fen.FromYuan(50_000), new DateOnly(2024, 3, 31)), (p.Overdue, p.PenaltyAmount, p.Deadline));
    }

    [Fact]
    public void R_SUB_1_a_substitute_replaces_cash_and_a_shortfall_is_owed_in_cash()
    {
        // Replaces 800,000 with training assessed at 500,000: 500,000 covered, 300,000 shortfall + 200,000 not replaced = 500,000 cash.
        var sub = new Substitute(R, 2023, A, B, SubstituteKind.TalentTraining, Fen.FromYuan(800_000), Fen.FromYuan(500_000), "人才培训");
        Assert.Equal((Fen.FromYuan(500_000), Fen.FromYuan(300_000)), (sub.Covered, sub.Shortfall));
        var scheme = TwoWay(payments: [], substitutes: [sub]);
        var st = YearlySettlement.Settle(scheme, 2023, Post(scheme, 2023));
        var effect = Assert.Single(st.Substitutes);
        Assert.Equal(Fen.FromYuan(300_000), effect.Shortfall);
        var p = Assert.Single(st.Penalties);
        Assert.Equal(Fen.FromYuan(500_000), p.Owed);
    }

    [Fact]
    public void R_AGR_2_term_of_three_years_and_renewal_warning()
    {
        var a = new Agreement(R, new DateOnly(2023, 1, 1), new DateOnly(2025, 12, 31), new Tiers(Fen.FromYuan(1_000_000), Fen.FromYuan(2_000_000)));
        Assert.True(a.TermIsLongEnough(3));
        Assert.False((a with { EffectiveTo = new DateOnly(2024, 12, 31) }).TermIsLongEnough(3));
        Assert.True(a.RenewalDue(new DateOnly(2025, 7, 1)));
        Assert.False(a.RenewalDue(new DateOnly(2025, 1, 1)));
    }
}
