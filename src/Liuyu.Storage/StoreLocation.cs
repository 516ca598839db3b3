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

    internal LiuyuDb CreateDb() => IsPostgres
        ? new PostgresLiuyuDb(new DbContextOptionsBuilder<PostgresLiuyuDb>().UseNpgsql(ConnectionString).Options)
        : new SqliteLiuyuDb(new DbContextOptionsBuilder<SqliteLiuyuDb>().UseSqlite(ConnectionString).Options);

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
