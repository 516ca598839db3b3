using Liuyu.Domain.Settlement;

namespace Liuyu.Application.UseCases;

/// <summary>R-SET-1 清算: the Finance Bureau clears a year once every party has confirmed its current statement, on a store that verifies.</summary>
public static class ClearYear
{
    public static SettlementProgress Run(ILiuyuStore store, int year, string who)
    {
        VerifyStore.RequireIntact(store, "clear");
        return store.Clear(year, who);
    }
}
