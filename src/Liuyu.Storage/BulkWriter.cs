using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Liuyu.Storage;

/// <summary>A column of a bulk write: its name, PostgreSQL type and how to read it from a row.</summary>
internal sealed record BulkColumn<T>(string Name, NpgsqlDbType PgType, Func<T, object?> Value);

/// <summary>
/// The bulk path for large writes (ledger lines, results): one prepared statement reused inside the current
/// transaction on SQLite, binary COPY on PostgreSQL. Never one SaveChanges per row.
/// </summary>
internal static class BulkWriter
{
    public static int Insert<T>(LiuyuDb db, string table, IReadOnlyList<BulkColumn<T>> columns, IEnumerable<T> rows)
    {
        var tx = db.Database.CurrentTransaction?.GetDbTransaction()
                 ?? throw new InvalidOperationException("bulk writes run inside the caller's transaction");
        var conn = db.Database.GetDbConnection();
        return db.IsPostgres ? Copy((NpgsqlConnection)conn, table, columns, rows) : Prepared(conn, tx, table, columns, rows);
    }

    private static int Prepared<T>(DbConnection conn, DbTransaction tx, string table, IReadOnlyList<BulkColumn<T>> columns, IEnumerable<T> rows)
    {
        using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns.Select(c => "\"" + c.Name + "\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
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
            for (var i = 0; i < columns.Count; i++) parameters[i].Value = Sqlite(columns[i].Value(row));
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

    private static int Copy<T>(NpgsqlConnection conn, string table, IReadOnlyList<BulkColumn<T>> columns, IEnumerable<T> rows)
    {
        using var importer = conn.BeginBinaryImport($"COPY {table} ({string.Join(", ", columns.Select(c => "\"" + c.Name + "\""))}) FROM STDIN (FORMAT BINARY)");
        var n = 0;
        foreach (var row in rows)
        {
            importer.StartRow();
            foreach (var c in columns)
            {
                var v = c.Value(row);
                if (v is null) importer.WriteNull();
                else importer.Write(v, c.PgType);
            }
            n++;
        }
        importer.Complete();
        return n;
    }
}
