namespace Liuyu.Storage.Migrations;

/// <summary>
/// R-LEDGER-2, issue 10: the ledger's one index on its key (section, month, purpose), made by the migration
/// <c>LedgerKeyIndex</c> on both engines. Its fourth column is 0 for a first posting (a posting that supersedes nothing)
/// and NULL for every other line; NULLs are never equal in a unique index (SQLite, and PostgreSQL's default NULLS
/// DISTINCT), so the index is unique on the key for first postings alone, exactly as the filtered index it replaces
/// was, while it holds every line: a section-month's lines (its history, a revision's reversals) are found through it
/// instead of by scanning the ledger. A national year's append writes one entry a line
/// into it, as it did into the filtered index (nearly every line of a year is a first posting).
/// </summary>
internal static class LedgerKeyIndexSql
{
    public const string Name = "ux_ledger_lines_first_posting";

    public const string Create =
        $"CREATE UNIQUE INDEX {Name} ON ledger_lines (section_id, month, purpose, (CASE WHEN kind = 'posting' AND supersedes IS NULL THEN 0 END));";

    /// <summary>The filtered index of the migration LedgerIntegrity, for going back.</summary>
    public const string Filtered = "kind = 'posting' AND supersedes IS NULL";
}
