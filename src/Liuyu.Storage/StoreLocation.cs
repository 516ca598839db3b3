using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Liuyu.Storage;

/// <summary>
/// Where a store lives: a SQLite file path (the embedded default) or a PostgreSQL connection string
/// (recognised by <c>Host=</c> or a <c>postgres://</c> / <c>postgresql://</c> URI).
/// </summary>
public sealed record StoreLocation(bool IsPostgres, string ConnectionString, string Display)
{
    public static StoreLocation Parse(string text)
    {
        var t = text.Trim();
        if (t.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || t.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            return new StoreLocation(true, FromUri(new Uri(t)), Redact(t));
        if (t.Contains("Host=", StringComparison.OrdinalIgnoreCase) || t.Contains("Server=", StringComparison.OrdinalIgnoreCase))
            return new StoreLocation(true, t, Redact(t));
        var path = t.StartsWith("Data Source=", StringComparison.OrdinalIgnoreCase) ? new SqliteConnectionStringBuilder(t).DataSource : t;
        var full = Path.GetFullPath(path);
        var builder = new SqliteConnectionStringBuilder { DataSource = full, Pooling = false };
        return new StoreLocation(false, builder.ToString(), full);
    }

    /// <summary>A new connection to the store (not open).</summary>
    internal DbConnection CreateConnection() => IsPostgres ? new Npgsql.NpgsqlConnection(ConnectionString) : new SqliteConnection(ConnectionString);

    /// <summary>EF Core's context on a connection of the store's (which it neither opens for good nor disposes), once its model is built.</summary>
    internal LiuyuDb CreateDb(DbConnection connection)
    {
        AheadOfTime.Require("EF Core");
        try { WarmUp(IsPostgres).Wait(); }
        catch (AggregateException) { } // making the context below fails the same way, where it is used
        return Context(IsPostgres, connection);
    }

    private static LiuyuDb Context(bool postgres, DbConnection connection) => postgres
        ? new PostgresLiuyuDb(new DbContextOptionsBuilder<PostgresLiuyuDb>().UseNpgsql(connection).Options)
        : new SqliteLiuyuDb(new DbContextOptionsBuilder<SqliteLiuyuDb>().UseSqlite(connection).Options);

    private static readonly Lazy<Task> SqliteWarmUp = new(() => WarmingUp(false));
    private static readonly Lazy<Task> PostgresWarmUp = new(() => WarmingUp(true));

    /// <summary>
    /// Builds EF Core's services and model for an engine once per process, on another thread (the first time, about half a
    /// second: every store's context after it shares them). A context on a connection that is never opened is made and
    /// its model and change tracker asked for; nothing touches a database.
    /// </summary>
    internal static Task WarmUp(bool postgres) => (postgres ? PostgresWarmUp : SqliteWarmUp).Value;

    private static Task WarmingUp(bool postgres) => Task.Run(() =>
    {
        using var connection = postgres ? (DbConnection)new Npgsql.NpgsqlConnection() : new SqliteConnection();
        using var db = Context(postgres, connection);
        _ = db.Model;
        _ = db.ChangeTracker.AutoDetectChangesEnabled;
    });

    private static string FromUri(Uri uri)
    {
        var userInfo = uri.UserInfo.Split(':', 2);
        var b = new Npgsql.NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.Port > 0 ? uri.Port : 5432,
            Database = uri.AbsolutePath.Trim('/'),
            Username = Uri.UnescapeDataString(userInfo[0]),
        };
        if (userInfo.Length > 1) b.Password = Uri.UnescapeDataString(userInfo[1]);
        return b.ToString();
    }

    private static string Redact(string s) =>
        System.Text.RegularExpressions.Regex.Replace(s, @"(?i)(password=)[^;]*", "$1***");
}
