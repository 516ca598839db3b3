using System.CommandLine;
using Liuyu.Data.Csv;
using Liuyu.Storage;

namespace Liuyu.Cli;

/// <summary>The store options and the composition root (in the full CLI and in the native front, which compiles this file too).</summary>
public static partial class CliOptions
{
    public static Option<string> Store() => new("--store", "-s")
    {
        Description = "SQLite file path or PostgreSQL connection string (Host=…; or postgres://…); default $LIUYU_STORE or .data/liuyu.db",
        DefaultValueFactory = _ => DefaultStore,
    };

    /// <summary>Closes pooled SQLite connections, so that a temporary store's folder can be deleted.</summary>
    public static void ReleaseConnections() => Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

    /// <summary>"PostgreSQL" or "SQLite": which engine a location names.</summary>
    public static string Engine(string location) => StoreLocation.Parse(location).IsPostgres ? "PostgreSQL" : "SQLite";

    /// <summary>
    /// The CLI's composition root: opens (creating and migrating on first use) the store at a location, with the chain
    /// key of <c>LIUYU_CHAIN_KEY</c> when set. Every command works through the returned port and the use cases.
    /// </summary>
    public static ILiuyuStore OpenStore(string location)
    {
        try
        {
            return LiuyuStore.Open(location);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
        {
            throw new InputException(new InputError("--store", null, null, ErrorCodes.StoreUnopenable, ("store", location), ("reason", ex.Message)));
        }
    }

    /// <summary>
    /// The HJ 212 receiver's stores (issue 14): the store is opened and migrated once here, then each call connects
    /// afresh (pooled on SQLite, as the server does) for one batch of uploads or one station lookup.
    /// </summary>
    public static Func<IStationStore> StationStores(string location)
    {
        using (OpenStore(location)) { }
        var parsed = StoreLocation.Parse(location);
        var pooled = parsed.IsPostgres ? parsed
            : parsed with { ConnectionString = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(parsed.ConnectionString) { Pooling = true }.ToString() };
        return () => LiuyuStore.Connect(pooled);
    }
}
