using Liuyu.Domain;
using Liuyu.Domain.Settlement;

namespace Liuyu.Application.UseCases;

/// <summary>
/// A year's statement with the steps of its settlement and the chain head it was made from, settled once. Where the
/// settlement stands (<see cref="Progress"/>) is worked out when first asked: it digests the whole statement (on a
/// national year 240,000 lines, 0.15 s), and the statement's JSON (<c>settle --json</c>) shows none of it. A class, not
/// a record: a value worked out later has no place in a record's equality or in its <c>with</c> copies.
/// </summary>
public sealed class YearStatement(Scheme scheme, SettlementStatement statement, IReadOnlyList<SettlementStep> steps, YearHead? head)
{
    private SettlementProgress? _progress;

    public Scheme Scheme => scheme;
    public SettlementStatement Statement => statement;
    public IReadOnlyList<SettlementStep> Steps => steps;
    public YearHead? Head => head;

    /// <summary>Worked out on first use (two threads asking at once may both work it out; either result is the same).</summary>
    public SettlementProgress Progress => _progress ??= SettlementWorkflow.Progress(scheme, statement, steps);
}

/// <summary>R-SET-1/2 按年清缴: the statement of a year from the lines posted into it, its progress and its chain head.</summary>
public static class SettleYear
{
    public static YearStatement Run(ILiuyuStore store, int year)
    {
        var (scheme, statement) = store.LoadAndSettle(year);
        return new YearStatement(scheme, statement, store.SettlementSteps(year), store.HeadOfYear(year));
    }
}
