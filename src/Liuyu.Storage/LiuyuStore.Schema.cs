using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Liuyu.Storage;

/// <summary>
/// A new store is made from a schema script instead of EF Core's migrations one by one: the script is EF Core's own
/// migrations script for the engine (<see cref="GenerateSchemaScript"/>, kept in <c>Schema/*.sql</c>; a test fails
/// when it differs from what EF Core generates, and <c>LIUYU_WRITE_SCHEMA=1</c> on that test writes it anew), run in one
/// writing transaction with what <see cref="UpgradeLedger"/> writes into a store without rows. The store is the one
/// the migrations make (the tests compare the two, schema and rows, on both engines), in a fraction of the time:
/// applying eleven migrations built each one's model and took EF Core's model first.
/// </summary>
public sealed partial class LiuyuStore
{
    /// <summary>The schema script of an engine, as the assembly carries it.</summary>
    internal static string SchemaScript(bool postgres)
    {
        using var stream = typeof(LiuyuStore).Assembly.GetManifestResourceStream($"Liuyu.Storage.Schema.{SchemaFile(postgres)}")
                           ?? throw new InvalidOperationException("the schema script is missing from the assembly");
        return new StreamReader(stream).ReadToEnd();
    }

    internal static string SchemaFile(bool postgres) => postgres ? "postgres.sql" : "sqlite.sql";

    /// <summary>
    /// EF Core's script of every migration for <paramref name="db"/>'s engine, without its transaction statements (the
    /// script runs in the store's own transaction); on SQLite with the lock table EF Core's migrator makes.
    /// </summary>
    internal static string GenerateSchemaScript(LiuyuDb db)
    {
        var script = db.GetService<IMigrator>().GenerateScript(null, null, MigrationsSqlGenerationOptions.Default).ReplaceLineEndings("\n");
        var lines = script.Split('\n').Where(l => l is not ("BEGIN TRANSACTION;" or "START TRANSACTION;" or "COMMIT;"));
        // The script separates commands by a blank line; a migration's own SQL (migrationBuilder.Sql) comes without its semicolon.
        var commands = string.Join('\n', lines).Split("\n\n").Select(c => c.Trim()).Where(c => c.Length > 0).Select(c => c.EndsWith(';') ? c : c + ";");
        var text = string.Join("\n\n", commands) + "\n";
        if (!db.IsPostgres)
            // As EF Core's SQLite history repository writes it, line ends and all (SQLite keeps the text of a CREATE).
            text += "\nCREATE TABLE IF NOT EXISTS \"__EFMigrationsLock\" (\r\n    \"Id\" INTEGER NOT NULL CONSTRAINT \"PK___EFMigrationsLock\" PRIMARY KEY,\r\n    \"Timestamp\" TEXT NOT NULL\r\n);\n";
        return text;
    }

    /// <summary>Whether the database holds no table at all (a new SQLite file, a new PostgreSQL database).</summary>
    private bool IsEmptyDatabase() => Count(Location.IsPostgres
        ? "SELECT COUNT(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()"
        : "SELECT COUNT(*) FROM sqlite_master") == 0;

    /// <summary>
    /// Makes the schema of a database without tables from <see cref="SchemaScript"/>, under the write lock, with the
    /// ledger's format, the chain's mode (and key id) and the four empty chains' sealed heads, as <see cref="UpgradeLedger"/>
    /// writes them into a store without rows. False when the database has tables (then the migrations apply as before).
    /// </summary>
    private bool CreateFromSchemaScript()
    {
        try
        {
            if (!IsEmptyDatabase()) return false;
        }
        catch (System.Data.Common.DbException) { return false; }
        // In plain SQL alone: making a store does not build EF Core's model (a new store's import never needs it).
        using var tx = BeginWrite(warmUp: false);
        if (!IsEmptyDatabase()) return false; // another process made it while this one waited for the lock
        using (var create = Command(SchemaScript(Location.IsPostgres))) create.ExecuteNonQuery();
        foreach (var name in new[] { ChainContent.Ledger, ChainContent.Audit, ChainContent.Steps, ChainContent.Closings })
            Execute("INSERT INTO chain_heads (name, length, last_id, head, seal) VALUES (@p0, @p1, @p2, @p3, @p4)",
                name, 0L, 0L, ChainContent.Genesis, Chain.Key.Seal(name, 0, 0, ChainContent.Genesis));
        Execute("INSERT INTO settings (\"key\", \"value\") VALUES (@p0, @p1)", LedgerFormat, "2");
        Execute("INSERT INTO settings (\"key\", \"value\") VALUES (@p0, @p1)", "chain_mode", Chain.Key.Mode);
        if (Chain.Key.KeyId is { } id) Execute("INSERT INTO settings (\"key\", \"value\") VALUES (@p0, @p1)", "chain_key_id", id);
        tx.Commit();
        return true;
    }
}
