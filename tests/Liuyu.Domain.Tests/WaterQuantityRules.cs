using CsCheck;
using Liuyu.Domain.Accounting;
using Liuyu.Domain.Ledger;
using Liuyu.Domain.Settlement;
using static Liuyu.Domain.Tests.Builders;

namespace Liuyu.Domain.Tests;

/// <summary>R-EXT-1: the quantity line beside the water-quality line, at its boundaries.</summary>
public class WaterQuantityRules
{
    private static readonly Tiers Tiers = new(Fen.FromYuan(1_000_000), Fen.FromYuan(2_000_000));

    private static Agreement WithQuantity(QuantityMode mode, string family = Chongqing2023Rule.FamilyId) =>
        new(R, new DateOnly(2023, 1, 1), new DateOnly(2025, 12, 31), Tiers, family)
        {
            Parameters = FamilyParameters.Resolve(RuleFamilies.Get(family), new Dictionary<string, string>()),
            Quantity = new QuantityTerms(Fen.FromYuan(300_000), mode),
        };

    private static Scheme Scheme(decimal? flow, Agreement? agreement, bool approved = true, bool target = true, Exemption? exemption = null, bool flowRow = true)
    {
        var s = Sec("S1", approved: approved);
        return new Scheme(Parties, [new River(R, "河", null)], [s], [new Target(s.Id, 2023, WaterClass.III)],
            [new MonthlyResult(s.Id, Jan, WaterClass.III, ResultSource.Municipal, null)],
            agreement is null ? null : [agreement], null, exemption is null ? null : [exemption], null, null, null,
            target ? [new QuantityTarget(s.Id, 2023, 16.94m)] : [],
            flowRow ? [new MonthlyFlow(s.Id, Jan, flow)] : []);
    }

    private static SectionMonthOutcome? Quantity(Scheme scheme) => MonthlyAccounting.AccountQuantity(scheme, scheme.Sections[0], Jan);

    [Theory]
    [InlineData("16.93", QuantityMode.Penalty, "R-EXT-1a", "A", "B", 300_000)]  // just below the base flow
    [InlineData("16.94", QuantityMode.Penalty, "R-EXT-1c", null, null, 0)]      // at it: met
    [InlineData("16.94", QuantityMode.TwoWay, "R-EXT-1b", "B", "A", 300_000)]   // met, two-way: downstream pays
    [InlineData("0", QuantityMode.TwoWay, "R-EXT-1a", "A", "B", 300_000)]
    [InlineData(null, QuantityMode.TwoWay, "R-EXT-1d", null, null, 0)]          // no figure: never "met"
    public void R_EXT_1_flow_against_the_base_flow(string? flow, QuantityMode mode, string rule, string? payer, string? payee, long yuan)
    {
        var o = Quantity(Scheme(flow is null ? null : decimal.Parse(flow, System.Globalization.CultureInfo.InvariantCulture), WithQuantity(mode)))!;
        Assert.Equal((Purposes.WaterQuantity, rule, payer, payee, Fen.FromYuan(yuan)), (o.Purpose, o.Rule, o.Payer?.Value, o.Payee?.Value, o.Amount));
        Assert.Equal(16.94m, o.FlowTarget);
        Assert.Null(o.Baseline);
    }

    [Fact]
    public void R_EXT_1d_a_month_without_a_flow_row_is_no_figure_too()
    {
        var o = Quantity(Scheme(null, WithQuantity(QuantityMode.TwoWay), flowRow: false))!;
        Assert.Equal(("R-EXT-1d", Fen.Zero), (o.Rule, o.Amount));
    }

    [Fact]
    public void R_EXT_1_no_quantity_line_for_an_unapproved_section_a_section_without_base_flow_or_an_agreement_without_terms()
    {
        Assert.Null(Quantity(Scheme(1m, WithQuantity(QuantityMode.Penalty), approved: false)));
        Assert.Null(Quantity(Scheme(1m, WithQuantity(QuantityMode.Penalty), target: false)));
        Assert.Null(Quantity(Scheme(1m, WithQuantity(QuantityMode.Penalty) with { Quantity = null })));
        Assert.Null(Quantity(Scheme(1m, null)));
        // and the month has one line, its water-quality line
        Assert.Single(MonthlyAccounting.AccountMonth(Scheme(1m, null), Jan));
    }

