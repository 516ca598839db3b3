using Liuyu.Application;
using Liuyu.Domain;
using Liuyu.Domain.Settlement;

namespace Liuyu.Server.Infrastructure;

/// <summary>
/// The scheme (without its monthly results: the year's lines carry theirs) and a year's statement (R-SET-1/2), built
/// once per store version (<see cref="StoreVersion"/>) and shared by the pages that show the year: the overview, each
/// river, the settlement and its payments. On a national year (240,000 lines) building them takes a second or more, which
/// each of those pages, and each river's page, paid again until the store changed. The pages only read them; the scheme
/// has no monthly results and must never be accounted with.
/// <para>
/// One slot per year: a new version of the store replaces the year's slot (the old statement is let go at once), and
/// concurrent requests for it wait for one build instead of each making their own. The slots are bounded by weight (a
/// statement's lines and the scheme's sections): about one national year (measured: about 200 MB more resident in the
/// server while it is kept) and any number of provincial ones (a province's year is about a thousand lines); the least
/// recently asked for go first, and a year without lines (any year a request names) is built for its request and not
/// kept.
/// </para>
/// </summary>
public sealed class YearStatements(StoreVersion version)
{
    /// <summary>The most lines and sections kept at once.</summary>
    public const long Weight = 300_000;

    private sealed class Slot(string version, Func<(Scheme, SettlementStatement)> build)
    {
        public string Version { get; } = version;
        public Lazy<(Scheme, SettlementStatement)> Made { get; } = new(build, LazyThreadSafetyMode.ExecutionAndPublication);
        public long Weight { get; set; }
        public long LastAsked { get; set; }
    }

    private readonly Lock _lock = new();
    private readonly Dictionary<int, Slot> _slots = [];
    private long _asked;

    /// <summary>How many statements were built (for the tests).</summary>
    internal long Built;

    public (Scheme Scheme, SettlementStatement Statement) Of(ILiuyuStore store, int year)
    {
        // The version is read before the store is: what is kept under it is never older than it.
        var current = version.Current();
        Slot slot;
        lock (_lock)
        {
            if (!_slots.TryGetValue(year, out slot!) || slot.Version != current)
            {
                // The request that makes the slot passes its store; one that finds the slot building waits for it.
                slot = new Slot(current, () => { Interlocked.Increment(ref Built); return store.LoadAndSettle(year); });
                _slots[year] = slot;
            }
            slot.LastAsked = ++_asked;
        }
        (Scheme Scheme, SettlementStatement Statement) made;
        try { made = slot.Made.Value; }
        catch
        {
            lock (_lock) if (_slots.TryGetValue(year, out var s) && s == slot) _slots.Remove(year);
            throw;
        }
        lock (_lock)
        {
            if (!_slots.TryGetValue(year, out var s) || s != slot) return made;
            slot.Weight = made.Statement.Lines.Count + made.Statement.Adjustments.Count + made.Scheme.Sections.Count;
            if (made.Statement.Lines.Count == 0 && made.Statement.Adjustments.Count == 0) _slots.Remove(year);
            // Over the weight, the least recently asked for go, down to the one just asked for.
            while (_slots.Count > 1 && _slots.Values.Sum(x => x.Weight) > Weight)
                _slots.Remove(_slots.Where(kv => kv.Value != slot).MinBy(kv => kv.Value.LastAsked).Key);
        }
        return made;
    }
}
