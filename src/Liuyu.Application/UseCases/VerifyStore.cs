namespace Liuyu.Application.UseCases;

/// <summary>What a statement's chain head says against the store (<c>liuyu verify --head HEX --year Y</c>).</summary>
public enum HeadMatch
{
    /// <summary>The head is the year's current chain head: the statement is the ledger as it stands.</summary>
    Current,
    /// <summary>The head is that of an earlier line of the year: lines were posted into the year after the statement.</summary>
    Superseded,
    /// <summary>No line of the year has this head: the statement is not of this store, or the ledger was rewritten.</summary>
    Unknown,
}

/// <summary>The verification of a store, and of a statement's chain head when one was given.</summary>
public sealed record Verification(VerifyReport Report, int? Year, string? Head, HeadMatch? Match, YearHead? Current)
{
    public bool Ok => Report.Ok && Match is null or HeadMatch.Current;
}

/// <summary>
/// <c>liuyu verify</c>: every line's digest from its inputs, every amount from its tier, every link of the hash chains,
/// the pair totals, the closed years and the statement digests (<see cref="ILiuyuStore.Verify"/>); with a chain head
/// from a signed statement, whether the ledger of that year is still the one the statement was printed from.
/// </summary>
public static class VerifyStore
{
    public static Verification Run(ILiuyuStore store, int? year = null, string? head = null, CancellationToken cancellation = default)
    {
        var report = store.Verify(cancellation);
        if (year is not { } y || string.IsNullOrWhiteSpace(head)) return new Verification(report, year, head, null, year is { } yy ? store.HeadOfYear(yy) : null);
        var h = head.Trim().ToLowerInvariant();
        var current = store.HeadOfYear(y);
        HeadMatch match;
        if (current?.Head == h) match = HeadMatch.Current;
        else if (store.ChainLinksOf(y).Contains(h)) match = HeadMatch.Superseded;
        else match = HeadMatch.Unknown;
        return new Verification(report, y, h, match, current);
    }

    /// <summary>
    /// Refuses a settlement step (清算, 关账) on a store whose chain does not verify: a broken chain is a matter for the
    /// auditor before any year is cleared or closed on it.
    /// </summary>
    public static void RequireIntact(ILiuyuStore store, string step)
    {
        var report = store.Verify();
        if (report.Ok) return;
        var first = report.Problems[0];
        throw new NotAllowedException(step == "close" ? Data.Csv.ErrorCodes.ChainBrokenClose : Data.Csv.ErrorCodes.ChainBrokenClear,
            ("problems", report.Problems.Count), ("first", $"{first.Chain} {first.Id} {first.Code}"));
    }
}
