using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Liuyu.Storage;

/// <summary>
/// The store's connection and transactions. The store owns one connection; its reads and bulk writes in plain SQL run on
/// it, and EF Core's context is attached to the same connection, and to the transaction open at the time, only when
/// something first needs it (<see cref="Db"/>). Opening a store whose schema is current therefore asks nothing of EF Core
/// (<see cref="IsCurrent"/>), and EF Core's model, built once per process on another thread as soon as work that needs it
/// is known to come (<see cref="WarmUp"/>), is ready by the time that work reaches it.
/// </summary>
public sealed partial class LiuyuStore
{
    private readonly DbConnection _conn;
    private LiuyuDb? _db;
    private WriteScope? _write;
    private int _openCount;
    private bool _openedHere;

    /// <summary>EF Core's context on the store's connection, in the store's current transaction; made on first use.</summary>
    internal LiuyuDb Db => _db ??= AttachDb();

    /// <summary>Whether EF Core's context was made (for the tests: a current store opens and settles without it).</summary>
    internal bool ContextMade => _db is not null;

    private LiuyuDb AttachDb()
    {
        var db = Location.CreateDb(_conn);
        db.Chain = Chain;
        if (_write is { } w) db.Database.UseTransaction(w.Transaction);
        return db;
    }

    /// <summary>The store's connection (open only between <see cref="OpenConnection"/> and <see cref="CloseConnection"/>, or in a transaction).</summary>
    internal DbConnection Connection => _conn;

    /// <summary>The transaction open on the store's connection: the store's own, or one begun through EF Core's context.</summary>
    private DbTransaction? CurrentTransaction => _write?.Transaction ?? _db?.Database.CurrentTransaction?.GetDbTransaction();

    /// <summary>
    /// Begins building EF Core's model on another thread, once per process and engine (<see cref="StoreLocation.WarmUp"/>),
    /// where work that will need it is known to come: a write through EF Core's unit of work (the default of
    /// <see cref="BeginWrite"/>), an import into a store that holds a registry before it reads its folder, a scheme with
    /// computed results or station months. Work in plain SQL alone never builds it and leaves the other core to itself:
    /// <c>settle</c>, <c>account</c>, making a new store and a new store's import, the server's pages of a current store.
    /// Compiled ahead of time, where EF Core cannot run, it throws <see cref="NeedsFullRuntimeException"/> instead: it is
    /// called before the work that needs EF Core writes anything, so that work is handed over with nothing to undo (not
    /// even a PostgreSQL sequence's number, which a rollback does not give back).
    /// </summary>
    private void WarmUp()
    {
        AheadOfTime.Require("EF Core");
        StoreLocation.WarmUp(Location.IsPostgres);
    }

    /// <summary>Holds the connection open until the matching <see cref="CloseConnection"/> (counted; a connection open already stays as it was).</summary>
    private void OpenConnection()
    {
        if (_openCount++ > 0 || _conn.State == ConnectionState.Open) return;
        try { _conn.Open(); }
        catch
        {
            _openCount--;
            throw;
        }
        _openedHere = true;
    }

    private void CloseConnection()
    {
        if (--_openCount > 0 || !_openedHere) return;
        _openedHere = false;
        _conn.Close();
    }

    /// <summary>
    /// Begins a writing transaction that holds the store's write lock across processes (as <see cref="LiuyuDb.BeginWrite"/>
    /// does for EF Core's own): on SQLite the transaction begins <c>IMMEDIATE</c>, on PostgreSQL it takes the
    /// transaction-scoped advisory lock.
    /// </summary>
    /// <param name="warmUp">Whether EF Core's model is begun on another thread (<see cref="WarmUp"/>): false only for a writer
    /// that writes in plain SQL alone.</param>
    private WriteScope BeginWrite(bool warmUp = true)
    {
        var scope = BeginTransaction(warmUp);
        try { LockForWrite(); }
        catch
        {
            scope.Dispose();
            throw;
        }
        return scope;
    }

    /// <summary>A transaction on the store's connection without the write lock (Microsoft.Data.Sqlite still begins it <c>IMMEDIATE</c>).</summary>
    private WriteScope BeginTransaction(bool warmUp = true)
    {
        if (_write is not null) throw new InvalidOperationException("the store's connection is already in a transaction");
        if (warmUp) WarmUp();
        OpenConnection();
        DbTransaction? tx = null;
        try
        {
            tx = _conn.BeginTransaction();
            _write = new WriteScope(this, tx);
            _db?.Database.UseTransaction(tx);
            return _write;
        }
        catch
        {
            _write = null;
            tx?.Dispose();
            CloseConnection();
            throw;
        }
    }

    /// <summary>Takes the write lock inside the current transaction (re-entrant on PostgreSQL; the IMMEDIATE transaction is the lock on SQLite).</summary>
    private void LockForWrite()
    {
        if (!Location.IsPostgres) return;
        using var cmd = _conn.CreateCommand();
        cmd.Transaction = CurrentTransaction;
        cmd.CommandText = LiuyuDb.WriteLockSql;
        cmd.ExecuteNonQuery();
    }

    /// <summary>Forgets the entities EF Core tracks, if its context was made.</summary>
    private void ClearTracked() => _db?.ChangeTracker.Clear();

