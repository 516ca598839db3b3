using System.Data.Common;
using Liuyu.Data.Scenario;
using Liuyu.Domain;
using Liuyu.Domain.Accounting;
using Liuyu.Storage.Model;

namespace Liuyu.Storage;

/// <summary>
/// The scheme's tables read in plain SQL on the store's connection (in its current transaction), as
/// <see cref="Mapping"/> makes their rows into domain records: every column of each table, in the order EF Core's
/// query gave (the same <c>ORDER BY</c>, or none), with the values read by the same reader methods its type mappings
/// use (a date through <c>GetFieldValue&lt;DateOnly&gt;</c>, a decimal through <c>GetDecimal</c>). So loading a scheme
/// compiles no EF Core query and does not wait for its model (see <see cref="Db"/>). A column added to one of these tables
/// must be read here too: <c>The_scheme_read_in_plain_sql_is_the_one_ef_cores_queries_read</c> compares these reads with
/// EF Core's on both engines, and catches a column left out only where its data uses it.
/// </summary>
public sealed partial class LiuyuStore
{
    /// <summary>
    /// Loads everything the accounting reads, in registration order. Results are the imported ones, then the
    /// computed ones of section-months without an imported result (<see cref="ResultPrecedence"/>).
    /// </summary>
    public Scheme LoadScheme() => LoadScheme(withResults: true);

    public Scheme LoadSchemeWithoutResults() => LoadScheme(withResults: false);

    /// <param name="withResults">
    /// False for a scheme to settle with: the statement reads the ledger's lines, which carry the results they were
    /// accounted from, and nothing of the scheme's monthly results (<see cref="Liuyu.Domain.Settlement.YearlySettlement"/>), so they are not read:
    /// on a national year 240,000 of them, read while the year's lines are. Such a scheme must never be accounted with.
    /// </param>
    /// <param name="ownWriteUnwritten">
    /// The store's transaction is <c>account</c>'s own, just begun under the write lock, and has written nothing: the
    /// imported results may then be read on another connection too (<see cref="ReadImportedResults(bool)"/>).
    /// </param>
    private Scheme LoadScheme(bool withResults, bool ownWriteUnwritten = false)
    {
        OpenConnection(); // one connection for every read (on SQLite, opening one reads the schema again)
        try
        {
            // Computed results and station months are read through EF Core: where there are any, its model is begun on the
            // other core (a writer that writes in plain SQL alone, account, does not begin it) while the imported results are read.
            var anyLab = withResults && !IsEmpty("computed_results");
            var anyStation = withResults && !IsEmpty("station_months");
            if (anyLab || anyStation) WarmUp();
            var results = withResults
                ? ResultPrecedence.Merge(ReadImportedResults(ownWriteUnwritten), ComputedMonthlyResults(anyLab, anyStation))
                : [];
            return new Scheme(
                Rows("SELECT id, name, kind, ordinal, province FROM parties ORDER BY ordinal",
                    r => new PartyRow { Id = r.GetString(0), Name = r.GetString(1), Kind = r.GetString(2), Ordinal = r.GetInt32(3), Province = r.GetString(4) }.ToDomain()),
                Rows("SELECT id, name, inflow_province, ordinal FROM rivers ORDER BY ordinal",
                    r => new RiverRow { Id = r.GetString(0), Name = r.GetString(1), InflowProvince = Text(r, 2), Ordinal = r.GetInt32(3) }.ToDomain()),
                ReadSections(),
                ReadTargets(),
                results,
                Rows("SELECT id, river_id, effective_from, effective_to, tier1_fen, tier2_fen, rule_family, family_parameters, quantity_amount_fen, " +
                     "quantity_mode FROM agreements ORDER BY id",
                    r => new AgreementRow
                    {
                        Id = r.GetInt64(0), RiverId = r.GetString(1), EffectiveFrom = r.GetFieldValue<DateOnly>(2), EffectiveTo = r.GetFieldValue<DateOnly>(3),
                        Tier1Fen = r.GetInt64(4), Tier2Fen = r.GetInt64(5), RuleFamily = r.GetString(6), FamilyParameters = Text(r, 7),
                        QuantityAmountFen = r.IsDBNull(8) ? null : r.GetInt64(8), QuantityMode = Text(r, 9),
                    }.ToDomain()),
                Setting("signatures_tracked")
                    ? Rows("SELECT river_id, party_id, signed_on FROM signatures",
                        r => new SignatureRow { RiverId = r.GetString(0), PartyId = r.GetString(1), SignedOn = r.GetFieldValue<DateOnly>(2) }.ToDomain())
                    : null,
                Rows("SELECT section_id, month, finance_approved, ecology_approved, reason, applied_by, rejected_by, rejection_reason FROM exemptions",
                    r => new ExemptionRow
                    {
                        SectionId = r.GetString(0), Month = r.GetInt32(1), FinanceApproved = r.GetBoolean(2), EcologyApproved = r.GetBoolean(3),
                        Reason = r.GetString(4), AppliedBy = Text(r, 5), RejectedBy = Text(r, 6), RejectionReason = Text(r, 7),
                    }.ToDomain()),
                Setting("payments_tracked")
                    ? Rows("SELECT id, year, payer, payee, amount_fen, paid_on FROM payments",
                        r => new PaymentRow
                        {
                            Id = r.GetInt64(0), Year = r.GetInt32(1), Payer = r.GetString(2), Payee = r.GetString(3), AmountFen = r.GetInt64(4),
                            PaidOn = r.GetFieldValue<DateOnly>(5),
                        }.ToDomain())
                    : null,
                Rows("SELECT id, river_id, year, payer, payee, kind, replaces_fen, assessed_fen, description FROM substitutes",
                    r => new SubstituteRow
                    {
                        Id = r.GetInt64(0), RiverId = r.GetString(1), Year = r.GetInt32(2), Payer = r.GetString(3), Payee = r.GetString(4), Kind = r.GetString(5),
                        ReplacesFen = r.GetInt64(6), AssessedFen = r.GetInt64(7), Description = r.GetString(8),
                    }.ToDomain()),
                ScenarioData.BuildSchedule(Rows("SELECT id, effective_from, \"key\", \"value\" FROM policy ORDER BY id",
                    r => new PolicyOverride(r.IsDBNull(1) ? null : r.GetFieldValue<DateOnly>(1), r.GetString(2), r.GetString(3)))),
                Rows("SELECT section_id, year, min_flow FROM quantity_targets",
                    r => new QuantityTargetRow { SectionId = r.GetString(0), Year = r.GetInt32(1), MinFlow = r.GetDecimal(2) }.ToDomain()),
                Rows("SELECT section_id, month, min_daily_flow FROM flows",
                    r => new FlowRow { SectionId = r.GetString(0), Month = r.GetInt32(1), MinDailyFlow = r.IsDBNull(2) ? null : r.GetDecimal(2) }.ToDomain()))
            { ResultsLeftOut = !withResults };
        }
        finally { CloseConnection(); }
    }

