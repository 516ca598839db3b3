namespace Liuyu.Application.UseCases;

/// <summary>R-LEDGER-4 关账: closes a cleared year (or, from the CLI, one explicitly not cleared), on a store that verifies.</summary>
public static class CloseYear
{
    public static void Run(ILiuyuStore store, int year, string who, bool requireClearance = true)
    {
        VerifyStore.RequireIntact(store, "close");
        store.CloseYear(year, who, requireClearance);
    }
}
