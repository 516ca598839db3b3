namespace Liuyu.Domain.Settlement;

/// <summary>R-SET-1: the steps of a yearly settlement after year end.</summary>
public enum SettlementStepKind
{
    /// <summary>认定: a party confirms its amounts on a river.</summary>
    Confirmed,
    /// <summary>清算: the Finance Bureau clears the year.</summary>
    Cleared,
}

/// <summary>
/// A recorded step of the yearly settlement. <see cref="StatementDigest"/> is the digest of the statement the step
/// was taken on: when the ledger changes afterwards, the step is stale and must be taken again.
/// </summary>
public sealed record SettlementStep(int Year, SettlementStepKind Kind, RiverId? River, PartyId? Party, string StatementDigest, DateTimeOffset At, string By);

/// <summary>Where the settlement of a year stands (R-SET-1).</summary>
public sealed record SettlementProgress(int Year, string StatementDigest, IReadOnlyList<(RiverId River, PartyId Party)> Confirmed,
    IReadOnlyList<(RiverId River, PartyId Party)> Pending, IReadOnlyList<(RiverId River, PartyId Party)> Stale, SettlementStep? Clearance)
{
    public bool AllConfirmed => Pending.Count == 0 && Stale.Count == 0;
    public bool Cleared => Clearance is not null && Clearance.StatementDigest == StatementDigest;
}

/// <summary>R-SET-1: the parties of each river jointly confirm the year's amounts, then the Finance Bureau clears them.</summary>
public static class SettlementWorkflow
{
    /// <summary>
    /// A digest of the amounts a statement asks the parties to confirm (lines, adjustments, pairs, fund). Penalties
    /// (R-PEN-1) are left out: they follow from the transfers (拨付), which R-SET-1 places after the clearance, so
    /// recording a payment must not make the confirmations and the clearance stale.
    /// </summary>
    public static string Digest(SettlementStatement s)
    {
        // The SHA-256 of the parts joined by '\n', written as UTF-8 into one buffer and hashed a buffer at a time: a national
        // year has 240,000 parts, and a call into the hash costs more than the few dozen bytes of one part.
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        var buffer = new byte[64 * 1024];
        var used = 0;
        var first = true;
        void Append(string part)
        {
            var max = System.Text.Encoding.UTF8.GetMaxByteCount(part.Length) + 1;
            if (used + max > buffer.Length)
            {
                sha.AppendData(buffer, 0, used);
                used = 0;
                if (max > buffer.Length) buffer = new byte[max];
            }
            if (!first) buffer[used++] = (byte)'\n';
            first = false;
            used += System.Text.Encoding.UTF8.GetBytes(part, buffer.AsSpan(used));
        }
        foreach (var l in s.Lines) Append($"{l.Section}|{l.Month}|{l.Rule}|{l.Payer}|{l.Payee}|{l.Amount.Value}|{l.InputDigest}");
        foreach (var l in s.Adjustments) Append($"A|{l.Sequence}|{l.Kind}|{l.Amount.Value}");
        foreach (var p in s.Pairs) Append($"P|{p.River}|{p.Payer}|{p.Payee}|{p.Gross.Value}|{p.Net.Value}");
        foreach (var f in s.Fund) Append($"F|{f.Party}|{f.River}|{f.Amount.Value}");
        sha.AppendData(buffer, 0, used);
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..32];
    }

    /// <summary>Which (river, party) confirmations the year needs: every party of every river that has a line in the statement.</summary>
    public static IReadOnlyList<(RiverId River, PartyId Party)> Required(Scheme scheme, SettlementStatement s)
    {
        var rivers = s.Lines.Select(l => l.River).Concat(s.Adjustments.Select(l => l.River)).ToHashSet();
        return scheme.RiverOrder().Where(rivers.Contains).SelectMany(r => scheme.PartiesOf(r).Select(p => (r, p))).ToList();
    }

    public static SettlementProgress Progress(Scheme scheme, SettlementStatement s, IEnumerable<SettlementStep> steps)
    {
        var digest = Digest(s);
        var list = steps.Where(x => x.Year == s.Year).ToList();
        var latest = list.Where(x => x.Kind == SettlementStepKind.Confirmed).GroupBy(x => (x.River!.Value, x.Party!.Value)).ToDictionary(g => g.Key, g => g.OrderBy(x => x.At).Last());
        var confirmed = new List<(RiverId, PartyId)>();
        var pending = new List<(RiverId, PartyId)>();
        var stale = new List<(RiverId, PartyId)>();
        foreach (var key in Required(scheme, s))
        {
            if (!latest.TryGetValue(key, out var step)) pending.Add(key);
            else if (step.StatementDigest != digest) stale.Add(key);
            else confirmed.Add(key);
        }
        var clearance = list.Where(x => x.Kind == SettlementStepKind.Cleared).OrderBy(x => x.At).LastOrDefault();
        return new SettlementProgress(s.Year, digest, confirmed, pending, stale, clearance);
    }
}
