using CsCheck;
using Liuyu.Domain.Accounting;
using Liuyu.Domain.Ledger;
using Liuyu.Domain.Settlement;
using Liuyu.TestSupport;

namespace Liuyu.Domain.Tests;

/// <summary>
/// Property tests over random scenarios (CsCheck; the failing seed is printed by CsCheck and in the message,
/// and a failure replays with that seed): R-LEDGER-3 idempotence, R-LEDGER-2 reversal + repost equals direct
/// posting, party nets sum to zero, the yearly settlement equals the sum of the months.
/// </summary>
public class LedgerProperties
{
    private const int Iterations = 60;

    private static List<LedgerLine> Append(List<LedgerLine> ledger, IEnumerable<SectionMonthOutcome> outcomes, Func<int, bool>? closed = null)
    {
        var isClosed = closed ?? (_ => false);
        var plan = LedgerPlanner.Plan(LedgerState.Current(ledger), outcomes, isClosed);
        LedgerInvariants.Check(ledger, plan, isClosed);
        var next = ledger.Count == 0 ? 1 : ledger.Max(l => l.Sequence) + 1;
        ledger.AddRange(plan.Select((l, i) => l with { Sequence = next + i }));
        return plan;
    }

    /// <summary>The statement without line sequence numbers, for comparing ledgers reached by different paths.</summary>
    private static string Canonical(SettlementStatement s) => string.Join("\n",
        s.Lines.Select(l => $"{l.Section}|{l.Month}|{l.Rule}|{l.Payer}|{l.Payee}|{l.Amount.Value}|{l.InputDigest}")
            .Concat(s.Pairs.Select(p => $"{p.River}|{p.Payer}|{p.Payee}|{p.Gross.Value}|{p.Net.Value}"))
            .Concat(s.Parties.Select(p => $"{p.Party}|{p.Receivable.Value}|{p.Payable.Value}"))
            .Concat(s.Fund.Select(f => $"{f.Party}|{f.River}|{f.Amount.Value}"))
            .Concat(s.Penalties.Select(p => $"{p.Payer}|{p.Payee}|{p.Overdue.Value}|{p.PenaltyAmount.Value}")));

    private static Scheme Revise(Scheme s, int seed)
    {
        var rng = new Random(seed);
        var results = s.Results.Select(r => rng.Next(4) == 0
            ? r with { Class = WaterClass.FromOrdinal(rng.Next(1, 7)), Revision = r.Revision + 1, Note = "复核" }
            : r).ToList();
        var exemptions = s.Exemptions.Select(e => rng.Next(2) == 0 ? e with { FinanceApproved = true, EcologyApproved = true } : e).ToList();
        return new Scheme(s.Parties, s.Rivers, s.Sections, s.Targets, results, s.Agreements, s.Signatures, exemptions, s.Payments, s.Substitutes, s.Policy);
    }

