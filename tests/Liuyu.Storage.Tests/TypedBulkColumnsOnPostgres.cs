using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Liuyu.Storage.Tests;

/// <summary>
/// Issue 10: on PostgreSQL the bulk path writes the binary COPY format itself (<see cref="PgBinaryRows"/>) instead of
/// binding every value through Npgsql's binary importer. What it writes must be what the importer writes, value for
/// value (a numeric's display scale included), and a COPY that fails (a row the server refuses, a row that could not
/// be made) must leave nothing behind.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TypedBulkColumnsOnPostgres(PostgresCluster cluster)
{
    private sealed record Row(int Key, string? Text, long? Number, int? Small, bool Flag, decimal Exact, decimal? Maybe);

    private static readonly BulkColumn<Row>[] Columns =
    [
        BulkColumn<Row>.Int32("k", r => r.Key), BulkColumn<Row>.Text("t", r => r.Text), BulkColumn<Row>.Int64("n", r => r.Number),
        BulkColumn<Row>.Int32("s", r => r.Small), BulkColumn<Row>.Boolean("f", r => r.Flag), BulkColumn<Row>.Decimal("d", r => r.Exact),
        BulkColumn<Row>.NullableDecimal("m", r => r.Maybe),
    ];

    private const string Table = "(k integer PRIMARY KEY, t text, n bigint UNIQUE, s integer, f boolean NOT NULL, d numeric NOT NULL, m numeric)";

    private static readonly decimal[] Decimals =
    [
        0m, 0.000m, 1m, -1m, 1.10m, -1.10m, 0.5m, 0.0001m, 0.00001m, 9999m, 10000m, 9999.9999m, 10000.0001m, 100000000m, 123456789.123456789m,
        0.0000000000000000000000000001m, -0.0000000000000000000000000001m, decimal.MaxValue, decimal.MinValue, 7922816251426433759354395033.5m,
        -12345678901234567890.123456789m, 6.93m, 240000000m, 1.0000000000000000000000000000m, new decimal(0, 0, 0, isNegative: true, scale: 3),
    ];

    private static List<Row> Rows()
    {
        var rng = new Random(20261207);
        var rows = new List<Row>();
        string?[] texts = ["", "S000001", "断面（长江）", "a\tb\nc\\d\"e'f,g", null, "😀 emoji", new string('河', 100_000)];
        for (var k = 0; k < Decimals.Length; k++)
            rows.Add(new Row(k, texts[k % texts.Length], k % 4 == 3 ? null : k == 1 ? long.MinValue : k == 2 ? long.MaxValue : k * 1_000_003L,
                k % 5 == 4 ? null : k == 6 ? int.MinValue : k == 7 ? int.MaxValue : -k, k % 2 == 0, Decimals[k], k % 3 == 0 ? null : Decimals[^(k + 1)]));
        for (var k = Decimals.Length; k < 20_000; k++)
        {
            var coefficient = rng.NextInt64(0, long.MaxValue);
            var exact = new decimal((int)coefficient, (int)(coefficient >> 32), rng.Next(3) == 0 ? rng.Next() : 0, rng.Next(2) == 0, (byte)rng.Next(29));
            rows.Add(new Row(k, rng.Next(10) == 0 ? null : "T" + rng.Next(1000) + new string('流', rng.Next(40)), 10_000_000_000L + k, rng.Next(), rng.Next(2) == 0,
                exact, rng.Next(4) == 0 ? null : Math.Round((decimal)rng.NextDouble() * 1000, rng.Next(6))));
        }
        return rows;
    }

    /// <summary>A store in a new database with tables of <see cref="Table"/>'s columns under the names given.</summary>
    private LiuyuStore StoreWith(params string[] tables)
    {
        var store = LiuyuStore.Open(cluster.NewDatabase());
        store.Db.Database.ExecuteSqlRaw(string.Concat(tables.Select(t => $"CREATE TABLE {t} {Table};")));
        return store;
    }

    private static List<string> Read(NpgsqlConnection conn, string table)
    {
        using var cmd = new NpgsqlCommand($"SELECT k, t, n, s, f, d::text, m::text FROM {table} ORDER BY k", conn);
        using var r = cmd.ExecuteReader();
        var rows = new List<string>();
        while (r.Read())
            rows.Add(string.Join('|', Enumerable.Range(0, 7).Select(i => r.IsDBNull(i) ? "NULL" : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        return rows;
    }

    [Fact]
    public void Rows_copied_in_the_binary_format_are_those_npgsqls_importer_writes()
    {
        using var store = StoreWith("own", "importer");
        var db = store.Db;
        var rows = Rows();
        using (var tx = db.Database.BeginTransaction())
        {
            var conn = (NpgsqlConnection)db.Database.GetDbConnection();
            Assert.True(BulkWriter.WritesOwnCopy(conn, Columns), "these columns are written by PgBinaryRows, not by the importer");
            Assert.Equal(rows.Count, BulkWriter.Copy(conn, "own", Columns, rows, ownFormat: true));
            Assert.Equal(rows.Count, BulkWriter.Copy(conn, "importer", Columns, rows, ownFormat: false));
            tx.Commit();
        }
        db.Database.OpenConnection();
        var npgsql = (NpgsqlConnection)db.Database.GetDbConnection();
        var own = Read(npgsql, "own");
        Assert.Equal(rows.Count, own.Count);
        Assert.Equal(Read(npgsql, "importer"), own);
        // And the values themselves, read back: every decimal with its scale (1.10 stays 1.10).
        using var cmd = new NpgsqlCommand("SELECT k, d, m FROM own ORDER BY k", npgsql);
        using var r = cmd.ExecuteReader();
        foreach (var row in rows)
        {
            Assert.True(r.Read());
            Assert.Equal(row.Key, r.GetInt32(0));
            Assert.Equal(row.Exact.ToString(System.Globalization.CultureInfo.InvariantCulture), r.GetDecimal(1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(row.Maybe?.ToString(System.Globalization.CultureInfo.InvariantCulture), r.IsDBNull(2) ? null : r.GetDecimal(2).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void A_copy_of_no_rows_writes_nothing()
    {
        using var store = StoreWith("own");
        var db = store.Db;
        using var tx = db.Database.BeginTransaction();
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        Assert.Equal(0, BulkWriter.Copy(conn, "own", Columns, [], ownFormat: true));
        Assert.Empty(Read(conn, "own"));
    }

    /// <summary>A row the server refuses (a second row with the same unique number) fails the write as PostgreSQL's own error, and the rollback keeps nothing.</summary>
    [Fact]
    public void A_row_the_server_refuses_fails_the_copy_and_nothing_is_kept()
    {
        using var store = StoreWith("own");
        var db = store.Db;
        var rows = Rows();
        rows[15_000] = rows[15_000] with { Number = rows[3_000].Number };
        using (var tx = db.Database.BeginTransaction())
        {
            var conn = (NpgsqlConnection)db.Database.GetDbConnection();
            Assert.True(BulkWriter.WritesOwnCopy(conn, Columns));
            var e = Assert.Throws<PostgresException>(() => BulkWriter.Copy(conn, "own", Columns, rows, ownFormat: true));
            Assert.Equal(PostgresErrorCodes.UniqueViolation, e.SqlState);
            tx.Rollback();
        }
        db.Database.OpenConnection();
        Assert.Empty(Read((NpgsqlConnection)db.Database.GetDbConnection(), "own"));
    }

    /// <summary>
    /// A row that cannot be made (the rows throw part-way, or a text is not valid UTF-16) cancels the COPY: the error is
    /// the row's own, nothing of the rows before it is kept, and the connection goes on in its transaction.
    /// </summary>
    [Fact]
    public void A_row_that_cannot_be_made_cancels_the_copy_with_its_own_error()
    {
        using var store = StoreWith("own");
        var db = store.Db;
        var rows = Rows();
        IEnumerable<Row> Failing()
        {
            foreach (var r in rows.Take(12_000)) yield return r;
            throw new InvalidOperationException("row 12000 could not be made");
        }
        using var tx = db.Database.BeginTransaction();
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        Assert.True(BulkWriter.WritesOwnCopy(conn, Columns));
        using (var savepoint = new NpgsqlCommand("SAVEPOINT before_copy", conn)) savepoint.ExecuteNonQuery();
        var e = Assert.Throws<InvalidOperationException>(() => BulkWriter.Copy(conn, "own", Columns, Failing(), ownFormat: true));
        Assert.Equal("row 12000 could not be made", e.Message);
        using (var back = new NpgsqlCommand("ROLLBACK TO SAVEPOINT before_copy", conn)) back.ExecuteNonQuery();
        Assert.Empty(Read(conn, "own"));

        Row[] invalid = [rows[0], rows[1] with { Text = "bad \ud800 surrogate" }];
        Assert.Throws<EncoderFallbackException>(() => BulkWriter.Copy(conn, "own", Columns, invalid, ownFormat: true));
        using (var back = new NpgsqlCommand("ROLLBACK TO SAVEPOINT before_copy", conn)) back.ExecuteNonQuery();
        Assert.Empty(Read(conn, "own"));
        // The connection still writes.
        Assert.Equal(3, BulkWriter.Copy(conn, "own", Columns, rows.Take(3), ownFormat: true));
        Assert.Equal(3, Read(conn, "own").Count);
    }

    /// <summary>
    /// A connection lost in the middle of a COPY fails the write with Npgsql's error for the lost connection, not with an
    /// error of the cancel that follows it (Npgsql has already ended the stream, and cancelling it throws
    /// ObjectDisposedException).
    /// </summary>
    [Fact]
    public void A_connection_lost_during_the_copy_fails_with_the_connections_error()
    {
        using var store = StoreWith("own");
        var db = store.Db;
        var rows = Rows();
        using var tx = db.Database.BeginTransaction();
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        var pid = conn.ProcessID;
        var connectionString = new NpgsqlConnectionStringBuilder(conn.ConnectionString) { Password = null }.ConnectionString;
        IEnumerable<Row> Losing()
        {
            for (var i = 0; i < rows.Count; i++)
            {
                if (i == 2_000)
                {
                    using var other = new NpgsqlConnection(connectionString);
                    other.Open();
                    using var kill = new NpgsqlCommand("SELECT pg_terminate_backend(@pid)", other);
                    kill.Parameters.AddWithValue("pid", pid);
                    Assert.Equal(true, kill.ExecuteScalar());
                    Thread.Sleep(200); // the backend is gone and its socket closed before the rows go on
                }
                yield return rows[i];
            }
        }
        Assert.True(BulkWriter.WritesOwnCopy(conn, Columns));
        var e = Assert.ThrowsAny<NpgsqlException>(() => BulkWriter.Copy(conn, "own", Columns, Losing(), ownFormat: true));
        Assert.IsNotType<ObjectDisposedException>(e.InnerException);
    }

    /// <summary>A table with a column of another type, or a connection whose text is not UTF-8, goes through Npgsql's importer.</summary>
    [Fact]
    public void Other_columns_and_text_not_in_utf8_go_through_npgsqls_importer()
    {
        var utf8 = new NpgsqlConnection(cluster.ConnectionString("postgres"));
        var latin1 = new NpgsqlConnection(cluster.ConnectionString("postgres") + ";Encoding=LATIN1");
        Assert.True(BulkWriter.WritesOwnCopy(utf8, Columns));
        Assert.False(BulkWriter.WritesOwnCopy(latin1, Columns));
        Assert.False(BulkWriter.WritesOwnCopy(utf8, [.. Columns, BulkColumn<Row>.DateTime("at", _ => new DateTime(2023, 1, 1))]));
    }
}
