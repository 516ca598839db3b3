using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Liuyu.Storage.Tests;

/// <summary>
/// Issue 10: the typed bulk columns bind UTF-8 written on the stack instead of boxed parameters. On SQLite, where dates
/// and decimals are text, each must write exactly the text Microsoft.Data.Sqlite writes for the same parameter, or EF
/// would read rows written by one path differently from rows written by the other (and ordering by text would break).
/// </summary>
public sealed class TypedBulkColumnsOnSqlite : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("liuyu-bulk-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private sealed record Row(string? Text, DateTime At, DateTimeOffset When, decimal Number, decimal? Maybe);

    public static TheoryData<string?, DateTime, DateTimeOffset, decimal, decimal?> Values() => new()
    {
        { "S000001", new DateTime(2023, 1, 31, 8, 0, 0), new DateTimeOffset(2026, 12, 6, 1, 2, 3, TimeSpan.Zero), 6.93m, null },
        { "", new DateTime(2023, 12, 1), new DateTimeOffset(2026, 12, 6, 1, 2, 3, 456, TimeSpan.FromHours(8)).AddTicks(7), 0m, 0.0005m },
        { "断面（长江）" + new string('河', 600), new DateTime(2024, 2, 29, 23, 59, 59, 999).AddTicks(9999), DateTimeOffset.UnixEpoch, -12345678901234567890.123456789m, 1.10m },
        { null, DateTime.MinValue, DateTimeOffset.MaxValue.ToUniversalTime(), decimal.MaxValue, decimal.MinValue },
    };

    /// <summary>
    /// The columns are bound and read by function pointer into the SQLite library SQLitePCLRaw loaded (<see cref="SqliteNative"/>):
    /// found here, so the values of every test on SQLite went through it.
    /// </summary>
    [Fact]
    public void Binds_and_column_reads_go_straight_to_the_sqlite_library_in_use()
    {
        Assert.True(SqliteNative.Direct);
        using var conn = new SqliteConnection("Data Source=:memory:");
        conn.Open();
        SQLitePCL.raw.sqlite3_prepare_v2(conn.Handle, "SELECT ?1, ?2, ?3, ?4", out var statement);
        using (statement)
        {
            Assert.Equal(0, SqliteNative.BindInt64(statement, 1, long.MinValue));
            Assert.Equal(0, SqliteNative.BindInt(statement, 2, -7));
            Assert.Equal(0, SqliteNative.BindText(statement, 3, "断面"u8));
            Assert.Equal(0, SqliteNative.BindNull(statement, 4));
            Assert.Equal(SQLitePCL.raw.SQLITE_RANGE, SqliteNative.BindInt(statement, 5, 1));
            Assert.Equal(SQLitePCL.raw.SQLITE_ROW, SQLitePCL.raw.sqlite3_step(statement));
            Assert.Equal(long.MinValue, SqliteNative.ColumnInt64(statement, 0));
            Assert.Equal(-7, SqliteNative.ColumnInt64(statement, 1));
            Assert.Equal("断面", System.Text.Encoding.UTF8.GetString(SqliteNative.ColumnBlob(statement, 2)));
            Assert.True(SqliteNative.ColumnBlob(statement, 3).IsEmpty);
            Assert.Equal(SQLitePCL.raw.SQLITE_NULL, SQLitePCL.raw.sqlite3_column_type(statement, 3));
        }
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void Each_typed_column_writes_the_text_of_a_parameter(string? text, DateTime at, DateTimeOffset when, decimal number, decimal? maybe)
    {
        using var store = LiuyuStore.Open(Path.Combine(_folder, "s.db"));
        var db = store.Db;
        db.Database.ExecuteSqlRaw("CREATE TABLE typed (t TEXT, a TEXT, w TEXT, n TEXT, m TEXT); CREATE TABLE boxed (t TEXT, a TEXT, w TEXT, n TEXT, m TEXT);");
        using (var tx = db.Database.BeginTransaction())
        {
            BulkWriter.Insert(db, "typed",
            [
                BulkColumn<Row>.Text("t", r => r.Text), BulkColumn<Row>.DateTime("a", r => r.At), BulkColumn<Row>.DateTimeOffset("w", r => r.When),
                BulkColumn<Row>.Decimal("n", r => r.Number), BulkColumn<Row>.NullableDecimal("m", r => r.Maybe),
            ], [new Row(text, at, when, number, maybe)]);
            using var cmd = (SqliteCommand)db.Database.GetDbConnection().CreateCommand();
            cmd.Transaction = (SqliteTransaction)tx.GetDbTransaction();
            cmd.CommandText = "INSERT INTO boxed VALUES ($t, $a, $w, $n, $m)";
            cmd.Parameters.AddWithValue("$t", (object?)text ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$a", at);
            cmd.Parameters.AddWithValue("$w", when);
            cmd.Parameters.AddWithValue("$n", number);
            cmd.Parameters.AddWithValue("$m", (object?)maybe ?? DBNull.Value);
            cmd.ExecuteNonQuery();
            tx.Commit();
        }
        db.Database.OpenConnection();
        using var read = db.Database.GetDbConnection().CreateCommand();
        read.CommandText = "SELECT typeof(x.t), x.t, y.t, x.a, y.a, x.w, y.w, x.n, y.n, typeof(x.m), x.m, y.m FROM typed x, boxed y";
        using var r = read.ExecuteReader();
        Assert.True(r.Read());
        Assert.Equal(text is null ? "null" : "text", r.GetString(0));
        for (var c = 1; c < 12; c += 2)
        {
            if (c == 9) { Assert.Equal(maybe is null ? "null" : "text", r.GetString(9)); c++; }
            Assert.Equal(r.IsDBNull(c + 1) ? null : r.GetString(c + 1), r.IsDBNull(c) ? null : r.GetString(c));
        }
    }

    private sealed record Repeating(string? Text, long? Number, int? Small, bool Flag, DateTime At, DateTimeOffset When);

    [Fact]
    public void Decimals_and_times_written_digit_by_digit_read_as_their_formats_write_them()
    {
        // The fast texts against the custom formats they replace, over every scale, both signs, coefficients of a few
        // digits up to 64 bits, and times with and without fractions of a second; what the fast path leaves to the format
        // (zero, a coefficient over 64 bits) is written by the format.
        var rng = new Random(20261206);
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var buffer = new byte[128];
        var written = 0;
        for (var i = 0; i < 200_000; i++)
        {
            var coefficient = (rng.Next(4)) switch
            {
                0 => (ulong)rng.Next(1, 1000),
                1 => (ulong)rng.NextInt64(1, 1_000_000_000_000),
                2 => (ulong)rng.Next(1, 100) * (ulong)Math.Pow(10, rng.Next(0, 12)),
                _ => (ulong)rng.NextInt64() << 1 | (uint)rng.Next(2),
            };
            var value = new decimal((int)(coefficient & 0xFFFFFFFF), (int)(coefficient >> 32), 0, rng.Next(2) == 0, (byte)rng.Next(29));
            var n = Utf8.Format(value, buffer);
            Assert.Equal(value.ToString(Utf8.DecimalFormat, inv), System.Text.Encoding.UTF8.GetString(buffer, 0, n));
            written += n > 0 ? 1 : 0;
        }
        Assert.True(written > 199_000, $"{written} written digit by digit");
        Assert.Equal(0, Utf8.Format(0.000m, buffer));
        Assert.Equal(0, Utf8.Format(decimal.MaxValue, buffer));

        for (var i = 0; i < 200_000; i++)
        {
            var ticks = rng.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks + 1);
            if (rng.Next(3) == 0) ticks -= ticks % TimeSpan.TicksPerSecond; // whole seconds, as samples mostly are
            else if (rng.Next(3) == 0) ticks -= ticks % TimeSpan.TicksPerMillisecond;
            var at = new DateTime(ticks);
            var n = Utf8.Format(at, buffer);
            Assert.Equal(at.ToString(Utf8.DateTimeFormat, inv), System.Text.Encoding.UTF8.GetString(buffer, 0, n));
        }
        Assert.Equal("0001-01-01 00:00:00", System.Text.Encoding.UTF8.GetString(buffer, 0, Utf8.Format(DateTime.MinValue, buffer)));
        Assert.Equal("9999-12-31 23:59:59.9999999", System.Text.Encoding.UTF8.GetString(buffer, 0, Utf8.Format(DateTime.MaxValue, buffer)));
    }

    /// <summary>
    /// A value equal to the previous row's is not bound again (<see cref="Bound"/>): every row still stores its own
    /// values, through runs of the same value, NULL after a value and back, the empty text after NULL, equal texts
    /// that are different strings, date-times a tick apart, and the same instant at another offset.
    /// </summary>
    [Fact]
    public void Rows_repeating_the_previous_rows_values_store_their_own_values()
    {
        var at = new DateTime(2023, 1, 1, 8, 0, 0);
        var when = new DateTimeOffset(2026, 12, 6, 1, 2, 3, TimeSpan.Zero);
        Repeating[] rows =
        [
            new("a", 1, 1, true, at, when), new("a", 1, 1, true, at, when), new(null, null, null, false, at, when), new(null, null, null, false, at.AddTicks(1), when),
            new("", 0, 0, false, at.AddTicks(1), when.ToOffset(TimeSpan.FromHours(8))), new(null, 0, null, true, at, when.ToOffset(TimeSpan.FromHours(8))),
            new(new string('a', 1), null, 0, true, at, when.AddTicks(1)), new("b", 2, 2, false, at.AddHours(4), when),
            new("a", 2, 2, false, at.AddHours(4), when), new("", null, null, true, at, when),
        ];
        using var store = LiuyuStore.Open(Path.Combine(_folder, "r.db"));
        var db = store.Db;
        db.Database.ExecuteSqlRaw("CREATE TABLE repeating (i INTEGER PRIMARY KEY, t TEXT, n INTEGER, s INTEGER, f INTEGER, a TEXT, w TEXT)");
        using (var tx = db.Database.BeginTransaction())
        {
            BulkWriter.Insert(db, "repeating",
            [
                BulkColumn<Repeating>.Text("t", r => r.Text), BulkColumn<Repeating>.Int64("n", r => r.Number),
                BulkColumn<Repeating>.Int32("s", r => r.Small), BulkColumn<Repeating>.Boolean("f", r => r.Flag),
                BulkColumn<Repeating>.DateTime("a", r => r.At), BulkColumn<Repeating>.DateTimeOffset("w", r => r.When),
            ], rows);
            tx.Commit();
        }
        db.Database.OpenConnection();
        using var read = db.Database.GetDbConnection().CreateCommand();
        read.CommandText = "SELECT t, n, s, f, a, w FROM repeating ORDER BY i";
        using var r = read.ExecuteReader();
        var stored = new List<Repeating>();
        while (r.Read())
            stored.Add(new(r.IsDBNull(0) ? null : r.GetString(0), r.IsDBNull(1) ? null : r.GetInt64(1), r.IsDBNull(2) ? null : r.GetInt32(2), r.GetInt64(3) == 1,
                r.GetDateTime(4), r.GetFieldValue<DateTimeOffset>(5)));
        Assert.Equal(rows, stored);
        // The same instant at another offset is another text (and another value to EF): it must be bound anew.
        Assert.Equal(TimeSpan.FromHours(8), stored[4].When.Offset);
        Assert.Equal(TimeSpan.Zero, stored[6].When.Offset);
    }

    private static BulkColumn<Repeating>[] RepeatingColumns =>
    [
        BulkColumn<Repeating>.Text("t", r => r.Text), BulkColumn<Repeating>.Int64("n", r => r.Number),
        BulkColumn<Repeating>.Int32("s", r => r.Small), BulkColumn<Repeating>.Boolean("f", r => r.Flag),
        BulkColumn<Repeating>.DateTime("a", r => r.At), BulkColumn<Repeating>.DateTimeOffset("w", r => r.When),
    ];

    /// <summary>Rows whose columns repeat in runs of different lengths (so a statement of many rows rebinds some parameters and not others), a few NULLs.</summary>
    private static List<Repeating> Numbered(int count)
    {
        var at = new DateTime(2023, 1, 1, 8, 0, 0);
        var when = new DateTimeOffset(2026, 12, 7, 16, 0, 0, TimeSpan.Zero);
        return [.. Enumerable.Range(0, count).Select(k => new Repeating(k % 11 == 5 ? null : "t" + k / 3, k, k % 5 == 0 ? null : k / 7, k % 2 == 0,
            at.AddHours(k / 4), when.AddTicks(k / 9)))];
    }

    /// <summary>A new store with a table <c>many</c> of the columns of <see cref="RepeatingColumns"/> after an integer key.</summary>
    private LiuyuStore StoreWithMany(string file, bool uniqueNumbers = false)
    {
        var store = LiuyuStore.Open(Path.Combine(_folder, file));
        store.Db.Database.ExecuteSqlRaw(uniqueNumbers
            ? "CREATE TABLE many (i INTEGER PRIMARY KEY, t TEXT, n INTEGER UNIQUE, s INTEGER, f INTEGER, a TEXT, w TEXT)"
            : "CREATE TABLE many (i INTEGER PRIMARY KEY, t TEXT, n INTEGER, s INTEGER, f INTEGER, a TEXT, w TEXT)");
        return store;
    }

    private static List<Repeating> ReadRepeating(LiuyuDb db, string table)
    {
        db.Database.OpenConnection();
        using var read = db.Database.GetDbConnection().CreateCommand();
        read.CommandText = $"SELECT t, n, s, f, a, w FROM {table} ORDER BY i";
        using var r = read.ExecuteReader();
        var stored = new List<Repeating>();
        while (r.Read())
            stored.Add(new(r.IsDBNull(0) ? null : r.GetString(0), r.IsDBNull(1) ? null : r.GetInt64(1), r.IsDBNull(2) ? null : r.GetInt32(2), r.GetInt64(3) == 1,
                r.GetDateTime(4), r.GetFieldValue<DateTimeOffset>(5)));
        return stored;
    }

    /// <summary>
    /// Issue 10: the plain bulk path puts many rows in one INSERT (<see cref="BulkWriter.RowsPerStatement"/>) and the
    /// rows that do not fill one go one at a time. Every row is stored once, in the order given, with its own values,
    /// whether the rows fill no statement, exactly some, or some and a few more; the count is the rows written.
    /// </summary>
    [Theory]
    [InlineData(0, 4)]
    [InlineData(1, 4)]
    [InlineData(3, 4)]
    [InlineData(4, 4)]
    [InlineData(5, 4)]
    [InlineData(11, 4)]
    [InlineData(12, 4)]
    [InlineData(127, BulkWriter.RowsPerStatement)]
    [InlineData(BulkWriter.RowsPerStatement * 3, BulkWriter.RowsPerStatement)]
    [InlineData(1000, BulkWriter.RowsPerStatement)]
    public void Rows_written_many_to_a_statement_are_the_rows_given_in_order(int count, int perStatement)
    {
        using var store = StoreWithMany("m.db");
        var db = store.Db;
        var rows = Numbered(count);
        using (var tx = db.Database.BeginTransaction())
        {
            var conn = (SqliteConnection)db.Database.GetDbConnection();
            Assert.Equal(count, BulkWriter.InsertManyAtOnce(conn, "many", RepeatingColumns, rows, perStatement));
            tx.Commit();
        }
        Assert.Equal(rows, ReadRepeating(db, "many"));
    }

    /// <summary>The store's own path (<see cref="BulkWriter.Insert{T}(LiuyuDb, string, IReadOnlyList{BulkColumn{T}}, IEnumerable{T})"/>) writes several statements' worth the same.</summary>
    [Fact]
    public void The_bulk_path_writes_several_statements_of_rows_and_the_rest_in_order()
    {
        using var store = StoreWithMany("p.db");
        var db = store.Db;
        var rows = Numbered(BulkWriter.RowsPerStatement * 2 + 17);
        using (var tx = db.Database.BeginTransaction())
        {
            Assert.Equal(rows.Count, BulkWriter.Insert(db, "many", RepeatingColumns, rows));
            tx.Commit();
        }
        Assert.Equal(rows, ReadRepeating(db, "many"));
    }

    /// <summary>
    /// A statement of many rows stays within the connection's limit on parameters (SQLite refuses to prepare one with
    /// more): with the limit lowered to 13, rows of 6 columns asked to go four to a statement go two, then one at a time.
    /// </summary>
    [Fact]
    public void A_statement_of_many_rows_stays_within_the_connections_limit_on_parameters()
    {
        using var store = StoreWithMany("l.db");
        var db = store.Db;
        var rows = Numbered(7);
        using (var tx = db.Database.BeginTransaction())
        {
            var conn = (SqliteConnection)db.Database.GetDbConnection();
            var before = SQLitePCL.raw.sqlite3_limit(conn.Handle, SQLitePCL.raw.SQLITE_LIMIT_VARIABLE_NUMBER, 13);
            try
            {
                Assert.True(before >= 36 * BulkWriter.RowsPerStatement, $"SQLite allows {before} parameters a statement"); // a ledger line has 36 columns
                Assert.Equal(7, BulkWriter.InsertManyAtOnce(conn, "many", RepeatingColumns, rows, 4));
            }
            finally { SQLitePCL.raw.sqlite3_limit(conn.Handle, SQLitePCL.raw.SQLITE_LIMIT_VARIABLE_NUMBER, before); }
            tx.Commit();
        }
        Assert.Equal(rows, ReadRepeating(db, "many"));
    }

    /// <summary>
    /// A row the table refuses in the middle of a statement of many rows fails the write with SQLite's constraint error,
    /// and the caller's rollback keeps nothing (the rows before it in the same statement included).
    /// </summary>
    [Fact]
    public void A_row_refused_within_a_statement_of_many_fails_the_write_and_nothing_is_kept()
    {
        using var store = StoreWithMany("u.db", uniqueNumbers: true);
        var db = store.Db;
        var rows = Numbered(10);
        rows[6] = rows[6] with { Number = 1 };
        using (var tx = db.Database.BeginTransaction())
        {
            var conn = (SqliteConnection)db.Database.GetDbConnection();
            var e = Assert.Throws<SqliteException>(() => BulkWriter.InsertManyAtOnce(conn, "many", RepeatingColumns, rows, 4));
            Assert.Equal(SQLitePCL.raw.SQLITE_CONSTRAINT, e.SqliteErrorCode);
            tx.Rollback();
        }
        Assert.Empty(ReadRepeating(db, "many"));
    }
}
