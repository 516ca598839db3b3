using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using SQLitePCL;

namespace Liuyu.Storage;

/// <summary>
/// A column of a bulk write: its name and how to write it from a row. The typed columns (<see cref="Text"/>,
/// <see cref="Int64"/>, …) bind each value by position and type, without boxing: straight into one prepared SQLite
/// statement, or into PostgreSQL's binary COPY. The untyped constructor (a value as <c>object</c>, bound through
/// Microsoft.Data.Sqlite's parameters) stays for writers not yet moved to typed columns.
/// </summary>
internal sealed class BulkColumn<T>
{
    /// <summary>
    /// Binds the column's value of <paramref name="row"/>, or leaves the parameter as it is when it already holds that
    /// value (<paramref name="bound"/>: what was bound last on this statement; <c>sqlite3_reset</c> keeps bindings).
    /// </summary>
    internal delegate int SqliteBind(sqlite3_stmt statement, int index, T row, ref Bound bound);

    public BulkColumn(string name, NpgsqlDbType pgType, Func<T, object?> value)
    {
        Name = name;
        PgType = pgType;
        Value = value;
    }

    private BulkColumn(string name, NpgsqlDbType pgType, SqliteBind bind, Action<NpgsqlBinaryImporter, T> write, Action<PgBinaryRows, T>? copy = null)
    {
        Name = name;
        PgType = pgType;
        Bind = bind;
        Write = write;
        Copy = copy;
    }

    public string Name { get; }
    public NpgsqlDbType PgType { get; }

    /// <summary>The untyped reader (boxed); null on a typed column.</summary>
    internal Func<T, object?>? Value { get; }

    internal SqliteBind? Bind { get; }
    internal Action<NpgsqlBinaryImporter, T>? Write { get; }

    /// <summary>Writes the value in PostgreSQL's binary COPY format (<see cref="PgBinaryRows"/>); null for a type written only through Npgsql's importer.</summary>
    internal Action<PgBinaryRows, T>? Copy { get; }

    public static BulkColumn<T> Text(string name, Func<T, string?> value) => new(name, NpgsqlDbType.Text,
        (s, i, r, ref b) => value(r) is var v && b.Holds(v) ? raw.SQLITE_OK : v is not null ? Utf8.Bind(s, i, v) : SqliteNative.BindNull(s, i),
        (w, r) => { if (value(r) is { } v) w.Write(v, NpgsqlDbType.Text); else w.WriteNull(); },
        (c, r) => { if (value(r) is { } v) c.Text(v); else c.Null(); });

    public static BulkColumn<T> Int64(string name, Func<T, long?> value) => new(name, NpgsqlDbType.Bigint,
        (s, i, r, ref b) => value(r) is var v && b.Holds(v) ? raw.SQLITE_OK : v is { } n ? SqliteNative.BindInt64(s, i, n) : SqliteNative.BindNull(s, i),
        (w, r) => { if (value(r) is { } v) w.Write(v, NpgsqlDbType.Bigint); else w.WriteNull(); },
        (c, r) => { if (value(r) is { } v) c.Int64(v); else c.Null(); });

    public static BulkColumn<T> Int32(string name, Func<T, int?> value) => new(name, NpgsqlDbType.Integer,
        (s, i, r, ref b) => value(r) is var v && b.Holds(v) ? raw.SQLITE_OK : v is { } n ? SqliteNative.BindInt(s, i, n) : SqliteNative.BindNull(s, i),
        (w, r) => { if (value(r) is { } v) w.Write(v, NpgsqlDbType.Integer); else w.WriteNull(); },
        (c, r) => { if (value(r) is { } v) c.Int32(v); else c.Null(); });

    /// <summary>SQLite stores a boolean as the integer 0 or 1 (as EF Core does).</summary>
    public static BulkColumn<T> Boolean(string name, Func<T, bool> value) => new(name, NpgsqlDbType.Boolean,
        (s, i, r, ref b) =>
        {
            var v = value(r) ? 1 : 0;
            return b.Holds(v) ? raw.SQLITE_OK : SqliteNative.BindInt(s, i, v);
        },
        (w, r) => w.Write(value(r), NpgsqlDbType.Boolean),
        (c, r) => c.Boolean(value(r)));