    private static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    /// <summary>Whether a scheme-wide switch (settings, <c>true</c>) is on.</summary>
    private bool Setting(string key) => Count("SELECT COUNT(*) FROM settings WHERE \"key\" = @p0 AND \"value\" = 'true'", key) > 0;

    /// <summary>Whether a table has no row: a table the national year leaves empty is then not read through EF Core.</summary>
    private bool IsEmpty(string table) => Count($"SELECT COUNT(*) FROM (SELECT 1 FROM {table} LIMIT 1) AS t") == 0;

    /// <summary>
    /// The rows of <paramref name="rows"/> through EF Core (tracked unless the query says otherwise, for the import to
    /// update them in place), or none, without a query, when <paramref name="table"/> has no row: a new store's first
    /// import would otherwise compile a dozen EF Core queries that find nothing (on the national registry, 0.35 s of the
    /// JIT compiler's CPU time of 2.2 s). The query is made only then, so an empty table does not make EF Core's context.
    /// </summary>
    private List<T> Tracked<T>(string table, Func<LiuyuDb, IQueryable<T>> rows) => IsEmpty(table) ? [] : [.. rows(Db)];

    /// <summary>The rows of a statement on the store's connection, in its current transaction, each made by <paramref name="row"/>.</summary>
    internal List<T> Rows<T>(string sql, Func<DbDataReader, T> row, params object?[] args)
    {
        OpenConnection();
        try
        {
            using var cmd = Command(sql, args);
            using var reader = cmd.ExecuteReader();
            var rows = new List<T>();
            while (reader.Read()) rows.Add(row(reader));
            return rows;
        }
        finally { CloseConnection(); }
    }
}
