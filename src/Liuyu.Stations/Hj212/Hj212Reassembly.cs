namespace Liuyu.Stations.Hj212;

/// <summary>
/// Joins the parts of a split data segment (Flag D=1, PNUM/PNO, §6.3.2; Tables C.49/C.50) on one connection. Each part
/// has its own QN; the joined packet is the first part's header with the parts' CP areas joined by <c>;</c>, and the
/// QNs of every part that asked for a reply (each is acknowledged once the whole is stored). Bounded: at most
/// <see cref="MaxParts"/> parts in a set and <see cref="MaxOpenSets"/> incomplete sets per connection.
/// </summary>
public sealed class Hj212Reassembly
{
    public const int MaxParts = 64;
    public const int MaxOpenSets = 4;

    private readonly Dictionary<(string Mn, string Cn, int PNum), Hj212Packet?[]> _open = new();

    /// <summary>The number of incomplete sets held.</summary>
    public int Open => _open.Count;

    /// <summary>
    /// Adds a part. Returns the joined packet and the parts when the set is complete, null while parts are missing;
    /// a refusal when the part cannot belong to a bounded set.
    /// </summary>
    public (Hj212Packet Joined, IReadOnlyList<Hj212Packet> Parts)? Add(Hj212Packet part, out string? refusal)
    {
        refusal = null;
        if (part.PNum is not { } n || part.PNo is not { } p) throw new ArgumentException("not a split packet", nameof(part));
        if (n > MaxParts) { refusal = Hj212Refusals.SplitBad; return null; }
        var key = (part.Mn, part.Cn, n);
        if (!_open.TryGetValue(key, out var parts))
        {
            if (_open.Count >= MaxOpenSets) { refusal = Hj212Refusals.SplitBad; return null; }
            parts = new Hj212Packet?[n];
            _open[key] = parts;
        }
        // A first part again while a set is open: the sender started over.
        else if (p == 1 && parts[0] is not null) Array.Clear(parts);
        parts[p - 1] = part;
        if (parts.Any(x => x is null)) return null;
        _open.Remove(key);
        var all = parts.Select(x => x!).ToList();
        var joined = all[0] with { Cp = string.Join(';', all.Select(x => x.Cp).Where(cp => cp.Length > 0)), PNum = null, PNo = null, Flag = all[0].Flag & ~2 };
        return (joined, all);
    }
}