    /// <summary>SQLite stores a decimal as text, written as Microsoft.Data.Sqlite writes it (at least one decimal place).</summary>
    public static BulkColumn<T> Decimal(string name, Func<T, decimal> value) => new(name, NpgsqlDbType.Numeric,
        (s, i, r, ref _) => Utf8.Bind(s, i, value(r)),
        (w, r) => w.Write(value(r), NpgsqlDbType.Numeric),
        (c, r) => c.Numeric(value(r)));

    /// <summary>
    /// A local date-time (PostgreSQL <c>timestamp without time zone</c>); on SQLite the text Microsoft.Data.Sqlite writes
    /// for a <see cref="System.DateTime"/> parameter (<c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>), so EF reads it back the same.
    /// </summary>
    public static BulkColumn<T> DateTime(string name, Func<T, System.DateTime> value) => new(name, NpgsqlDbType.Timestamp,
        (s, i, r, ref b) => value(r) is var v && b.Holds(v) ? raw.SQLITE_OK : Utf8.Bind(s, i, v),
        (w, r) => w.Write(value(r), NpgsqlDbType.Timestamp));

    /// <summary>An instant (PostgreSQL <c>timestamptz</c>); on SQLite the text Microsoft.Data.Sqlite writes for a <see cref="System.DateTimeOffset"/>.</summary>
    public static BulkColumn<T> DateTimeOffset(string name, Func<T, System.DateTimeOffset> value) => new(name, NpgsqlDbType.TimestampTz,
        (s, i, r, ref b) => value(r) is var v && b.Holds(v) ? raw.SQLITE_OK : Utf8.Bind(s, i, v, Utf8.DateTimeOffsetFormat),
        (w, r) => w.Write(value(r), NpgsqlDbType.TimestampTz));

    /// <summary>A date or null (PostgreSQL <c>date</c>); on SQLite the text Microsoft.Data.Sqlite writes for a <see cref="DateOnly"/> (<c>yyyy-MM-dd</c>).</summary>
    public static BulkColumn<T> Date(string name, Func<T, DateOnly?> value) => new(name, NpgsqlDbType.Date,
        (s, i, r, ref _) => value(r) is { } v ? Utf8.Bind(s, i, v.ToString(@"yyyy\-MM\-dd", System.Globalization.CultureInfo.InvariantCulture)) : SqliteNative.BindNull(s, i),
        (w, r) => { if (value(r) is { } v) w.Write(v, NpgsqlDbType.Date); else w.WriteNull(); });

    /// <summary>A decimal or null, written as <see cref="Decimal"/> writes it.</summary>
    public static BulkColumn<T> NullableDecimal(string name, Func<T, decimal?> value) => new(name, NpgsqlDbType.Numeric,
        (s, i, r, ref _) => value(r) is { } v ? Utf8.Bind(s, i, v) : SqliteNative.BindNull(s, i),
        (w, r) => { if (value(r) is { } v) w.Write(v, NpgsqlDbType.Numeric); else w.WriteNull(); },
        (c, r) => { if (value(r) is { } v) c.Numeric(v); else c.Null(); });
}

/// <summary>
/// What a parameter of a bulk statement was bound to last: a bulk write binds a row's values over the previous row's,
/// and a value equal to the one bound (a year's lines share their kind, year, policy version, rule family, source, run
/// and most of their NULLs; a samples file's rows their time, an import's rows the instant it ran) is not bound again.
/// Each binding is a call into SQLite, which locks the connection and copies a text. Texts, whole numbers, booleans,
/// date-times and instants are remembered; decimals are bound every time.
/// </summary>
internal struct Bound
{
    private bool _set;
    private string? _text;
    private long? _number;
    private long _offset;

    /// <summary>True when the parameter already holds <paramref name="value"/>; otherwise remembers it (to be bound now).</summary>
    public bool Holds(string? value)
    {
        if (_set && string.Equals(_text, value, StringComparison.Ordinal)) return true;
        (_set, _text) = (true, value);
        return false;
    }

    /// <summary>As <see cref="Holds(string?)"/>, for a column of whole numbers.</summary>
    public bool Holds(long? value)
    {
        if (_set && _number == value) return true;
        (_set, _number) = (true, value);
        return false;
    }

    /// <summary>As <see cref="Holds(string?)"/>, for a date-time column (its text is a function of the ticks alone; a samples file's rows share their time in runs).</summary>
    public bool Holds(DateTime value) => Holds((long?)value.Ticks);

