using System.Data;
using System.Data.Common;
using System.Globalization;
using Liuyu.Data.Csv;
using Liuyu.Domain;
using Liuyu.Domain.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Liuyu.Storage;

public sealed partial class LiuyuStore
{
    /// <summary>The columns a domain ledger line is read from, in the order <see cref="ReadLines"/> reads them.</summary>
    private static readonly string[] LedgerLineColumns =
    [
        "sequence", "kind", "posted_year", "is_adjustment", "reverses", "river_id", "section_id", "month", "purpose", "rule", "payer", "payee",
        "amount_fen", "baseline", "baseline_from", "result", "source", "note", "note_code", "note_args", "exemption_reference", "policy_version",
        "rule_family", "input_digest", "baseline_basis", "result_revision", "tier1_fen", "tier2_fen", "class_difference", "parameters", "flow",
        "flow_target",
    ];

    private static readonly string[] ImportedResultColumns = ["section_id", "month", "class", "source", "note", "revision", "deciding_indicators"];

    /// <summary>
    /// The ledger lines matching <paramref name="where"/> (SQL over ledger_lines, with <c>@p0</c>, <c>@p1</c> … for
    /// <paramref name="args"/>, whole numbers), in sequence order, as domain lines: read by a lean projection on the
    /// store's own connection and transaction, without EF entities or change tracking, and with each distinct note
    /// parsed once. The lines are those <see cref="Mapping.ToDomain(Model.LedgerLineRow)"/> makes.
    /// </summary>
    internal List<LedgerLine> ReadLedgerLines(string where, params long[] args) =>
        Lean(LedgerLineColumns, $"FROM ledger_lines WHERE {where} ORDER BY sequence", args, ReadLines);

    /// <summary>
    /// Every imported result (all revisions), as <see cref="Mapping.ToDomain(Model.ResultRow)"/> makes them, by a lean
    /// projection in the table's own order (a national year has hundreds of thousands).
    /// </summary>
    internal List<MonthlyResult> ReadImportedResults() => Lean(ImportedResultColumns, "FROM results", [], ReadResults);

    private static readonly string[] SectionReadColumns =
        ["id", "name", "river_id", "upstream", "downstream", "kind", "distance_km", "approved", "reference_section"];

    private static readonly string[] TargetReadColumns = ["section_id", "year", "class"];

    /// <summary>
    /// Every section in registration order, as <see cref="Mapping.ToDomain(Model.SectionRow)"/> makes them, by a lean
    /// projection (a national registry has 20,000; read at every accounting and settlement).
    /// </summary>
    internal List<Section> ReadSections() => Lean(SectionReadColumns, "FROM sections ORDER BY ordinal", [], r =>
    {
        var sections = new List<Section>();
        var texts = new TextPool();
        while (r.Next())
            sections.Add(new Section(new SectionId(r.Text(0)), r.Text(1), new RiverId(r.Shared(2, texts)), new PartyId(r.Shared(3, texts)),
                new PartyId(r.Shared(4, texts)), Mapping.Parse<SectionKind>(r.Shared(5, texts)), r.Decimal(6), r.Boolean(7),
                r.NullableText(8) is { } reference ? new SectionId(reference) : null));
        return sections;
    });

    /// <summary>Every annual target in the table's own order, as <see cref="Mapping.ToDomain(Model.TargetRow)"/> makes them, by a lean projection.</summary>
    internal List<Target> ReadTargets() => Lean(TargetReadColumns, "FROM targets", [], r =>
    {
        var targets = new List<Target>();
        var texts = new TextPool();
        while (r.Next()) targets.Add(new Target(new SectionId(r.Shared(0, texts)), (int)r.Int64(1), WaterClass.FromOrdinal((int)r.Int64(2))));
        return targets;
    });

    /// <summary>
    /// Runs a lean read (<c>SELECT columns tail</c>) on the store's connection, inside its current transaction if one
    /// is open. On SQLite the statement is stepped through SQLite's own interface (<see cref="SqliteColumns"/>), with
    /// one more column that says which columns are NULL in the row (every column has its bit, so no list of the nullable
    /// ones is kept beside the schema's): every value is a
    /// call into SQLite (a handle taken and released, the connection's mutex locked and unlocked), and Microsoft.Data.Sqlite's
    /// reader asks for a column's type before each value too. On a national year's ledger that read took 2.1 s and
    /// takes 1.25 s now (<c>liuyu settle</c> on the national store).
    /// </summary>
    private T Lean<T>(string[] columns, string tail, long[] args, Func<LeanColumns, T> read)
    {
        var conn = _db.Database.GetDbConnection();
        _db.Database.OpenConnection();
        try
        {
            if (conn is Microsoft.Data.Sqlite.SqliteConnection { Handle: { } handle })
            {
                // One bit per column in a 64-bit integer (the ledger has 32 columns).
                if (columns.Length > 62) throw new InvalidOperationException($"a lean read has at most 62 columns, not {columns.Length}");
                var mask = string.Join(" | ", columns.Select((c, i) => $"(({c} IS NULL) << {i})"));
                using var statement = SqliteColumns.Prepare(handle, $"SELECT {string.Join(", ", columns)}, {mask} {tail}", args);
                return read(new SqliteColumns(handle, statement, columns.Length));
            }
            using var cmd = conn.CreateCommand();
            cmd.Transaction = _db.Database.CurrentTransaction?.GetDbTransaction();
            cmd.CommandText = $"SELECT {string.Join(", ", columns)} {tail}";
            for (var i = 0; i < args.Length; i++)
            {
                var p = cmd.CreateParameter();
                p.ParameterName = "@p" + i;
                p.Value = args[i];
                cmd.Parameters.Add(p);
            }
            using var reader = cmd.ExecuteReader(CommandBehavior.SequentialAccess);
            return read(new ReaderColumns(reader));
        }
        finally { _db.Database.CloseConnection(); }
    }

