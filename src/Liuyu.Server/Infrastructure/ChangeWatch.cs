using Liuyu.Storage;
using Microsoft.Data.Sqlite;

namespace Liuyu.Server.Infrastructure;

/// <summary>
/// Tells cheaply whether a SQLite database has changed since it was last asked, whoever changed it (this server, another
/// server, the CLI): <c>PRAGMA data_version</c> on one dedicated connection that never writes changes whenever any other
/// connection commits (sqlite.org/pragma.html#pragma_data_version). A few microseconds instead of a query through EF
/// Core, so that what is derived from the database (the store's version, a user's security stamp) can be kept in memory
/// and still be exact on the next request. PostgreSQL has no such counter: <see cref="Generation"/> is null there and
/// the callers ask the database every time.
/// </summary>
public sealed class ChangeWatch : IDisposable
{
    private readonly string? _connectionString;
    private readonly Lock _lock = new();
    private SqliteConnection? _connection;
    private SqliteCommand? _pragma;
    private long _seen = long.MinValue;
    private long _generation;

    public ChangeWatch(StoreLocation location)
    {
        if (!location.IsPostgres)
            _connectionString = new SqliteConnectionStringBuilder(location.ConnectionString) { Pooling = false }.ToString();
    }

    /// <summary>A number that changes whenever the database changed since the previous call; null on PostgreSQL.</summary>
    public long? Generation()
    {
        if (_connectionString is null) return null;
        lock (_lock)
        {
            if (_pragma is null)
            {
                _connection = new SqliteConnection(_connectionString);
                _connection.Open();
                _pragma = _connection.CreateCommand();
                _pragma.CommandText = "PRAGMA data_version;";
                _pragma.Prepare();
            }
            var version = (long)_pragma.ExecuteScalar()!;
            if (version != _seen)
            {
                _seen = version;
                _generation++;
            }
            return _generation;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _pragma?.Dispose();
            _connection?.Dispose();
        }
    }
}

/// <summary>
/// The store's version (<see cref="Application.ILiuyuStore.Version"/>) for the output cache: read from the store again
/// only when the store's file has changed (<see cref="ChangeWatch"/>), on PostgreSQL on every request.
/// </summary>
public sealed class StoreVersion(StoreStartup startup) : IDisposable
{
    private sealed record Known(long Generation, string Version);

    private readonly ChangeWatch _watch = new(startup.Location);
    private volatile Known? _known;

    public string Current()
    {
        var generation = _watch.Generation();
        if (generation is { } g && _known is { } k && k.Generation == g) return k.Version;
        using var store = startup.Connect();
        var version = store.Version();
        if (generation is { } now) _known = new Known(now, version);
        return version;
    }

    public void Dispose() => _watch.Dispose();
}