    /// <summary>As <see cref="Holds(string?)"/>, for an instant (its text is a function of the clock's ticks and the offset; an import's rows share theirs).</summary>
    public bool Holds(DateTimeOffset value)
    {
        var offset = value.Offset.Ticks;
        if (_set && _number == value.Ticks && _offset == offset) return true;
        (_set, _number, _offset) = (true, value.Ticks, offset);
        return false;
    }
}

/// <summary>
/// Text bound to a SQLite statement as UTF-8 written on the stack (SQLite copies it): no string and no byte array per
/// value. The texts are those Microsoft.Data.Sqlite writes for the same parameter types, so EF reads them back alike.
/// </summary>
internal static class Utf8
{
    public const string DecimalFormat = "0.0###########################";
    public const string DateTimeFormat = @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF";
    public const string DateTimeOffsetFormat = @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFFzzz";

    // One buffer per thread, reused: a stackalloc'd buffer would be zeroed on every call (no SkipLocalsInit here).
    [ThreadStatic] private static byte[]? _buffer;

    private static byte[] Buffer => _buffer ??= new byte[2048];

    public static int Bind(sqlite3_stmt statement, int index, string value)
    {
        // An empty span would bind NULL (no pointer): the empty string goes through the string overload, as does a long text.
        if (value.Length == 0 || value.Length > Buffer.Length / 3) return raw.sqlite3_bind_text(statement, index, value);
        var bytes = Buffer;
        return SqliteNative.BindText(statement, index, bytes.AsSpan(0, System.Text.Encoding.UTF8.GetBytes(value, bytes)));
    }

    /// <summary>A decimal as <see cref="DecimalFormat"/> writes it (<see cref="Format(decimal, Span{byte})"/>, or the format itself).</summary>
    public static int Bind(sqlite3_stmt statement, int index, decimal value)
    {
        var bytes = Buffer;
        var written = Format(value, bytes);
        return written > 0 ? SqliteNative.BindText(statement, index, bytes.AsSpan(0, written)) : Bind(statement, index, value, DecimalFormat);
    }

    /// <summary>A date-time as <see cref="DateTimeFormat"/> writes it (<see cref="Format(System.DateTime, Span{byte})"/>).</summary>
    public static int Bind(sqlite3_stmt statement, int index, DateTime value)
    {
        var bytes = Buffer;
        return SqliteNative.BindText(statement, index, bytes.AsSpan(0, Format(value, bytes)));
    }

    /// <summary>
    /// The text of <see cref="DecimalFormat"/> from the decimal's own digits, or 0 (nothing written) for a zero (whose sign
    /// the format decides) or a coefficient over 64 bits, which go through the format. A decimal has at most 28 places and
    /// the format allows 28, so it never rounds: it writes the digits, drops the trailing zeros of the fraction and keeps
    /// at least one place. The custom format, parsed anew on every call, measured slower: a samples import of 4 M rows
    /// took 22.9 s through it and 22.1 s so (with <see cref="Format(System.DateTime, Span{byte})"/>), side by side.
    /// </summary>
    internal static int Format(decimal value, Span<byte> into)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var coefficient = (uint)bits[0] | (ulong)(uint)bits[1] << 32;
        if (bits[2] != 0 || coefficient == 0) return 0;
        var scale = (bits[3] >> 16) & 0xFF;
        while (scale > 1 && coefficient % 10 == 0)
        {
            coefficient /= 10;
            scale--;
        }
        Span<byte> digits = stackalloc byte[20];
        coefficient.TryFormat(digits, out var n, default, CultureInfo.InvariantCulture);
        var at = 0;
        if (bits[3] < 0) into[at++] = (byte)'-';
        if (scale == 0)
        {
            digits[..n].CopyTo(into[at..]);
            at += n;
            into[at++] = (byte)'.';
            into[at++] = (byte)'0';
        }
        else if (n > scale)
        {
            digits[..(n - scale)].CopyTo(into[at..]);
            at += n - scale;
            into[at++] = (byte)'.';
            digits[(n - scale)..n].CopyTo(into[at..]);
            at += scale;
        }
        else
        {
            into[at++] = (byte)'0';
            into[at++] = (byte)'.';
            into.Slice(at, scale - n).Fill((byte)'0');
            at += scale - n;
            digits[..n].CopyTo(into[at..]);
            at += n;
        }
        return at;
    }

    /// <summary>
    /// The text of <see cref="DateTimeFormat"/> written digit by digit: <c>yyyy-MM-dd HH:mm:ss</c>, then the fraction of the
    /// second without its trailing zeros, after a point only when there is one (what <c>.FFFFFFF</c> writes).
    /// </summary>
    internal static int Format(DateTime value, Span<byte> into)
    {
        var (year, month, day) = value;
        Digits(into, 0, year, 4);
        into[4] = (byte)'-';
        Digits(into, 5, month, 2);
        into[7] = (byte)'-';
        Digits(into, 8, day, 2);
        into[10] = (byte)' ';
        Digits(into, 11, value.Hour, 2);
        into[13] = (byte)':';
        Digits(into, 14, value.Minute, 2);
        into[16] = (byte)':';
        Digits(into, 17, value.Second, 2);
        var fraction = (int)(value.Ticks % TimeSpan.TicksPerSecond);
        if (fraction == 0) return 19;
        var places = 7;
        while (fraction % 10 == 0)
        {
            fraction /= 10;
            places--;
        }
        into[19] = (byte)'.';
        Digits(into, 20, fraction, places);
        return 20 + places;
    }

    private static void Digits(Span<byte> into, int at, int value, int count)
    {
        for (var i = at + count - 1; i >= at; i--)
        {
            into[i] = (byte)('0' + value % 10);
            value /= 10;
        }
    }

    public static int Bind<TValue>(sqlite3_stmt statement, int index, TValue value, string format) where TValue : IUtf8SpanFormattable, IFormattable
    {
        var bytes = Buffer;
        return value.TryFormat(bytes, out var written, format, CultureInfo.InvariantCulture) && written > 0
            ? SqliteNative.BindText(statement, index, bytes.AsSpan(0, written))
            : raw.sqlite3_bind_text(statement, index, value.ToString(format, CultureInfo.InvariantCulture));
    }
}

