using Liuyu.Domain.Accounting;
using Liuyu.Domain.Ledger;
using Liuyu.Domain.Settlement;
using static Liuyu.Domain.Tests.Builders;

namespace Liuyu.Domain.Tests;

/// <summary>R-EXT-2: a party of another province takes part like any party, but the basin fund and the penalty are Chongqing's alone.</summary>
public class CrossProvinceSanctions
{
    private static Scheme Scheme(string provinceOfA, IReadOnlyList<Payment>? payments = null)
    {
        // One section A→B, target III, January IV: A pays B 1,000,000. Signatures tracked, nobody signed.
        var s = Sec("S1");
        Party[] parties = [.. Parties.Select(p => p.Id == A ? p with { Province = provinceOfA } : p)];
        return new Scheme(parties, [new River(R, "河", null)], [s], [new Target(s.Id, 2023, WaterClass.III)],
            [new MonthlyResult(s.Id, Jan, WaterClass.IV, ResultSource.National, null)], null, [], null, payments ?? [], null);
    }

    private static SettlementStatement Settle(Scheme scheme) =>
        YearlySettlement.Settle(scheme, 2023, LedgerPlanner.Plan(new Dictionary<(SectionId, YearMonth, string), LedgerLine>(),
            MonthlyAccounting.AccountYear(scheme, 2023), _ => false).Select((l, i) => l with { Sequence = i + 1 }).ToList());

    [Fact]
    public void R_EXT_2_a_party_names_Chongqing_unless_it_says_otherwise()
    {
        Assert.Equal("重庆", new Party(A, "区县A", PartyKind.District).Province);
        Assert.True(new Party(A, "区县A", PartyKind.District).IsChongqing);
        Assert.False((new Party(A, "区县A", PartyKind.District) with { Province = "四川" }).IsChongqing);
    }

    [Fact]
    public void R_EXT_2_the_basin_fund_never_charges_a_party_of_another_province()
    {
        Assert.Contains(Settle(Scheme("重庆")).Fund, f => f.Party == A);
        var st = Settle(Scheme("四川"));
        Assert.DoesNotContain(st.Fund, f => f.Party == A);
        Assert.Contains(st.Fund, f => f.Party == B); // the Chongqing district on the same river still pays
    }

    [Fact]
    public void R_EXT_2_a_pair_with_a_party_of_another_province_gets_no_penalty_but_still_its_payment()
    {
        Assert.Single(Settle(Scheme("重庆")).Penalties);
        var st = Settle(Scheme("四川"));
        Assert.Empty(st.Penalties);
        var pair = Assert.Single(st.Pairs);
        Assert.Equal((A, B, Fen.FromYuan(1_000_000)), (pair.Payer, pair.Payee, pair.Net));
    }
}
