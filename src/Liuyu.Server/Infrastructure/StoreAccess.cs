using Liuyu.Application.UseCases;
using Liuyu.Data.Demo;
using Liuyu.Data.Reference;
using Liuyu.Storage;

namespace Liuyu.Server.Infrastructure;

/// <summary>
/// The one way a request reaches the Liuyu store: scoped, one store (one EF Core context) per request, connected
/// without migrating (the store was migrated once at start, <see cref="StoreStartup"/>). Writes are serialised by the
/// store's own write lock, which holds across processes (BEGIN IMMEDIATE on SQLite, an advisory lock on PostgreSQL),
/// not by anything in this process.
/// </summary>
public sealed class StoreAccess(StoreStartup startup) : IDisposable
{
    private ILiuyuStore? _store;

    private ILiuyuStore Store => _store ??= startup.Connect();

    public T Read<T>(Func<ILiuyuStore, T> read) => read(Store);

    public T Write<T>(Func<ILiuyuStore, T> write) => Write(new AuditActor(ServerWords.ServerActor, "system"), write);

    /// <summary>A write on behalf of a signed-in user: the audit log (审计) records the user's name and role.</summary>
    public T Write<T>(System.Security.Claims.ClaimsPrincipal user, Func<ILiuyuStore, T> write) =>
        Write(new AuditActor(user.Identity?.Name ?? ServerWords.Anonymous, Roles.All.FirstOrDefault(user.IsInRole)), write);

    public T Write<T>(AuditActor actor, Func<ILiuyuStore, T> write)
    {
        Store.Actor = actor;
        return write(Store);
    }

    public void Dispose() => _store?.Dispose();
}

/// <summary>
/// Where the chain stands, as last verified (after start, in the background, and before every clearance and closing):
/// the bureaus' pages show a red banner while it is broken. Until the first verification after start has finished,
/// <see cref="FirstCheck"/> is pending: the integrity endpoint waits for it rather than report a store it has not checked.
/// </summary>
public sealed class ChainStatus
{
    private volatile VerifyReport? _last;
    private DateTimeOffset _at;
    private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public VerifyReport? Last => _last;
    public DateTimeOffset At => _at;

    /// <summary>Completes when a verification has finished (the one after start, or an earlier one asked for).</summary>
    public Task FirstCheck => _first.Task;

    public void Set(VerifyReport report, DateTimeOffset at)
    {
        _at = at;
        _last = report;
        _first.TrySetResult();
    }

    /// <summary>The verification after start failed to run at all (the store could not be read): waiting ends, the banner shows it.</summary>
    public void Failed(Exception e) => _first.TrySetException(e);
}

/// <summary>
/// The store at start-up, once: migrates it (and upgrades a store of an earlier version) and loads the demo scheme into
/// an empty store when asked. Then hands out connections for the requests. The chains are verified after start by
/// <see cref="ChainVerificationAtStart"/>, so that <c>/health</c> answers without reading the whole ledger first.
/// </summary>
public sealed class StoreStartup(StoreLocation location, TimeProvider clock, ChainKey key, ILogger<StoreStartup> log)
{
    public const int DemoFirstYear = 2023;
    public const int DemoYears = 2;

    public StoreLocation Location => location;

    /// <summary>
    /// The requests' connections are pooled: a request that opens the SQLite file afresh pays for opening it and for
    /// parsing its schema again, which was most of the time of a page served from the cache. (The CLI and the
    /// migration at start keep unpooled connections; a change made by another process is seen all the same, SQLite
    /// checks the file's change counter.) PostgreSQL connections are pooled by Npgsql already.
    /// </summary>
    private readonly StoreLocation _pooled = location.IsPostgres ? location
        : location with { ConnectionString = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(location.ConnectionString) { Pooling = true }.ToString() };

    public ILiuyuStore Connect() => LiuyuStore.Connect(_pooled, clock, key);

    /// <summary>A connection for the HJ 212 receiver (issue 14): station lookups and batches of uploads.</summary>
    public IStationStore ConnectStations() => LiuyuStore.Connect(_pooled, clock, key);

    public void Initialise(bool loadDemo, bool story = false)
    {
        using var store = LiuyuStore.Open(location, clock, key);
        store.Actor = new AuditActor(ServerWords.ServerActor, "system");
        log.LogInformation("Store {Store} migrated; dataset {Dataset}; chain {Mode}", location.Display, store.Dataset() ?? "(empty)", key.Mode);
        if (store.Dataset() is null && loadDemo)
        {
            var data = DemoDataset.Generate(ChongqingRegistry.Load(), DemoFirstYear, DemoYears);
            ImportScenario.Run(store, data, ServerWords.DemoSource, ServerWords.ServerActor, demo: true);
            for (var y = DemoFirstYear; y < DemoFirstYear + DemoYears; y++)
            {
                var r = AccountPeriod.Run(store, y);
                log.LogInformation("Demo year {Year} accounted: {Outcomes} section-months, {Posted} lines posted", y, r.Outcomes, r.Posted);
            }
            if (story)
            {
                DemoStory.Run(store, DemoFirstYear, ServerWords.ServerActor);
                log.LogInformation("Demo story told: {First} confirmed, cleared, paid and closed; {Second} in confirmation", DemoFirstYear, DemoFirstYear + 1);
            }
            log.LogInformation("Demo dataset loaded: {Rivers} rivers, {Sections} sections, {Results} monthly results", data.Rivers.Count, data.Sections.Count, data.Results.Count);
        }
    }
}

/// <summary>
/// <c>liuyu verify</c> on the server's store once the server has started, in the background: the whole ledger is read
/// and every link recomputed, which on a national store takes longer than a restart should. The result goes to
/// <see cref="ChainStatus"/> (the integrity endpoint and the banner); clearance and closing verify again themselves.
/// </summary>
public sealed class ChainVerificationAtStart(StoreStartup startup, ChainStatus status, TimeProvider clock, IHostApplicationLifetime lifetime,
    ILogger<ChainVerificationAtStart> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // After the server listens: the start does not wait for it.
        await Task.Yield();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled()))
            try { await started.Task; } catch (OperationCanceledException) { return; }
        try
        {
            var report = await Task.Run(() =>
            {
                using var store = startup.Connect();
                return VerifyStore.Run(store, cancellation: stoppingToken).Report;
            }, stoppingToken);
            status.Set(report, clock.GetUtcNow());
            if (report.Ok) log.LogInformation("Store verified: {Checked}", string.Join(", ", report.Checked.Select(kv => $"{kv.Key} {kv.Value}")));
            else
                foreach (var p in report.Problems.Take(20))
                    log.LogError("Store does NOT verify: {Chain} {Id} {Code}: {Detail}", p.Chain, p.Id, p.Code, p.Detail);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        catch (Exception e)
        {
            log.LogError(e, "The store could not be verified after start");
            status.Failed(e);
        }
    }
}