/// <summary>
/// The bulk path for large writes (ledger lines, results): prepared statements of many rows reused inside the current
/// transaction on SQLite, binary COPY on PostgreSQL. Never one SaveChanges per row.
/// </summary>
internal static class BulkWriter
{
    public static int Insert<T>(LiuyuDb db, string table, IReadOnlyList<BulkColumn<T>> columns, IEnumerable<T> rows) =>
        Insert(db.Database.GetDbConnection(), db.Database.CurrentTransaction?.GetDbTransaction(), table, columns, rows);

    /// <summary>The bulk write on <paramref name="conn"/>, inside <paramref name="tx"/> (which there must be).</summary>
    public static int Insert<T>(DbConnection conn, DbTransaction? tx, string table, IReadOnlyList<BulkColumn<T>> columns, IEnumerable<T> rows)
    {
        if (tx is null) throw new InvalidOperationException("bulk writes run inside the caller's transaction");
        if (conn is NpgsqlConnection)
        {
            var copied = Copy((NpgsqlConnection)conn, table, columns, rows);
            // A large write leaves PostgreSQL's statistics of the table behind until autovacuum comes round, and until then
            // the planner takes it for nearly empty: a year's ledger was read back by a bitmap scan and an 88 MB sort on disk
            // (0.58 s) instead of the primary key's order (0.07 s). ANALYZE samples the table, the rows this transaction
            // wrote included. It samples 3,000 rows (a statistics target of 10) rather than the default 30,000: what the
            // planner lacked was the table's size, and the 30,000-row sample of a national year's ledger (36 columns, three
            // of them unique hashes) took 0.46-0.55 s against 0.04 s. Autovacuum analyzes the table at the configured target
            // once enough of it has changed (for a young ledger, soon after this write). The target is set back to what it
            // was for the rest of the transaction.
            if (copied >= AnalyzeAfterRows)
            {
                var npgsql = (NpgsqlConnection)conn;
                using var current = new NpgsqlCommand("SELECT current_setting('default_statistics_target')", npgsql);
                var target = (string)current.ExecuteScalar()!;
                // The table's name is one of the store's own, never input.
                using var analyze = new NpgsqlCommand(
                    "SET LOCAL default_statistics_target = 10; ANALYZE \"" + table + "\"; SELECT set_config('default_statistics_target', @target, true)", npgsql);
                analyze.Parameters.AddWithValue("target", target);
                analyze.ExecuteNonQuery();
            }
            return copied;
        }
        return columns.All(c => c.Bind is not null) ? Statement((SqliteConnection)conn, table, columns, rows) : Prepared(conn, tx, table, columns, rows);
    }

