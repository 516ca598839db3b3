namespace Liuyu.Application.UseCases;

/// <summary>按月核算: accounts a year, or one month of it, into the ledger (R-LEDGER-2/3/4); unchanged inputs post nothing.</summary>
public static class AccountPeriod
{
    public static AccountingReport Run(ILiuyuStore store, int year, int? month = null) => store.Account(year, month);
}
