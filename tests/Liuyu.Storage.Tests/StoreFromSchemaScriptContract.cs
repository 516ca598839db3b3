using System.Data.Common;
using Liuyu.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Liuyu.Storage.Tests;

/// <summary>
/// Issue 10: a new store is made from the schema script (EF Core's migrations script, run in one transaction) and is
/// the store EF Core's migrations make, schema and rows, plain and keyed; the script in the assembly is the one EF Core
/// generates for this version's migrations. Runs on SQLite and PostgreSQL.
/// </summary>
public abstract class StoreFromSchemaScriptContract
{
    protected abstract string NewLocation();

    /// <summary>The schema of the store as the engine's catalogue gives it, one text per object, in order.</summary>
    protected abstract string[] Schema(DbConnection conn);

    private static string Example(string n) => Path.Combine(SharedFolder.Shared, "examples", "account", n);

    [Fact]
    public void The_schema_script_is_the_one_ef_core_generates_for_these_migrations()
    {
        using var store = LiuyuStore.Connect(StoreLocation.Parse(NewLocation()));
        var generated = LiuyuStore.GenerateSchemaScript(store.Db);
        var postgres = store.Location.IsPostgres;
        if (Environment.GetEnvironmentVariable("LIUYU_WRITE_SCHEMA") == "1")
            File.WriteAllText(Path.Combine(SharedFolder.RepoRoot, "src", "Liuyu.Storage", "Schema", LiuyuStore.SchemaFile(postgres)), generated);
        Assert.Equal(generated, LiuyuStore.SchemaScript(postgres));
        foreach (var migration in LiuyuStore.MigrationsOf(postgres))
            Assert.Contains($"'{migration}'", generated);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("a test key that is long enough to seal a chain")]
    public void A_store_made_from_the_script_is_the_store_the_migrations_make(string? secret)
    {
        var key = secret is null ? ChainKey.Plain : ChainKey.Keyed(secret);
        string[] Made(bool fromScript, out string[] rows)
        {
            using var store = LiuyuStore.Connect(StoreLocation.Parse(NewLocation()), key: key);
            var applied = store.Migrate(fromScript);
            Assert.Equal(fromScript, !store.ContextMade);
            Assert.Equal(LiuyuStore.MigrationsOf(store.Location.IsPostgres), applied.Order(StringComparer.Ordinal));
            Assert.True(store.IsCurrent());
            rows =
            [
                .. store.Db.Settings.AsNoTracking().OrderBy(s => s.Key).AsEnumerable().Select(s => $"setting {s.Key}={s.Value}"),
                .. store.Db.ChainHeads.AsNoTracking().OrderBy(h => h.Name).AsEnumerable().Select(h => $"head {h.Name} {h.Length} {h.LastId} {h.Head} {h.Seal}"),
                .. store.Db.Database.SqlQueryRaw<string>("SELECT \"MigrationId\" || ' ' || \"ProductVersion\" AS \"Value\" FROM \"__EFMigrationsHistory\"")
                    .AsEnumerable().Order(StringComparer.Ordinal).Select(h => "history " + h),
            ];
            var conn = store.Db.Database.GetDbConnection();
            store.Db.Database.OpenConnection();
            try { return Schema(conn); }
            finally { store.Db.Database.CloseConnection(); }
        }
        var migrated = Made(fromScript: false, out var migratedRows);
        var scripted = Made(fromScript: true, out var scriptedRows);
        Assert.Equal(migrated, scripted);
        Assert.Equal(migratedRows, scriptedRows);
        Assert.Contains(scriptedRows, r => r.StartsWith("setting chain_mode=", StringComparison.Ordinal));
        Assert.Equal(secret is not null, scriptedRows.Any(r => r.StartsWith("setting chain_key_id=", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_store_made_from_the_script_imports_accounts_and_verifies()
    {
        var location = NewLocation();
        using (var store = LiuyuStore.Open(location))
        {
            store.ImportFolder(Example("5"), "test");
            store.Account(2025);
        }
        using var again = LiuyuStore.Open(location);
        Assert.True(again.Verify().Ok);
        Assert.NotEmpty(again.Settle(2025).Lines);
    }
}

public sealed class SqliteStoreFromSchemaScript : StoreFromSchemaScriptContract
{
    protected override string NewLocation() => Path.Combine(ScenarioGenerator.TempFolder(), "store.db");

    protected override string[] Schema(DbConnection conn)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT type || ' ' || name || ' ' || tbl_name || ' ' || coalesce(sql, '') FROM sqlite_master ORDER BY name";
        var list = new List<string>();
        using (var r = cmd.ExecuteReader())
            while (r.Read()) list.Add(r.GetString(0));
        // The file's own settings: both ways of making a store give them too.
        list.Add($"page_size {Pragma(conn, "page_size")}");
        list.Add($"journal_mode {Pragma(conn, "journal_mode")}");
        return [.. list];
    }

    private static string Pragma(DbConnection conn, string name)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "PRAGMA " + name;
        return Convert.ToString(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
    }

    private static string Pragma(string path, string name)
    {
        using var conn = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        conn.Open();
        return Pragma(conn, name);
    }

    [Fact]
    public void A_new_store_has_16_KiB_pages_and_a_store_made_with_4_KiB_pages_keeps_them_and_works()
    {
        // Made from the script and by the migrations alike (the contract above compares the two, page size included).
        var made = NewLocation();
        using (var store = LiuyuStore.Open(made)) store.ImportFolder(Path.Combine(SharedFolder.Shared, "examples", "account", "5"), "test");
        Assert.Equal(LiuyuStore.SqlitePageSize.ToString(System.Globalization.CultureInfo.InvariantCulture), Pragma(made, "page_size"));
        Assert.Equal("16384", Pragma(made, "page_size"));
        Assert.Equal("wal", Pragma(made, "journal_mode"));

        // A store of an earlier version: 4 KiB pages, already in WAL mode, where SQLite changes the size only by VACUUM.
        var older = NewLocation();
        using (var conn = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={older};Pooling=False"))
        {
            conn.Open();
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "PRAGMA page_size = 4096; PRAGMA journal_mode = WAL; CREATE TABLE t (x); DROP TABLE t;";
            cmd.ExecuteNonQuery();
        }
        using (var store = LiuyuStore.Open(older))
        {
            store.ImportFolder(Path.Combine(SharedFolder.Shared, "examples", "account", "5"), "test");
            store.Account(2025);
        }
        Assert.Equal("4096", Pragma(older, "page_size"));
        using var again = LiuyuStore.Open(older);
        Assert.True(again.Verify().Ok);
        Assert.NotEmpty(again.Settle(2025).Lines);
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreFromSchemaScript(PostgresCluster cluster) : StoreFromSchemaScriptContract
{
    protected override string NewLocation() => cluster.NewDatabase();

    protected override string[] Schema(DbConnection conn)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = """
            SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') || ' ' ||
                   coalesce(is_identity, '') || ' ' || coalesce(identity_generation, '') || ' ' || coalesce(numeric_precision::text, '') || ',' || coalesce(numeric_scale::text, '')
              FROM information_schema.columns WHERE table_schema = current_schema()
            UNION ALL
            SELECT 'index ' || indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = current_schema()
            UNION ALL
            SELECT 'constraint ' || c.conrelid::regclass::text || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid)
              FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = current_schema()
            UNION ALL
            SELECT 'table ' || c.relname || ' ' || c.relkind::text || ' ' || coalesce(pg_get_partkeydef(c.oid), '') || ' ' || coalesce(pg_get_expr(c.relpartbound, c.oid), '')
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'S')
            ORDER BY 1
            """;
        using var r = cmd.ExecuteReader();
        var list = new List<string>();
        while (r.Read()) list.Add(r.GetString(0));
        return [.. list];
    }
}