    /// <summary>Rows written to one PostgreSQL table at once from which its statistics are refreshed at once.</summary>
    internal const int AnalyzeAfterRows = 10_000;

    private static string ColumnList<T>(IReadOnlyList<BulkColumn<T>> columns) => string.Join(", ", columns.Select(c => "\"" + c.Name + "\""));

    /// <summary>
    /// Typed columns on SQLite: a statement of <see cref="RowsPerStatement"/> rows prepared once, each value bound by
    /// position and type, stepped and reset per statement (inside the caller's transaction, on its connection).
    /// </summary>
    private static int Statement<T>(SqliteConnection conn, string table, IReadOnlyList<BulkColumn<T>> columns, IEnumerable<T> rows) =>
        InsertManyAtOnce(conn, table, columns, rows, RowsPerStatement);

    /// <summary>
    /// Rows one INSERT statement of the plain bulk path takes on SQLite (<c>VALUES (…), (…), …</c>), fewer where their
    /// parameters would pass the connection's limit; the rows left over that do not fill a statement go one at a time.
    /// SQLite opens the table's and each index's cursor, runs the statement's preamble and frees its registers once per
    /// statement rather than once per row. Measured side by side (native front, national store, 5 runs each,
    /// alternating): <c>import</c>'s 240,000 results 0.85 → 0.63 s (medians) with 128 rows a statement (0.64 s with 32);
    /// <c>account</c>'s 240,000 ledger lines 1.80 → 1.70 s (1.75 s with 32, 1.70 s with 512).
    /// </summary>
    internal const int RowsPerStatement = 128;