    /// <summary>A transaction of the store's (<see cref="BeginWrite"/>): disposed without a commit, it rolls back.</summary>
    internal sealed class WriteScope(LiuyuStore store, DbTransaction tx) : IDisposable
    {
        private bool _ended;

        public DbTransaction Transaction => tx;

        public void Commit()
        {
            tx.Commit();
            End();
        }

        public void Rollback()
        {
            tx.Rollback();
            End();
        }

        public void Dispose() => End();

        private void End()
        {
            if (_ended) return;
            _ended = true;
            store._write = null;
            try
            {
                // EF Core's view of a transaction it did not begin: disposing it clears it and leaves the transaction to us.
                store._db?.Database.CurrentTransaction?.Dispose();
                tx.Dispose(); // rolls back what was not committed
            }
            finally { store.CloseConnection(); }
        }
    }

    // ---------------------------------------------------------------- opening

    /// <summary>The migrations of this version for each engine, as its schema script records them (<see cref="MigrationsOf"/>).</summary>
    private static readonly Lazy<string[]> SqliteMigrations = new(() => MigrationsOf(postgres: false));
    private static readonly Lazy<string[]> PostgresMigrations = new(() => MigrationsOf(postgres: true));

    /// <summary>
    /// The ids of this version's migrations for an engine, in order: those its schema script records as applied
    /// (<see cref="SchemaScript"/>, which a test keeps equal to EF Core's own script; another test, to EF Core's list). Read
    /// from the script rather than found by reflection, which a build compiled ahead of time trims (<see cref="AheadOfTime"/>):
    /// there an empty list would have passed every store as current.
    /// </summary>
    internal static string[] MigrationsOf(bool postgres)
    {
        string[] ids =
        [
            .. MigrationRecord().Matches(SchemaScript(postgres)).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal),
        ];
        return ids.Length > 0 ? ids : throw new InvalidOperationException($"the schema script {SchemaFile(postgres)} records no migration");
    }

    [System.Text.RegularExpressions.GeneratedRegex("""INSERT INTO "__EFMigrationsHistory" \("MigrationId", "ProductVersion"\)\s*VALUES \('([^']+)'""")]
    private static partial System.Text.RegularExpressions.Regex MigrationRecord();

    /// <summary>
    /// Whether the store needs nothing of <see cref="Migrate"/>: every migration of this version applied, the ledger in
    /// its current format and no station password in clear. Asked in plain SQL on the store's connection; any doubt
    /// (a table missing, an error) is a no, and <see cref="Migrate"/> then does what it always did through EF Core.
    /// On SQLite the connection's journal and sync settings are set here as <see cref="Migrate"/> sets them.
    /// </summary>
    internal bool IsCurrent()
    {
        try
        {
            OpenConnection();
            try
            {
                var applied = new HashSet<string>(StringComparer.Ordinal);
                using (var history = Command("SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\""))
                using (var reader = history.ExecuteReader())
                    while (reader.Read()) applied.Add(reader.GetString(0));
                if (!(Location.IsPostgres ? PostgresMigrations : SqliteMigrations).Value.All(applied.Contains)) return false;
                if (!Location.IsPostgres)
                {
                    Count("PRAGMA journal_mode=WAL;");
                    Count("PRAGMA synchronous=NORMAL;");
                }
                var prefix = Liuyu.Data.Stations.StationPassword.Scheme + "$";
                return Count("SELECT COUNT(*) FROM settings WHERE \"key\" = @p0", LedgerFormat) == 1
                       && Count("SELECT COUNT(*) FROM stations WHERE substr(password, 1, @p0) <> @p1", prefix.Length, prefix) == 0;
            }
            finally { CloseConnection(); }
        }
        catch (DbException) { return false; }
    }

    /// <summary>The first value of a statement's first row as a whole number (0 when it gives none or not a number).</summary>
    internal long Count(string sql, params object?[] args)
    {
        OpenConnection();
        try
        {
            using var cmd = Command(sql, args);
            var value = cmd.ExecuteScalar();
            return value is long or int or short ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        }
        finally { CloseConnection(); }
    }

    /// <summary>Runs a statement on the store's connection, in its current transaction; returns the rows it changed.</summary>
    internal int Execute(string sql, params object?[] args)
    {
        OpenConnection();
        try
        {
            using var cmd = Command(sql, args);
            return cmd.ExecuteNonQuery();
        }
        finally { CloseConnection(); }
    }

    /// <summary>
    /// A command on the store's connection, in its current transaction, with <c>@p0</c>, <c>@p1</c> … bound to
    /// <paramref name="args"/> (a null as SQL's NULL). A NULL is sent without a type: PostgreSQL takes it from where it
    /// goes (a column's value or an assignment), but cannot in an expression such as <c>@p0 IS NULL</c> or <c>COALESCE</c>.
    /// </summary>
    private DbCommand Command(string sql, params object?[] args)
    {
        var cmd = _conn.CreateCommand();
        cmd.Transaction = CurrentTransaction;
        cmd.CommandText = sql;
        for (var i = 0; i < args.Length; i++)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "@p" + i;
            p.Value = args[i] ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }
        return cmd;
    }
}