    [Fact]
    public void R_LEDGER_3_accounting_twice_adds_nothing() =>
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
            var scheme = new ScenarioGenerator(seed).Generate();
            var ledger = new List<LedgerLine>();
            Append(ledger, MonthlyAccounting.AccountYear(scheme, 2023));
            Assert.True(Append(ledger, MonthlyAccounting.AccountYear(scheme, 2023)).Count == 0, $"seed {seed}: second run posted lines");
        }, iter: Iterations);

    [Fact]
    public void R_LEDGER_2_reversal_and_repost_equals_posting_the_revised_input_directly() =>
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
            var original = new ScenarioGenerator(seed).Generate();
            var revised = Revise(original, seed);
            var viaCorrection = new List<LedgerLine>();
            Append(viaCorrection, MonthlyAccounting.AccountYear(original, 2023));
            Append(viaCorrection, MonthlyAccounting.AccountYear(revised, 2023));
            var direct = new List<LedgerLine>();
            Append(direct, MonthlyAccounting.AccountYear(revised, 2023));
            Assert.True(Canonical(YearlySettlement.Settle(revised, 2023, viaCorrection)) == Canonical(YearlySettlement.Settle(revised, 2023, direct)),
                $"seed {seed}: corrected ledger differs from direct posting");
        }, iter: Iterations);

    [Fact]
    public void Party_nets_sum_to_zero() =>
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
            var scheme = new ScenarioGenerator(seed).Generate();
            var ledger = new List<LedgerLine>();
            Append(ledger, MonthlyAccounting.AccountYear(scheme, 2023));
            Append(ledger, MonthlyAccounting.AccountYear(Revise(scheme, seed), 2023));
            var st = YearlySettlement.Settle(scheme, 2023, ledger);
            Assert.True(st.Parties.Sum(p => p.Net.Value) == 0, $"seed {seed}: party nets do not sum to zero");
            Assert.True(st.Pairs.All(p => p.Net.Value >= 0 && p.Net <= p.Gross), $"seed {seed}: a pair net outside 0…gross");
        }, iter: Iterations);

    /// <summary>
    /// A month accounted part by part (runs of its sections, as <c>account</c> into a store does) gives the outcomes of the
    /// whole month, one after another in the same order, whatever the size of the parts, a parallel month's (from 1,024
    /// sections) included.
    /// </summary>
    [Fact]
    public void A_month_accounted_part_by_part_is_the_month_accounted_at_once()
    {
        var national = new ScenarioGenerator(20261207).Generate(2023, riverCount: 400);
        Assert.True(national.Sections.Count >= 1024, "a month accounted on every core");
        PartByPart(national, 20261207);
        Gen.Int[0, int.MaxValue].Sample(seed => PartByPart(new ScenarioGenerator(seed).Generate(2023, riverCount: 6), seed), iter: 12);

        static void PartByPart(Scheme scheme, int seed)
        {
            var month = new YearMonth(2023, 1 + seed % 12);
            static string Of(SectionMonthOutcome o) =>
                $"{o.Section} {o.Purpose} {o.Rule} {o.Payer} {o.Payee} {o.Amount.Value} {o.Baseline} {o.Result} {o.Source} {o.Note?.Code} {o.ExemptionReference} {o.InputDigest}";
            var atOnce = MonthlyAccounting.AccountMonth(scheme, month).Select(Of).ToList();
            Assert.True(atOnce.Count >= scheme.Sections.Count, $"seed {seed}: an outcome per section at least");
            foreach (var size in new[] { 1, 7, 1024, scheme.Sections.Count })
            {
                var byParts = scheme.Sections.Chunk(size).SelectMany(part => MonthlyAccounting.AccountSections(scheme, part, month)).Select(Of).ToList();
                Assert.True(atOnce.SequenceEqual(byParts), $"seed {seed}: parts of {size} sections differ from the month at once");
            }
        }
    }

    [Fact]
    public void The_yearly_settlement_equals_the_sum_of_the_months() =>
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
            var scheme = new ScenarioGenerator(seed).Generate();
            var monthByMonth = new List<LedgerLine>();
            foreach (var m in YearMonth.MonthsOf(2023)) Append(monthByMonth, MonthlyAccounting.AccountMonth(scheme, m));
            var atOnce = new List<LedgerLine>();
            Append(atOnce, MonthlyAccounting.AccountYear(scheme, 2023));
            var year = YearlySettlement.Settle(scheme, 2023, monthByMonth);
            Assert.True(Canonical(year) == Canonical(YearlySettlement.Settle(scheme, 2023, atOnce)), $"seed {seed}: month by month differs from the whole year");

            // Each party's yearly net is the sum of its monthly nets.
            foreach (var party in year.Parties)
            {
                var months = YearMonth.MonthsOf(2023).Sum(m => YearlySettlement.PartyTotals(scheme, monthByMonth.Where(l => l.Month == m)).Single(p => p.Party == party.Party).Net.Value);
                Assert.True(months == party.Net.Value, $"seed {seed}: {party.Party} year net {party.Net.Value} ≠ sum of months {months}");
            }
        }, iter: Iterations);
}