    private static List<MonthlyResult> ReadResults(LeanColumns r)
    {
        var results = new List<MonthlyResult>();
        var texts = new TextPool();
        var sources = new Dictionary<string, ResultSource>(StringComparer.Ordinal);
        while (r.Next())
        {
            var section = r.Shared(0, texts);
            var month = (int)r.Int64(1);
            var cls = r.NullableInt64(2);
            var sourceText = r.Shared(3, texts);
            if (!sources.TryGetValue(sourceText, out var source)) sources[sourceText] = source = Mapping.Parse<ResultSource>(sourceText);
            var note = r.NullableText(4);
            var revision = (int)r.Int64(5);
            var deciding = r.NullableShared(6, texts);
            results.Add(new MonthlyResult(new SectionId(section), YearMonth.FromKey(month), cls is { } c ? WaterClass.FromOrdinal((int)c) : null, source, note, revision, deciding));
        }
        return results;
    }

    private static List<LedgerLine> ReadLines(LeanColumns r)
    {
        var lines = new List<LedgerLine>();
        // Notes and the small texts repeat across a year's lines: made once each and shared (all are immutable).
        var notes = new Dictionary<(string?, string?, string?, string), LineNote?>();
        var texts = new TextPool();
        while (r.Next())
        {
            var sequence = r.Int64(0);
            var kind = r.Shared(1, texts);
            var postedYear = (int)r.Int64(2);
            var isAdjustment = r.Boolean(3);
            var reverses = r.NullableInt64(4);
            var river = r.Shared(5, texts);
            var section = r.Shared(6, texts);
            var month = (int)r.Int64(7);
            var purpose = r.Shared(8, texts);
            var rule = r.Shared(9, texts);
            var payer = r.NullableShared(10, texts);
            var payee = r.NullableShared(11, texts);
            var amount = r.Int64(12);
            var baseline = r.NullableInt64(13);
            var baselineFrom = r.NullableShared(14, texts);
            var result = r.NullableInt64(15);
            var source = r.NullableShared(16, texts);
            var note = r.NullableText(17);
            var noteCode = r.NullableShared(18, texts);
            var noteArgs = r.NullableShared(19, texts);
            var exemption = r.NullableText(20);
            var policyVersion = r.Shared(21, texts);
            var ruleFamily = r.Shared(22, texts);
            var inputDigest = r.Text(23);
            var basis = r.NullableShared(24, texts);
            var revision = r.NullableInt64(25);
            var tier1 = r.NullableInt64(26);
            var tier2 = r.NullableInt64(27);
            var classDifference = r.NullableInt64(28);
            var parameters = r.NullableShared(29, texts);
            var flow = r.NullableDecimal(30);
            var flowTarget = r.NullableDecimal(31);

            var noteKey = (noteCode, noteArgs, noteCode is null ? note : null, noteCode is null ? rule : "");
            if (!notes.TryGetValue(noteKey, out var lineNote))
                notes[noteKey] = lineNote = noteCode is not null ? LineNote.Parse(noteCode, noteArgs) : LineNote.FromLegacyText(note, rule);
            Tiers? lineTiers = tier1 is { } t1 && tier2 is { } t2 ? new Tiers(new Fen(t1), new Fen(t2)) : null;

            lines.Add(new LedgerLine
            {
                Sequence = sequence,
                Kind = Mapping.Parse<LedgerLineKind>(kind),
                PostedYear = postedYear,
                IsAdjustment = isAdjustment,
                Reverses = reverses,
                River = new RiverId(river),
                Section = new SectionId(section),
                Month = YearMonth.FromKey(month),
                Purpose = purpose,
                Rule = rule,
                Payer = payer is null ? null : new PartyId(payer),
                Payee = payee is null ? null : new PartyId(payee),
                Amount = new Fen(amount),
                Baseline = baseline is { } b ? WaterClass.FromOrdinal((int)b) : null,
                BaselineFrom = baselineFrom is null ? null : new SectionId(baselineFrom),
                Result = result is { } res ? WaterClass.FromOrdinal((int)res) : null,
                Source = source is null ? null : Mapping.Parse<ResultSource>(source),
                Note = lineNote,
                ExemptionReference = exemption,
                PolicyVersion = policyVersion,
                RuleFamily = ruleFamily,
                InputDigest = inputDigest,
                BaselineBasis = basis is null ? null : Mapping.Parse<Domain.Accounting.BaselineBasis>(basis),
                ResultRevision = revision is { } rv ? (int)rv : null,
                Tiers = lineTiers,
                ClassDifference = classDifference is { } cd ? (int)cd : null,
                Parameters = parameters is null ? null : Domain.Accounting.FamilyParameters.Parse(parameters),
                Flow = flow,
                FlowTarget = flowTarget,
            });
        }
        return lines;
    }

