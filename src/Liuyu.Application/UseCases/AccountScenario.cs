using Liuyu.Data.Csv;
using Liuyu.Domain;
using Liuyu.Domain.Settlement;

namespace Liuyu.Application.UseCases;

/// <summary>A scenario accounted from scratch: its scheme, the year's statement and the import's warnings.</summary>
public sealed record ScenarioStatement(Scheme Scheme, SettlementStatement Statement, IReadOnlyList<InputError> Warnings);

/// <summary>
/// <c>liuyu account --data DIR --year Y</c>: a scenario folder or workbook imported into an empty store, every month
/// of the year accounted, the year settled (the accounting JSON of formats.md is its statement).
/// </summary>
public static class AccountScenario
{
    public static ScenarioStatement Run(ILiuyuStore emptyStore, string path, int year)
    {
        var report = ImportScenario.Run(emptyStore, path, "liuyu account");
        var scheme = emptyStore.LoadScheme();
        emptyStore.Account(scheme, year);
        return new ScenarioStatement(scheme, emptyStore.Settle(scheme, year), report.Warnings);
    }
}
