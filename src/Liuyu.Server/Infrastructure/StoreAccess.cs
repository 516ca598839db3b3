using Liuyu.Data.Demo;
using Liuyu.Data.Reference;
using Liuyu.Storage;

namespace Liuyu.Server.Infrastructure;

/// <summary>
/// The one way the web application reaches the Liuyu store. A <see cref="LiuyuStore"/> holds one EF Core context
/// and is not thread-safe, so every request opens its own; writes are serialised because the embedded SQLite store
/// has one writer at a time and the ledger's invariants are checked inside each writing transaction.
/// </summary>
public sealed class StoreAccess(StoreLocation location, TimeProvider clock, ILogger<StoreAccess> log)
{
    public const int DemoFirstYear = 2023;
    public const int DemoYears = 2;

    private readonly SemaphoreSlim _writer = new(1, 1);

    public StoreLocation Location => location;

    public T Read<T>(Func<LiuyuStore, T> read)
    {
        using var store = LiuyuStore.Open(location, clock);
        return read(store);
    }

    public T Write<T>(Func<LiuyuStore, T> write) => Write(new AuditActor(ServerWords.ServerActor, "system"), write);

    /// <summary>A write on behalf of a signed-in user: the audit log (审计) records the user's name and role.</summary>
    public T Write<T>(System.Security.Claims.ClaimsPrincipal user, Func<LiuyuStore, T> write) =>
        Write(new AuditActor(user.Identity?.Name ?? ServerWords.Anonymous, Roles.All.FirstOrDefault(user.IsInRole)), write);

    public T Write<T>(AuditActor actor, Func<LiuyuStore, T> write)
    {
        _writer.Wait();
        try
        {
            using var store = LiuyuStore.Open(location, clock);
            store.Actor = actor;
            return write(store);
        }
        finally { _writer.Release(); }
    }

    /// <summary>
    /// Migrates the store and, on first start with an empty store, loads the demo scheme (示例) generated from the
    /// Chongqing registry and accounts its two years, exactly as <c>liuyu demo</c> does.
    /// </summary>
    public void Initialise(bool loadDemo)
    {
        Write(store =>
        {
            log.LogInformation("Store {Store} migrated; dataset {Dataset}", location.Display, store.Dataset() ?? "(empty)");
            if (store.Dataset() is not null || !loadDemo) return 0;
            var data = DemoDataset.Generate(ChongqingRegistry.Load(), DemoFirstYear, DemoYears);
            store.Import(data, ServerWords.DemoSource, ServerWords.ServerActor, demo: true);
            var scheme = store.LoadScheme();
            for (var y = DemoFirstYear; y < DemoFirstYear + DemoYears; y++)
            {
                var r = store.Account(scheme, y);
                log.LogInformation("Demo year {Year} accounted: {Outcomes} section-months, {Posted} lines posted", y, r.Outcomes, r.Posted);
            }
            log.LogInformation("Demo dataset loaded: {Rivers} rivers, {Sections} sections, {Results} monthly results", data.Rivers.Count, data.Sections.Count, data.Results.Count);
            return 1;
        });
    }
}
