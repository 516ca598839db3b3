using System.Collections.Concurrent;
using Liuyu.Data.Stations;

namespace Liuyu.Stations.Receiver;

/// <summary>
/// The registered stations as the receiver checks them: an MN is looked up in the store when it is first seen and
/// again after <see cref="Freshness"/>, and an unknown MN is never remembered, so that a station registered (or a
/// password changed) while the receiver runs is known at its next packet.
/// </summary>
public sealed class StationBook(Func<IStationStore> open, TimeProvider clock)
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (Station Station, DateTimeOffset At)> _known = new(StringComparer.Ordinal);

    public Station? Find(string mn)
    {
        var now = clock.GetUtcNow();
        if (_known.TryGetValue(mn, out var hit) && now - hit.At < Freshness) return hit.Station;
        using var store = open();
        var station = store.FindStation(mn);
        if (station is null) _known.TryRemove(mn, out _);
        else _known[mn] = (station, now);
        return station;
    }

    /// <summary>Forgets what was read, so that the next packet of each MN reads the store (after an import of stations).</summary>
    public void Forget() => _known.Clear();
}
