using Liuyu.Domain.Accounting;
using Liuyu.Domain.Ledger;
using static Liuyu.Domain.Tests.Builders;

namespace Liuyu.Domain.Tests;

/// <summary>R-LEDGER-1..4 in the pure planner and the invariants.</summary>
public class LedgerBehaviour
{
    private static SectionMonthOutcome Outcome(string baseline, string? result) =>
        MonthlyAccounting.AccountSection(OneSection(baseline, result), Sec("S1"), Jan);

    private static List<LedgerLine> Number(IEnumerable<LedgerLine> lines, long start = 1) => lines.Select((l, i) => l with { Sequence = start + i }).ToList();

    [Fact]
    public void R_LEDGER_3_an_unchanged_outcome_posts_nothing()
    {
        var first = Number(LedgerPlanner.Plan(new Dictionary<(SectionId, YearMonth, string), LedgerLine>(), [Outcome("III", "IV")], _ => false));
        var again = LedgerPlanner.Plan(LedgerState.Current(first), [Outcome("III", "IV")], _ => false);
        Assert.Single(first);
        Assert.Empty(again);
    }

    [Fact]
    public void R_LEDGER_2_a_changed_outcome_posts_a_reversal_then_a_new_line()
    {
        var first = Number(LedgerPlanner.Plan(new Dictionary<(SectionId, YearMonth, string), LedgerLine>(), [Outcome("III", "IV")], _ => false));
        var next = LedgerPlanner.Plan(LedgerState.Current(first), [Outcome("III", "II")], _ => false);
        Assert.Equal([LedgerLineKind.Reversal, LedgerLineKind.Posting], next.Select(l => l.Kind));
        Assert.Equal(first[0].Sequence, next[0].Reverses);
        Assert.Equal(first[0].Amount, next[0].Amount);
        Assert.Equal(B, next[1].Payer);
        LedgerInvariants.Check(first, next, _ => false);
    }

    /// <summary>Issue 10: a ledger planned in memory is numbered as a store appending it after its last line numbers it.</summary>
    [Fact]
    public void Planned_lines_numbered_from_a_first_sequence_are_numbered_as_the_store_numbers_them()
    {
        var first = Number(LedgerPlanner.Plan(new Dictionary<(SectionId, YearMonth, string), LedgerLine>(), [Outcome("III", "IV")], _ => false));
        var unnumbered = LedgerPlanner.Plan(LedgerState.Current(first), [Outcome("III", "II")], _ => false);
        var numbered = LedgerPlanner.Plan(LedgerState.Current(first), [Outcome("III", "II")], _ => false, firstSequence: 2);
        Assert.Equal(Number(unnumbered, start: 2), numbered);
        Assert.Equal([2L, 3L], numbered.Select(l => l.Sequence));
        Assert.Equal((LedgerLineKind.Reversal, 1L), (numbered[0].Kind, numbered[0].Reverses!.Value));
        Assert.All(unnumbered, l => Assert.Equal(0, l.Sequence));
    }

    [Fact]
    public void R_LEDGER_4_a_closed_year_takes_corrections_as_adjustments_in_the_next_open_year()
    {
        var first = Number(LedgerPlanner.Plan(new Dictionary<(SectionId, YearMonth, string), LedgerLine>(), [Outcome("III", "IV")], _ => false));
        var closed = new HashSet<int> { 2023, 2024 };
        var next = LedgerPlanner.Plan(LedgerState.Current(first), [Outcome("III", "II")], closed.Contains);
        Assert.All(next, l => Assert.True(l.IsAdjustment && l.PostedYear == 2025));
        LedgerInvariants.Check(first, next, closed.Contains);
    }

    [Fact]
    public void Invariants_reject_payer_equal_to_payee_negative_amounts_and_double_reversals()
    {
        var line = Number(LedgerPlanner.Plan(new Dictionary<(SectionId, YearMonth, string), LedgerLine>(), [Outcome("III", "IV")], _ => false))[0];
        Assert.Throws<LedgerInvariantException>(() => LedgerInvariants.Check([], [line with { Sequence = 0, Payee = line.Payer }], _ => false));
        Assert.Throws<LedgerInvariantException>(() => LedgerInvariants.Check([], [line with { Sequence = 0, Amount = new Fen(-1) }], _ => false));
        Assert.Throws<LedgerInvariantException>(() => LedgerInvariants.Check([], [line with { Sequence = 0 }], y => y == 2023));
        var reversal = line.ReverseInto(2023, false);
        LedgerInvariants.Check([line], [reversal], _ => false);
        Assert.Throws<LedgerInvariantException>(() => LedgerInvariants.Check([line, reversal with { Sequence = 2 }], [reversal], _ => false));
        Assert.Throws<LedgerInvariantException>(() => LedgerInvariants.Check([line], [line with { Sequence = 0 }], _ => false));
    }
}
