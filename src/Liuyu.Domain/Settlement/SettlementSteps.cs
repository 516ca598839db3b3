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
        // The SHA-256 of the parts joined by '\n', each written as UTF-8 straight into one buffer (no text per part) and
        // hashed a buffer at a time: a national year has 240,000 parts, and a call into the hash costs more than the few
        // dozen bytes of one part. Numbers are written invariantly.
        var d = new DigestBuffer();
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        foreach (var l in s.Lines)
            while (!System.Text.Unicode.Utf8.TryWrite(d.Free, inv,
                       $"{d.Separator}{l.Section.Value}|{l.Month.Year:D4}-{l.Month.Month:D2}|{l.Rule}|{l.Payer?.Value}|{l.Payee?.Value}|{l.Amount.Value}|{l.InputDigest}", out var n)
                   || !d.Wrote(n)) d.MakeRoom();
        foreach (var l in s.Adjustments)
            while (!System.Text.Unicode.Utf8.TryWrite(d.Free, inv, $"{d.Separator}A|{l.Sequence}|{l.Kind}|{l.Amount.Value}", out var n) || !d.Wrote(n)) d.MakeRoom();
        foreach (var p in s.Pairs)
            while (!System.Text.Unicode.Utf8.TryWrite(d.Free, inv, $"{d.Separator}P|{p.River.Value}|{p.Payer.Value}|{p.Payee.Value}|{p.Gross.Value}|{p.Net.Value}", out var n)
                   || !d.Wrote(n)) d.MakeRoom();
        foreach (var f in s.Fund)
            while (!System.Text.Unicode.Utf8.TryWrite(d.Free, inv, $"{d.Separator}F|{f.Party.Value}|{f.River.Value}|{f.Amount.Value}", out var n) || !d.Wrote(n)) d.MakeRoom();
        return d.Hash()[..32];
    }

    /// <summary>The buffer <see cref="Digest"/> writes its parts into, handed to the hash when full.</summary>
    private sealed class DigestBuffer
    {
        private readonly System.Security.Cryptography.IncrementalHash _sha =
            System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        private byte[] _buffer = new byte[64 * 1024];
        private int _used;
        private bool _first = true;

        public Span<byte> Free => _buffer.AsSpan(_used);

        /// <summary>"\n" before every part but the first.</summary>
        public string Separator => _first ? "" : "\n";

        /// <summary>Counts a part written; true, so that it ends the write-or-make-room loop of <see cref="Digest"/>.</summary>
        public bool Wrote(int bytes)
        {
            _used += bytes;
            _first = false;
            return true;
        }

        /// <summary>After a part did not fit: hashes what is written, and grows the buffer when even an empty one was too small.</summary>
        public void MakeRoom()
        {
            if (_used == 0) _buffer = new byte[_buffer.Length * 2];
            _sha.AppendData(_buffer, 0, _used);
            _used = 0;
        }

        public string Hash()
        {
            _sha.AppendData(_buffer, 0, _used);
            var hash = Convert.ToHexStringLower(_sha.GetHashAndReset());
            _sha.Dispose();
            return hash;
        }
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
