namespace Liuyu.Domain.Ledger;

/// <summary>A broken ledger invariant: a bug, never a user error. The write must stop, loudly.</summary>
public sealed class LedgerInvariantException(string message) : Exception(message);

/// <summary>
/// The ledger's invariants, checked in the transaction that writes and kept on in Release (R-LEDGER-1..4):
/// payer ≠ payee; amounts ≥ 0; a line with an amount has both parties; a reversal reverses an existing
/// posting of the same key, payer, payee and amount, once; at most one current posting per key; nothing is posted
/// into a closed year. "Party nets sum to zero" is true of any set of lines with a payer and a payee, so it is no
/// longer checked on every write (<see cref="CheckNetsSumToZero"/> stays for the property tests); the store checks
/// instead, independently of the planner, that each posting's amount is the tier its rule family gives for its
/// baseline, result and tiers, and <c>liuyu verify</c> adds the pair totals and the hash chains.
/// </summary>
public static class LedgerInvariants
{
    public static void Check(IReadOnlyList<LedgerLine> existing, IReadOnlyList<LedgerLine> appended, Func<int, bool> isClosed)
    {
        var bySequence = new Dictionary<long, LedgerLine>(existing.Count);
        foreach (var l in existing) bySequence[l.Sequence] = l;
        var reversed = new HashSet<long>(existing.Where(l => l.Kind == LedgerLineKind.Reversal).Select(l => l.Reverses!.Value));
        foreach (var l in appended)
        {
            Require(l.Amount.Value >= 0, l, "amount is negative");
            Require(l.Payer is null || l.Payer != l.Payee, l, "payer equals payee");
            Require(l.Amount.Value == 0 || (l.Payer is not null && l.Payee is not null), l, "an amount without both payer and payee");
            // The message is made only when an invariant breaks (240,000 lines a national year).
            if (isClosed(l.PostedYear)) Fail(l, $"posted into closed year {l.PostedYear}");
            Require(l.IsAdjustment || l.PostedYear == l.Month.Year, l, "a non-adjustment posted outside its month's year");
            if (l.Kind == LedgerLineKind.Reversal)
            {
                Require(l.Reverses is { } r && bySequence.TryGetValue(r, out var target) && target.Kind == LedgerLineKind.Posting
                        && target.Key == l.Key && target.Amount == l.Amount && target.Payer == l.Payer && target.Payee == l.Payee,
                    l, "a reversal that does not match the posting it names");
                if (!reversed.Add(l.Reverses!.Value)) Fail(l, $"line {l.Reverses} reversed twice");
            }
        }
        var current = new HashSet<(SectionId, YearMonth, string)>(existing.Count + appended.Count);
        foreach (var p in existing.Concat(appended).Where(l => l.Kind == LedgerLineKind.Posting && (l.Sequence == 0 || !reversed.Contains(l.Sequence))))
            if (!current.Add(p.Key))
                throw new LedgerInvariantException($"ledger invariant broken: two current postings for {p.Section} {p.Month} {p.Purpose}");
    }

    /// <summary>Every fen paid is received by someone: over all parties the nets sum to zero.</summary>
    public static void CheckNetsSumToZero(IEnumerable<LedgerLine> lines)
    {
        var nets = new Dictionary<PartyId, long>();
        foreach (var l in lines.Where(l => l.Amount.Value != 0))
        {
            nets[l.Payer!.Value] = nets.GetValueOrDefault(l.Payer!.Value) - l.SignedAmount.Value;
            nets[l.Payee!.Value] = nets.GetValueOrDefault(l.Payee!.Value) + l.SignedAmount.Value;
        }
        var sum = nets.Values.Sum();
        if (sum != 0) throw new LedgerInvariantException($"ledger invariant broken: party nets sum to {sum} fen, not 0");
    }

    private static void Require(bool condition, LedgerLine line, string what)
    {
        if (!condition) Fail(line, what);
    }

    private static void Fail(LedgerLine line, string what) =>
        throw new LedgerInvariantException($"ledger invariant broken: {what} (line {line.Sequence}, {line.Section} {line.Month}, {line.Kind})");
}
