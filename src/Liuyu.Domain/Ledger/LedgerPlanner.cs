using Liuyu.Domain.Accounting;

namespace Liuyu.Domain.Ledger;

/// <summary>
/// Decides which lines to append for a set of outcomes, given the lines already in the ledger:
/// R-LEDGER-3 an unchanged outcome (same input digest) adds nothing; R-LEDGER-2 / R-DATA-5 a changed one
/// posts a reversal of the current line and a new line; R-LEDGER-4 when the month's year is closed both are
/// posted as a named adjustment into the next open year.
/// </summary>
public static class LedgerPlanner
{
    /// <param name="current">The current (unreversed) posting per key, as <see cref="LedgerState.Current"/> gives.</param>
    /// <param name="isClosed">Whether a settlement year is closed.</param>
    /// <param name="firstSequence">
    /// When positive, the planned lines are numbered from it, as a store appending them after its last line would number
    /// them (a ledger planned in memory, <c>account --data</c>); 0 leaves them unnumbered for the store to number.
    /// </param>
    public static List<LedgerLine> Plan(
        IReadOnlyDictionary<(SectionId, YearMonth, string), LedgerLine> current,
        IEnumerable<SectionMonthOutcome> outcomes,
        Func<int, bool> isClosed,
        long firstSequence = 0)
    {
        var append = new List<LedgerLine>();
        long Next() => firstSequence > 0 ? firstSequence + append.Count : 0;
        foreach (var o in outcomes)
        {
            current.TryGetValue((o.Section, o.Month, o.Purpose), out var existing);
            if (existing is not null && existing.InputDigest == o.InputDigest) continue;
            var year = o.Month.Year;
            var adjustment = isClosed(year);
            if (adjustment) year = NextOpenYear(year, isClosed);
            if (existing is not null)
            {
                var reversal = existing.ReverseInto(year, adjustment);
                append.Add(firstSequence > 0 ? reversal with { Sequence = Next() } : reversal);
            }
            append.Add(LedgerLine.Post(o, year, adjustment, Next()));
        }
        return append;
    }

    /// <summary>R-LEDGER-4: the first year after <paramref name="year"/> that is not closed.</summary>
    public static int NextOpenYear(int year, Func<int, bool> isClosed)
    {
        var y = year + 1;
        while (isClosed(y)) y++;
        return y;
    }
}

/// <summary>Reads the state of a ledger from its lines.</summary>
public static class LedgerState
{
    /// <summary>The current posting per key: the last posting that no reversal names.</summary>
    public static Dictionary<(SectionId, YearMonth, string), LedgerLine> Current(IEnumerable<LedgerLine> lines)
    {
        var reversed = new HashSet<long>();
        var current = new Dictionary<(SectionId, YearMonth, string), LedgerLine>();
        foreach (var l in lines.OrderBy(l => l.Sequence))
        {
            if (l.Kind == LedgerLineKind.Reversal)
            {
                reversed.Add(l.Reverses!.Value);
                if (current.TryGetValue(l.Key, out var c) && c.Sequence == l.Reverses) current.Remove(l.Key);
            }
            else if (!reversed.Contains(l.Sequence))
                current[l.Key] = l;
        }
        return current;
    }
}
