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
        foreach (var chunk in outcomes.Chunk(ChunkSize)) PlanChunk(current, chunk, isClosed, firstSequence, append);
        return append;
    }

    private const int ChunkSize = 8192;

    /// <summary>Below this many outcomes a chunk's lines are made on one thread.</summary>
    private const int ParallelFrom = 1024;

    /// <summary>
    /// Plans a chunk of outcomes: what each needs (the current line of its key, whether its digest changed, the year it
    /// posts into) is decided in order, on this thread, so <paramref name="isClosed"/> is asked as before and the lines
    /// are numbered in order; the lines themselves (a national year's 240,000 postings, each a copy of its outcome) are
    /// then made on every core into their places.
    /// </summary>
    private static void PlanChunk(
        IReadOnlyDictionary<(SectionId, YearMonth, string), LedgerLine> current,
        SectionMonthOutcome[] chunk,
        Func<int, bool> isClosed,
        long firstSequence,
        List<LedgerLine> append)
    {
        var replaced = new LedgerLine?[chunk.Length];
        var postedYear = new int[chunk.Length];
        var adjustment = new bool[chunk.Length];
        var first = new int[chunk.Length]; // the chunk's index of the outcome's first line; -1 for none
        var count = 0;
        for (var i = 0; i < chunk.Length; i++)
        {
            var o = chunk[i];
            current.TryGetValue((o.Section, o.Month, o.Purpose), out var existing);
            if (existing is not null && existing.InputDigest == o.InputDigest) { first[i] = -1; continue; }
            var year = o.Month.Year;
            adjustment[i] = isClosed(year);
            postedYear[i] = adjustment[i] ? NextOpenYear(year, isClosed) : year;
            replaced[i] = existing;
            first[i] = count;
            count += existing is null ? 1 : 2;
        }
        var made = new LedgerLine[count];
        var offset = append.Count;
        long Sequence(int index) => firstSequence > 0 ? firstSequence + offset + index : 0;
        void Make(int i)
        {
            var at = first[i];
            if (at < 0) return;
            if (replaced[i] is { } existing)
            {
                var reversal = existing.ReverseInto(postedYear[i], adjustment[i]);
                made[at] = firstSequence > 0 ? reversal with { Sequence = Sequence(at) } : reversal;
                at++;
            }
            made[at] = LedgerLine.Post(chunk[i], postedYear[i], adjustment[i], Sequence(at));
        }
        if (chunk.Length < ParallelFrom)
            for (var i = 0; i < chunk.Length; i++) Make(i);
        else
            InParallel.For(chunk.Length, Make);
        append.AddRange(made);
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
        var ordered = InSequence(lines);
        var current = new Dictionary<(SectionId, YearMonth, string), LedgerLine>(ordered.Count);
        foreach (var l in ordered)
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

    /// <summary>
    /// The lines in order of sequence, as a stable sort gives them. A ledger read from a store or planned in memory is in
    /// that order already (a national year: 240,000 lines), so one pass checks it and the sort's keys are made only when
    /// it is not.
    /// </summary>
    private static IReadOnlyList<LedgerLine> InSequence(IEnumerable<LedgerLine> lines)
    {
        var list = lines as IReadOnlyList<LedgerLine> ?? lines.ToList();
        for (var i = 1; i < list.Count; i++)
            if (list[i - 1].Sequence > list[i].Sequence) return list.OrderBy(l => l.Sequence).ToList();
        return list;
    }
}
