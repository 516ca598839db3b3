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
    /// <remarks>
    /// From <see cref="SplitLedgerReadsFrom"/> matching lines (a national year's settlement reads 240,000), the older
    /// half is read on a second connection of its own on another core while this one reads the newer half. The ledger
    /// is append-only and numbered under the write lock, so a line numbered up to the last one committed is the same
    /// line on every connection, whatever each has begun since; the second connection reads only up to the last
    /// line committed in its own snapshot, and this one reads whatever lies between (the lines its own open transaction
    /// wrote and has not committed, which the other cannot see). The lines and their order are the single read's.
    /// </remarks>
    internal List<LedgerLine> ReadLedgerLines(string where, params long[] args)
    {
        // The store's connection stays open across the parts: it is never closed and opened again while the other
        // connection opens, which on SQLite would make one of them the last to close (cleaning up the WAL under an
        // exclusive lock) or the first to open (rebuilding its index), and the other's read busy.
        OpenConnection();
        try { return ReadLedgerLines(Connection, CurrentTransaction, where, args); }
        finally { CloseConnection(); }
    }

    /// <summary>
    /// <see cref="ReadLedgerLines(string, long[])"/> on connections of its own, which see what is committed: for a read
    /// outside any transaction, side by side with other work on the store's connection (<see cref="LoadAndSettle"/>).
    /// The store's connection must be open meanwhile (see above).
    /// </summary>
    private List<LedgerLine> ReadCommittedLedgerLines(string where, params long[] args)
    {
        using var conn = OwnConnection();
        return ReadLedgerLines(conn, null, where, args);
    }

    /// <summary>The ledger read on <paramref name="conn"/> (in <paramref name="tx"/>, if any), its older half on a connection of its own when large.</summary>
    private List<LedgerLine> ReadLedgerLines(DbConnection conn, DbTransaction? tx, string where, long[] args)
    {
        var from = $"FROM ledger_lines WHERE {where}";
        if (LastSequence(conn, tx) < SplitLedgerReadsFrom) return Lean(conn, tx, LedgerLineColumns, from + " ORDER BY sequence", args, ReadLines);
        var (count, first, last) = Lean(conn, tx, ["COUNT(*)", "MIN(sequence)", "MAX(sequence)"], from, args, r =>
            r.Next() ? (r.Int64(0), r.NullableInt64(1) ?? 0, r.NullableInt64(2) ?? 0) : (0L, 0L, 0L));
        if (count < SplitLedgerReadsFrom) return Lean(conn, tx, LedgerLineColumns, from + " ORDER BY sequence", args, ReadLines);

        var mid = first + (last - first) / 2;
        var between = Between(from, args);
        var ((lines, readTo), newer) = Beside(() => ReadCommittedPart(from, args, first, mid),
            () => Lean(conn, tx, LedgerLineColumns, between, [.. args, mid + 1, last], ReadLines));
        if (readTo < mid) lines.AddRange(Lean(conn, tx, LedgerLineColumns, between, [.. args, readTo + 1, mid], ReadLines));
        lines.AddRange(newer);
        return lines;
    }

    /// <summary>
    /// A connection of the store's own, open: read-only on SQLite, and waiting as long as a command would when another
    /// process opening or closing the store holds SQLite's locks for a moment.
    /// </summary>
    private DbConnection OwnConnection()
    {
        var conn = Location.IsPostgres
            ? (DbConnection)new Npgsql.NpgsqlConnection(Location.ConnectionString)
            : new Microsoft.Data.Sqlite.SqliteConnection(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(Location.ConnectionString)
                { Mode = Microsoft.Data.Sqlite.SqliteOpenMode.ReadOnly }.ToString());
        try
        {
            conn.Open();
            if (conn is Microsoft.Data.Sqlite.SqliteConnection { Handle: { } handle } own)
                SqliteColumns.Check(SQLitePCL.raw.sqlite3_busy_timeout(handle, own.DefaultTimeout * 1000), handle);
            return conn;
        }
        catch
        {
            conn.Dispose();
            throw;
        }
    }

    /// <summary>The lines of <paramref name="from"/> numbered from one bound to another, the two parameters after <paramref name="args"/>, in order.</summary>
    private static string Between(string from, long[] args) => $"{from} AND sequence >= @p{args.Length} AND sequence <= @p{args.Length + 1} ORDER BY sequence";

    /// <summary>From this many lines a ledger read is split across two connections (<see cref="ReadLedgerLines"/>); a test may lower it.</summary>
    internal long SplitLedgerReadsFrom { get; set; } = InParallel.LinesFrom;

    /// <summary>The ledger's last sequence (0 when empty), by its primary key.</summary>
    private static long LastSequence(DbConnection conn, DbTransaction? tx) =>
        Lean(conn, tx, ["MAX(sequence)"], "FROM ledger_lines", [], r => r.Next() ? r.NullableInt64(0) ?? 0 : 0);

    /// <summary>
    /// The lines of <paramref name="from"/> numbered <paramref name="first"/> to <paramref name="upTo"/>, read on a
    /// connection of their own in one read-only snapshot, and only as far as the last line committed in that snapshot:
    /// the lines and how far they reach.
    /// </summary>
    private (List<LedgerLine> Lines, long ReadTo) ReadCommittedPart(string from, long[] args, long first, long upTo)
    {
        using var conn = OwnConnection();
        // A snapshot for both statements; on SQLite a deferred BEGIN (an immediate one would wait for the writer's lock).
        using var tx = conn is Microsoft.Data.Sqlite.SqliteConnection sqlite ? sqlite.BeginTransaction(deferred: true) : conn.BeginTransaction(IsolationLevel.RepeatableRead);
        var readTo = Math.Min(upTo, LastSequence(conn, tx));
        var lines = readTo < first ? [] : Lean(conn, tx, LedgerLineColumns, Between(from, args), [.. args, first, readTo], ReadLines);
        return (lines, Math.Max(readTo, first - 1));
    }

    /// <summary>
    /// Every imported result (all revisions), as <see cref="Mapping.ToDomain(Model.ResultRow)"/> makes them, by a lean
    /// projection in the table's own order (a national year has hundreds of thousands).
    /// </summary>
    internal List<MonthlyResult> ReadImportedResults() => Lean(ImportedResultColumns, "FROM results", [], ReadResults);

    /// <summary>
    /// <see cref="ReadImportedResults"/> for <c>account</c>'s own write transaction, just begun (<paramref name="ownWriteUnwritten"/>):
    /// from <see cref="SplitResultReadsFrom"/> results on SQLite, the older half by id is read on a read-only connection
    /// of its own on another core while this one reads the newer half. The transaction holds the store's write lock and
    /// has written nothing, so no one can commit meanwhile and the other connection's snapshot is exactly what this
    /// transaction sees. The results and their order are the single read's (the table's order is its ids'). A national
    /// year has 240,000; read on one core they took 0.24 s before the accounting could begin. Any other read (a caller's
    /// transaction that may have written, a page of the server outside any transaction) is the single read: a server's
    /// request thread does not wait on another pool thread.
    /// </summary>
    private List<MonthlyResult> ReadImportedResults(bool ownWriteUnwritten)
    {
        if (Location.IsPostgres || !ownWriteUnwritten || CurrentTransaction is null) return ReadImportedResults();
        var (count, first, last) = Lean(["COUNT(*)", "MIN(id)", "MAX(id)"], "FROM results", [], r =>
            r.Next() ? (r.Int64(0), r.NullableInt64(1) ?? 0, r.NullableInt64(2) ?? 0) : (0L, 0L, 0L));
        if (count < SplitResultReadsFrom) return ReadImportedResults();
        var mid = first + (last - first) / 2;
        var (results, newer) = Beside(() =>
            {
                using var conn = OwnConnection();
                return Lean(conn, null, ImportedResultColumns, "FROM results WHERE id <= @p0 ORDER BY id", [mid], ReadResults);
            },
            () => Lean(ImportedResultColumns, "FROM results WHERE id > @p0 ORDER BY id", [mid], ReadResults));
        results.AddRange(newer);
        ResultReadsSplit++;
        return results;
    }

    /// <summary>
    /// Runs <paramref name="aside"/> on another thread while <paramref name="here"/> runs on this one (on the store's
    /// connection), and returns both. When <paramref name="here"/> fails, <paramref name="aside"/> is waited for, so that
    /// nothing is left reading once the store moves on, and the failure reported is this thread's.
    /// </summary>
    private static (TAside Aside, THere Here) Beside<TAside, THere>(Func<TAside> aside, Func<THere> here)
    {
        var task = Task.Run(aside);
        THere result;
        try { result = here(); }
        catch
        {
            try { task.Wait(); } catch (AggregateException) { }
            throw;
        }
        return (task.GetAwaiter().GetResult(), result);
    }

    /// <summary>From this many imported results their read is split across two connections (<see cref="ReadImportedResults(bool)"/>); a test may lower it.</summary>
    internal long SplitResultReadsFrom { get; set; } = InParallel.LinesFrom;

    /// <summary>How many result reads were split (<see cref="ReadImportedResults(bool)"/>): for a test.</summary>
    internal int ResultReadsSplit { get; private set; }

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
        var conn = Connection;
        OpenConnection();
        try { return Lean(conn, CurrentTransaction, columns, tail, args, read); }
        finally { CloseConnection(); }
    }

    /// <summary><see cref="Lean{T}(string[], string, long[], Func{LeanColumns, T})"/> on an open connection, inside <paramref name="tx"/> when there is one.</summary>
    private static T Lean<T>(DbConnection conn, DbTransaction? tx, string[] columns, string tail, long[] args, Func<LeanColumns, T> read)
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
        cmd.Transaction = tx;
        cmd.CommandText = $"SELECT {string.Join(", ", columns)} {tail}";
        for (var i = 0; i < args.Length; i++)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "@p" + i;
            p.Value = args[i];
            cmd.Parameters.Add(p);
        }
        using var reader = cmd.ExecuteReader(CommandBehavior.SequentialAccess);
        return read(new ReaderColumns(reader, DecodesUtf8(conn)));
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Utf8Connections = new();

    /// <summary>
    /// Whether a PostgreSQL connection decodes text as UTF-8: its connection string's <c>Encoding</c> (UTF8 unless set),
    /// which is what <c>GetString</c> decodes with and Npgsql writes text in. Worked out once per connection string.
    /// </summary>
    internal static bool DecodesUtf8(DbConnection conn) => conn is Npgsql.NpgsqlConnection npgsql
        && Utf8Connections.GetOrAdd(npgsql.ConnectionString, cs =>
            new Npgsql.NpgsqlConnectionStringBuilder(cs).Encoding.Replace("-", "", StringComparison.Ordinal).Equals("UTF8", StringComparison.OrdinalIgnoreCase));

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
        (string?, string?, string?, string) lastNoteKey = (null, null, null, "\0"); // no line's key: its rule is never "\0"
        LineNote? lastNote = null;
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
            LineNote? lineNote;
            if (noteKey == lastNoteKey) lineNote = lastNote; // runs of lines share their note (most have none)
            else if (!notes.TryGetValue(noteKey, out lineNote))
                notes[noteKey] = lineNote = noteCode is not null ? LineNote.Parse(noteCode, noteArgs) : LineNote.FromLegacyText(note, rule);
            (lastNoteKey, lastNote) = (noteKey, lineNote);
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

        private const int RememberedColumns = 64;
        private const int RememberedBytes = TextPool.MaxChars * 3;
        private readonly byte[]?[] _lastBytes = new byte[RememberedColumns][];
        private readonly int[] _lastLength = new int[RememberedColumns];
        private readonly string?[] _lastText = new string?[RememberedColumns];

        /// <summary>
        /// The pooled text of <paramref name="utf8"/>, read from column <paramref name="i"/>: the column's previous text
        /// when the bytes are the same, compared byte for byte instead of decoded and looked up. A ledger's lines come in
        /// runs that share their kind, purpose, rule, source, policy version and rule family, and results come a section's
        /// months at a time.
        /// </summary>
        protected string Remembered(int i, ReadOnlySpan<byte> utf8, TextPool pool)
        {
            if (i >= RememberedColumns) return pool.Get(utf8);
            var last = _lastBytes[i];
            if (last is not null && _lastLength[i] == utf8.Length && utf8.SequenceEqual(last.AsSpan(0, utf8.Length))) return _lastText[i]!;
            var text = pool.Get(utf8);
            if (utf8.Length <= RememberedBytes)
            {
                last ??= _lastBytes[i] = new byte[RememberedBytes];
                utf8.CopyTo(last);
                (_lastLength[i], _lastText[i]) = (utf8.Length, text);
            }
            else _lastLength[i] = -1; // too long to remember: no text's length, so the next is looked up (the buffer is kept)
            return text;
        }
    }

    /// <summary>Columns of an ADO.NET reader (PostgreSQL): the values as the reader gives them.</summary>
    /// <param name="utf8">Whether the connection decodes text as UTF-8 (<see cref="DecodesUtf8"/>).</param>
    private sealed class ReaderColumns(DbDataReader r, bool utf8) : LeanColumns
    {
        public override bool Next() => r.Read();
        public override bool IsNull(int i) => r.IsDBNull(i);
        public override long Int64(int i) => r.GetInt64(i);
        public override bool Boolean(int i) => r.GetBoolean(i);
        public override string Text(int i) => r.GetString(i);
        /// <summary>
        /// On a connection that decodes text as UTF-8 (Npgsql's default), the text's bytes (binary text is its bytes in the
        /// client encoding) looked up in the pool: a string is made only for a value not seen before, where <c>GetString</c>
        /// decoded a new one on every row; the bytes still come in a new array each time, garbage at once. A national
        /// year's settle on PostgreSQL: 1.63 → 1.50 s (medians of 8, alternating). Any other encoding: <c>GetString</c>.
        /// </summary>
        public override string Shared(int i, TextPool pool) => utf8 ? Remembered(i, r.GetFieldValue<byte[]>(i), pool) : pool.Get(r.GetString(i));
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

        public static void Check(int rc, SQLitePCL.sqlite3 handle)
        {
            if (rc != SQLitePCL.raw.SQLITE_OK) Microsoft.Data.Sqlite.SqliteException.ThrowExceptionForRC(rc, handle);
        }

        public override bool Next()
        {
            var rc = SQLitePCL.raw.sqlite3_step(statement);
            if (rc == SQLitePCL.raw.SQLITE_ROW)
            {
                _nulls = SqliteNative.ColumnInt64(statement, maskColumn);
                return true;
            }
            if (rc != SQLitePCL.raw.SQLITE_DONE) Microsoft.Data.Sqlite.SqliteException.ThrowExceptionForRC(rc, handle);
            return false;
        }

        public override bool IsNull(int i) => (_nulls >> i & 1) != 0;
        public override long Int64(int i) => SqliteNative.ColumnInt64(statement, i);
        /// <summary>SQLite stores a boolean as 0 or 1 (as EF Core writes it).</summary>
        public override bool Boolean(int i) => Int64(i) != 0;
        public override string Text(int i) => System.Text.Encoding.UTF8.GetString(SqliteNative.ColumnBlob(statement, i));
        public override string Shared(int i, TextPool pool) => Remembered(i, SqliteNative.ColumnBlob(statement, i), pool);

        public override decimal Decimal(int i) =>
            decimal.Parse(SqliteNative.ColumnBlob(statement, i), NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);
    }
}