    /// <summary>
    /// The plain bulk path with <paramref name="perStatement"/> rows to a statement (see <see cref="RowsPerStatement"/>;
    /// a test may give fewer). The rows are inserted in the order given; the count is SQLite's count of rows changed.
    /// </summary>
    internal static int InsertManyAtOnce<T>(SqliteConnection conn, string table, IReadOnlyList<BulkColumn<T>> columns, IEnumerable<T> rows, int perStatement)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perStatement);
        var handle = conn.Handle ?? throw new InvalidOperationException("the SQLite connection is not open");
        var per = Math.Min(perStatement, raw.sqlite3_limit(handle, raw.SQLITE_LIMIT_VARIABLE_NUMBER, -1) / columns.Count);
        if (per <= 1) return InsertIgnoringConflicts(conn, table, columns, rows, conflict: "", inserted: null);
        var binders = columns.Select(c => c.Bind!).ToArray();
        var width = binders.Length;
        var batch = new T[per];
        var bound = new Bound[per * width];
        sqlite3_stmt? many = null;
        try
        {
            var n = 0;
            var held = 0;
            foreach (var row in rows)
            {
                batch[held++] = row;
                if (held < per) continue;
                many ??= Prepare(handle, Sql(table, columns, per, conflict: ""));
                for (var r = 0; r < per; r++)
                    for (var i = 0; i < width; i++) Check(binders[i](many, r * width + i + 1, batch[r], ref bound[r * width + i]), handle);
                var rc = raw.sqlite3_step(many);
                raw.sqlite3_reset(many);
                if (rc != raw.SQLITE_DONE) Check(rc, handle);
                n += raw.sqlite3_changes(handle);
                held = 0;
            }
            return held == 0 ? n : n + InsertIgnoringConflicts(conn, table, columns, new ArraySegment<T>(batch, 0, held), conflict: "", inserted: null);
        }
        finally { many?.Dispose(); }
    }

    private static string Sql<T>(string table, IReadOnlyList<BulkColumn<T>> columns, int rows, string conflict)
    {
        var values = string.Join(", ", Enumerable.Range(0, rows).Select(r => "(" + string.Join(", ", columns.Select((_, i) => "?" + (r * columns.Count + i + 1))) + ")"));
        return $"INSERT INTO {table} ({ColumnList(columns)}) VALUES {values} {conflict}";
    }

    private static sqlite3_stmt Prepare(sqlite3 handle, string sql)
    {
        Check(raw.sqlite3_prepare_v2(handle, sql, out var statement), handle);
        return statement;
    }

    /// <summary>
    /// Typed columns on SQLite with a conflict clause (<c>ON CONFLICT … DO NOTHING</c>): the rows actually inserted are
    /// counted (and passed to <paramref name="inserted"/>), the ones the clause skipped are not.
    /// </summary>
    public static int InsertIgnoringConflicts<T>(SqliteConnection conn, string table, IReadOnlyList<BulkColumn<T>> columns, IEnumerable<T> rows,
        string conflict, Action<T>? inserted)
    {
        var handle = conn.Handle ?? throw new InvalidOperationException("the SQLite connection is not open");
        using (var statement = Prepare(handle, Sql(table, columns, 1, conflict)))
        {
            var binders = columns.Select(c => c.Bind!).ToArray();
            var bound = new Bound[binders.Length];
            var n = 0;
            foreach (var row in rows)
            {
                for (var i = 0; i < binders.Length; i++) Check(binders[i](statement, i + 1, row, ref bound[i]), handle);
                var rc = raw.sqlite3_step(statement);
                raw.sqlite3_reset(statement);
                if (rc != raw.SQLITE_DONE) Check(rc, handle);
                if (raw.sqlite3_changes(handle) == 1)
                {
                    n++;
                    inserted?.Invoke(row);
                }
            }
            return n;
        }
    }

    private static void Check(int rc, sqlite3 handle)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, handle);
    }

    private static int Prepared<T>(DbConnection conn, DbTransaction tx, string table, IReadOnlyList<BulkColumn<T>> columns, IEnumerable<T> rows)
    {
        using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"INSERT INTO {table} ({ColumnList(columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
        var parameters = columns.Select((_, i) =>
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "$p" + i;
            cmd.Parameters.Add(p);
            return p;
        }).ToArray();
        cmd.Prepare();
        var n = 0;
        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Count; i++) parameters[i].Value = Sqlite(columns[i].Value!(row));
            n += cmd.ExecuteNonQuery();
        }
        return n;
    }

    private static object Sqlite(object? value) => value switch
    {
        null => DBNull.Value,
        bool b => b ? 1L : 0L,
        DateOnly d => d.ToString("yyyy-MM-dd"),
        _ => value,
    };

    /// <summary>Whether <see cref="Copy{T}"/> writes these columns' COPY itself: every column has a writer of its own and the connection's text is UTF-8.</summary>
    internal static bool WritesOwnCopy<T>(NpgsqlConnection conn, IReadOnlyList<BulkColumn<T>> columns) =>
        columns.All(c => c.Copy is not null) && LiuyuStore.DecodesUtf8(conn);

    /// <summary>
    /// PostgreSQL: binary COPY, written by <see cref="PgBinaryRows"/> when every column can be (and the connection's text
    /// is UTF-8), else through Npgsql's binary importer (<paramref name="ownFormat"/> false: the importer always; a test compares the two).
    /// </summary>
    internal static int Copy<T>(NpgsqlConnection conn, string table, IReadOnlyList<BulkColumn<T>> columns, IEnumerable<T> rows, bool ownFormat = true)
    {
        var sql = $"COPY {table} ({ColumnList(columns)}) FROM STDIN (FORMAT BINARY)";
        if (ownFormat && WritesOwnCopy(conn, columns))
        {
            var stream = conn.BeginRawBinaryCopy(sql);
            var written = 0;
            try
            {
                var copy = new PgBinaryRows(stream);
                foreach (var row in rows)
                {
                    copy.StartRow(columns.Count);
                    foreach (var c in columns) c.Copy!(copy, row);
                    written++;
                }
                copy.Finish();
            }
            catch
            {
                // Never end a COPY half-written: the server discards what it had, and the error that stopped it is the one
                // thrown. Where the connection broke, Npgsql has already ended the stream, and cancelling or disposing it
                // throws errors of their own (ObjectDisposedException) that would hide why: those are dropped.
                try { stream.Cancel(); }
                catch (Exception) { }
                try { stream.Dispose(); }
                catch (Exception) { }
                throw;
            }
            stream.Dispose(); // ends the COPY: a row the server refuses fails here
            return written;
        }
        using var importer = conn.BeginBinaryImport(sql);
        var n = 0;
        foreach (var row in rows)
        {
            importer.StartRow();
            foreach (var c in columns)
            {
                if (c.Write is { } write) write(importer, row);
                else if (c.Value!(row) is { } v) importer.Write(v, c.PgType);
                else importer.WriteNull();
            }
            n++;
        }
        importer.Complete();
        return n;
    }
}
