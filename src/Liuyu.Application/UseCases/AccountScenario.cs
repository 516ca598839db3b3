using Liuyu.Data.Csv;
using Liuyu.Data.Scenario;
using Liuyu.Domain;
using Liuyu.Domain.Accounting;
using Liuyu.Domain.Ledger;
using Liuyu.Domain.Settlement;

namespace Liuyu.Application.UseCases;

/// <summary>A scenario accounted from scratch: its scheme, the year's statement and the import's warnings.</summary>
public sealed record ScenarioStatement(Scheme Scheme, SettlementStatement Statement, IReadOnlyList<InputError> Warnings);

/// <summary>
/// <c>liuyu account --data DIR --year Y</c>: a scenario folder or workbook read and validated exactly as an import
/// reads it, every month of the year accounted, the year settled (the accounting JSON of formats.md is its
/// statement).
/// </summary>
/// <remarks>
/// Nothing is stored, so nothing goes through a database: the scheme is built from the validated rows, the ledger
/// of an empty store is planned in memory by the same <see cref="LedgerPlanner"/> (R-LEDGER-2/3) and checked by the
/// same invariants, and the statement comes from <see cref="YearlySettlement"/>. A store imported from the same
/// folder and accounted gives the same statement: the storage test
/// <c>One_shot_accounting_equals_the_store_statement</c> holds both paths together, on SQLite and PostgreSQL.
/// </remarks>
public static class AccountScenario
{
    public static ScenarioStatement Run(string path, int year)
    {
        var data = ScenarioReader.ReadAny(path);
        var scheme = data.ToScheme();
        var outcomes = MonthlyAccounting.AccountYear(scheme, year);
        // Numbered as an empty store would number them (from 1), so that the statement is the one the store's ledger gives.
        var lines = LedgerPlanner.Plan(new Dictionary<(SectionId, YearMonth, string), LedgerLine>(), outcomes, _ => false, firstSequence: 1);
        // The invariants and the statement read the planned lines and nothing of each other; a failed check is still what
        // is reported (InParallel.Run rethrows the first failure in this order).
        SettlementStatement? statement = null;
        InParallel.Run(lines.Count >= InParallel.LinesFrom, () => LedgerInvariants.Check([], lines, _ => false), () => statement = YearlySettlement.Settle(scheme, year, lines));
        return new ScenarioStatement(scheme, statement!, data.Warnings);
    }

    /// <summary>The same through a store: imported into <paramref name="emptyStore"/>, accounted there and settled.</summary>
    public static ScenarioStatement Run(ILiuyuStore emptyStore, string path, int year)
    {
        var report = ImportScenario.Run(emptyStore, path, "liuyu account");
        var scheme = emptyStore.LoadScheme();
        emptyStore.Account(scheme, year);
        return new ScenarioStatement(scheme, emptyStore.Settle(scheme, year), report.Warnings);
    }
}
