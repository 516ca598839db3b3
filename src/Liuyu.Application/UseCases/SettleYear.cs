using Liuyu.Domain;
using Liuyu.Domain.Settlement;

namespace Liuyu.Application.UseCases;

/// <summary>A year's statement with where its settlement stands and the chain head it was made from, settled once.</summary>
public sealed record YearStatement(Scheme Scheme, SettlementStatement Statement, SettlementProgress Progress, YearHead? Head);

/// <summary>R-SET-1/2 按年清缴: the statement of a year from the lines posted into it, its progress and its chain head.</summary>
public static class SettleYear
{
    public static YearStatement Run(ILiuyuStore store, int year)
    {
        var (scheme, statement) = store.LoadAndSettle(year);
        var progress = SettlementWorkflow.Progress(scheme, statement, store.SettlementSteps(year));
        return new YearStatement(scheme, statement, progress, store.HeadOfYear(year));
    }
}
