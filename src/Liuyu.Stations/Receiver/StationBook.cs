using System.Collections.Frozen;
using Liuyu.Data.Stations;

namespace Liuyu.Stations.Receiver;

/// <summary>
/// The registered stations as the receiver checks them, held in memory so that a packet costs no query: every
/// station is read at the first packet, and again in the background once the copy is older than
/// <see cref="Freshness"/> (one query for all of them, not one per MN). A station registered while the receiver runs
/// is known at its first packet all the same: an MN missing from the copy, or a password the copy refuses, is looked
/// up in the store at once (a station imported a second ago, a password just changed), and only what the store says
/// then decides. An unknown MN is never remembered.
/// </summary>
public sealed class StationBook(Func<IStationStore> open, TimeProvider clock)
{
    /// <summary>How old the copy of every station may grow before it is read again (a removed or re-assigned station is seen then).</summary>
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(5);

    private sealed record Copy(FrozenDictionary<string, Station> Stations, DateTimeOffset At);

    private volatile Copy? _copy;
    private readonly Dictionary<string, Station> _since = new(StringComparer.Ordinal); // looked up after the copy was made
    private readonly Lock _gate = new();
    private int _reading;

    /// <summary>How many times the store was asked (a full read or one MN): the tests see the cache work.</summary>
    public long Lookups => Interlocked.Read(ref _lookups);
    private long _lookups;

    /// <summary>The station of an MN, or null when the store does not know it.</summary>
    public Station? Find(string mn) => Cached(mn) ?? Reread(mn);

    /// <summary>
    /// The station of an MN whose packet carries <paramref name="password"/>, or null when the store does not know it;
    /// <paramref name="accepted"/> says whether the password is the station's. A refusal by the copy is checked again
    /// against the store before it is final (the password may have changed since the copy was made).
    /// </summary>
    public Station? Check(string mn, string? password, out bool accepted)
    {
        var station = Cached(mn);
        if (station is not null && station.Accepts(password))
        {
            accepted = true;
            return station;
        }
        station = Reread(mn);
        accepted = station?.Accepts(password) == true;
        return station;
    }

    private Station? Cached(string mn)
    {
        var copy = _copy ?? FirstRead();
        if (clock.GetUtcNow() - copy.At >= Freshness && Interlocked.CompareExchange(ref _reading, 1, 0) == 0)
            _ = Task.Run(() =>
            {
                try { ReadAll(); }
                catch (Exception) { /* the old copy serves until the next try; misses still read the store */ }
                finally { Volatile.Write(ref _reading, 0); }
            });
        if (copy.Stations.TryGetValue(mn, out var station)) return station;
        lock (_gate) return _since.GetValueOrDefault(mn);
    }

    /// <summary>The first read (or the first after <see cref="Forget"/>): one connection reads, the others wait for its copy.</summary>
    private Copy FirstRead()
    {
        lock (_first) return _copy ?? ReadAll();
    }

    private readonly Lock _first = new();

    private Copy ReadAll()
    {
        var at = clock.GetUtcNow();
        Interlocked.Increment(ref _lookups);
        IReadOnlyList<Station> all;
        using (var store = open()) all = store.Stations();
        var copy = new Copy(all.ToFrozenDictionary(s => s.Mn, StringComparer.Ordinal), at);
        lock (_gate)
        {
            _copy = copy;
            _since.Clear();
        }
        return copy;
    }

    private Station? Reread(string mn)
    {
        Interlocked.Increment(ref _lookups);
        Station? station;
        using (var store = open()) station = store.FindStation(mn);
        lock (_gate)
        {
            if (station is null) _since.Remove(mn);
            else _since[mn] = station;
        }
        return station;
    }

    /// <summary>Forgets what was read, so that the next packet reads every station again (after an import of stations).</summary>
    public void Forget()
    {
        lock (_gate)
        {
            _copy = null;
            _since.Clear();
        }
    }
}