    /// <summary>The columns of a lean read (<see cref="Lean{T}"/>), row by row; one implementation per way of reading.</summary>
    private abstract class LeanColumns
    {
        public abstract bool Next();
        public abstract bool IsNull(int i);
        public abstract long Int64(int i);
        public abstract bool Boolean(int i);
        public abstract string Text(int i);
        /// <summary>A text that repeats across rows, one string per distinct value (<see cref="TextPool"/>).</summary>
        public abstract string Shared(int i, TextPool pool);
        public abstract decimal Decimal(int i);

        public long? NullableInt64(int i) => IsNull(i) ? null : Int64(i);
        public string? NullableText(int i) => IsNull(i) ? null : Text(i);
        public string? NullableShared(int i, TextPool pool) => IsNull(i) ? null : Shared(i, pool);
        public decimal? NullableDecimal(int i) => IsNull(i) ? null : Decimal(i);
    }

    /// <summary>Columns of an ADO.NET reader (PostgreSQL): the values as the reader gives them.</summary>
    private sealed class ReaderColumns(DbDataReader r) : LeanColumns
    {
        public override bool Next() => r.Read();
        public override bool IsNull(int i) => r.IsDBNull(i);
        public override long Int64(int i) => r.GetInt64(i);
        public override bool Boolean(int i) => r.GetBoolean(i);
        public override string Text(int i) => r.GetString(i);
        public override string Shared(int i, TextPool pool) => pool.Get(r.GetString(i));
        public override decimal Decimal(int i) => r.GetDecimal(i);
    }

    /// <summary>
    /// Columns of a SQLite statement, read through SQLite's own interface with the values Microsoft.Data.Sqlite's
    /// reader gives: a text is its UTF-8 decoded (<c>sqlite3_column_blob</c> gives a text's bytes), a decimal is parsed
    /// from its text as <c>GetDecimal</c> parses it. The statement's last column holds bit <c>i</c> set where column
    /// <c>i</c> is NULL, so a NULL is never asked for.
    /// </summary>
    private sealed class SqliteColumns(SQLitePCL.sqlite3 handle, SQLitePCL.sqlite3_stmt statement, int maskColumn) : LeanColumns
    {
        private long _nulls;

        public static SQLitePCL.sqlite3_stmt Prepare(SQLitePCL.sqlite3 handle, string sql, long[] args)
        {
            Check(SQLitePCL.raw.sqlite3_prepare_v2(handle, sql, out var statement), handle);
            for (var i = 0; i < args.Length; i++)
            {
                var index = SQLitePCL.raw.sqlite3_bind_parameter_index(statement, "@p" + i);
                if (index == 0) throw new InvalidOperationException($"the query has no parameter @p{i}");
                Check(SQLitePCL.raw.sqlite3_bind_int64(statement, index, args[i]), handle);
            }
            return statement;
        }

        private static void Check(int rc, SQLitePCL.sqlite3 handle)
        {
            if (rc != SQLitePCL.raw.SQLITE_OK) Microsoft.Data.Sqlite.SqliteException.ThrowExceptionForRC(rc, handle);
        }

        public override bool Next()
        {
            var rc = SQLitePCL.raw.sqlite3_step(statement);
            if (rc == SQLitePCL.raw.SQLITE_ROW)
            {
                _nulls = SQLitePCL.raw.sqlite3_column_int64(statement, maskColumn);
                return true;
            }
            if (rc != SQLitePCL.raw.SQLITE_DONE) Microsoft.Data.Sqlite.SqliteException.ThrowExceptionForRC(rc, handle);
            return false;
        }

        public override bool IsNull(int i) => (_nulls >> i & 1) != 0;
        public override long Int64(int i) => SQLitePCL.raw.sqlite3_column_int64(statement, i);
        /// <summary>SQLite stores a boolean as 0 or 1 (as EF Core writes it).</summary>
        public override bool Boolean(int i) => Int64(i) != 0;
        public override string Text(int i) => System.Text.Encoding.UTF8.GetString(SQLitePCL.raw.sqlite3_column_blob(statement, i));
        public override string Shared(int i, TextPool pool) => pool.Get(SQLitePCL.raw.sqlite3_column_blob(statement, i));

        public override decimal Decimal(int i) =>
            decimal.Parse(SQLitePCL.raw.sqlite3_column_blob(statement, i), NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);
    }
}