    [Fact]
    public void R_EXT_1_a_section_with_quantity_accounting_has_two_lines_a_month()
    {
        var lines = MonthlyAccounting.AccountMonth(Scheme(1m, WithQuantity(QuantityMode.Penalty, ClassStepsRule.FamilyId)), Jan).ToList();
        Assert.Equal([Purposes.WaterQuality, Purposes.WaterQuantity], lines.Select(l => l.Purpose));
        Assert.NotEqual(lines[0].InputDigest, lines[1].InputDigest);
    }

    [Fact]
    public void R_EXT_1_an_approved_exemption_waives_a_shortfall_but_not_what_the_downstream_party_pays()
    {
        var drought = new Exemption(new SectionId("S1"), Jan, true, true, "干旱");
        var waived = Quantity(Scheme(3m, WithQuantity(QuantityMode.TwoWay), exemption: drought))!;
        Assert.Equal(("R-EXEMPT-1", Fen.Zero, "EX-S1-2023-01"), (waived.Rule, waived.Amount, waived.ExemptionReference));
        Assert.Equal(3m, waived.Flow);
        var kept = Quantity(Scheme(30m, WithQuantity(QuantityMode.TwoWay), exemption: drought))!;
        Assert.Equal("R-EXT-1b", kept.Rule);
        var pending = Quantity(Scheme(3m, WithQuantity(QuantityMode.TwoWay), exemption: drought with { EcologyApproved = false }))!;
        Assert.Equal("R-EXT-1a", pending.Rule);
    }

    [Fact]
    public void R_EXT_1_quantity_lines_count_in_pairs_and_parties_like_quality_lines()
    {
        var scheme = Scheme(3m, WithQuantity(QuantityMode.Penalty));
        var lines = LedgerPlanner.Plan(new Dictionary<(SectionId, YearMonth, string), LedgerLine>(), MonthlyAccounting.AccountMonth(scheme, Jan), _ => false)
            .Select((l, i) => l with { Sequence = i + 1 }).ToList();
        var st = YearlySettlement.Settle(scheme, 2023, lines);
        var pair = Assert.Single(st.Pairs);
        Assert.Equal((A, B, Fen.FromYuan(300_000)), (pair.Payer, pair.Payee, pair.Net));
        Assert.Equal(Fen.FromYuan(-300_000), st.Parties.Single(p => p.Party == A).Net);
    }

    [Fact]
    public void A_quantity_lines_digest_covers_its_flow_and_recomputes_from_the_line()
    {
        var o = Quantity(Scheme(3m, WithQuantity(QuantityMode.Penalty)))!;
        var other = Quantity(Scheme(4m, WithQuantity(QuantityMode.Penalty)))!;
        Assert.Equal(o.Rule, other.Rule);
        Assert.NotEqual(o.InputDigest, other.InputDigest);
        var line = LedgerLine.Post(o, 2023, false);
        Assert.Equal(o.InputDigest, line.RecomputeDigest());
        // 3 and 3.000 are the same flow (an engine may give either back)
        Assert.Equal(o.InputDigest, (line with { Flow = 3.000m }).RecomputeDigest());
    }

    [Fact]
    public void Raising_the_flow_never_increases_what_the_upstream_party_pays() =>
        Gen.Select(Gen.Decimal[0m, 100m], Gen.Decimal[0m, 100m], Gen.Decimal[0m, 100m], Gen.Bool).Sample((a, b, target, twoWay) =>
        {
            var terms = new QuantityTerms(Fen.FromYuan(500_000), twoWay ? QuantityMode.TwoWay : QuantityMode.Penalty);
            static long Up(CompensationDecision d) => d.Direction switch
            {
                PaymentDirection.UpstreamPaysDownstream => d.Amount.Value,
                PaymentDirection.DownstreamPaysUpstream => -d.Amount.Value,
                _ => 0,
            };
            var (low, high) = a <= b ? (a, b) : (b, a);
            return Up(QuantityRule.Decide(high, target, terms)) <= Up(QuantityRule.Decide(low, target, terms));
        }, iter: 2000);
}
