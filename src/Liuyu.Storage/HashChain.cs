using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Liuyu.Domain;
using Liuyu.Storage.Model;
using Microsoft.EntityFrameworkCore;

namespace Liuyu.Storage;

/// <summary>The canonical content of each chained row, and its SHA-256.</summary>
internal static class ChainContent
{
    public const string Ledger = "ledger";
    public const string Audit = "audit";
    public const string Steps = "steps";
    public const string Closings = "closings";
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    private const char Sep = '\u001f';

    public static string Hash(string canonical) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));

    /// <summary>An instant as whole microseconds since 0001-01-01 UTC: what both engines store exactly.</summary>
    public static long Micros(DateTimeOffset t) => t.UtcTicks / 10;

    /// <summary>The instant rounded down to a microsecond, so that the stored value is the hashed one on both engines.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % 10, TimeSpan.Zero);

    public static string Of(LedgerLineRow r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Sequence}{Sep}{r.Kind}{Sep}{r.PostedYear}{Sep}{r.IsAdjustment}{Sep}{r.Reverses}{Sep}{r.Supersedes}{Sep}{r.RiverId}{Sep}{r.SectionId}{Sep}{r.Month}{Sep}" +
        $"{r.Purpose}{Sep}{r.Rule}{Sep}{r.Payer}{Sep}{r.Payee}{Sep}{r.AmountFen}{Sep}{r.Baseline}{Sep}{r.BaselineFrom}{Sep}{r.BaselineBasis}{Sep}{r.Result}{Sep}" +
        $"{r.Source}{Sep}{r.ResultRevision}{Sep}{r.Note}{Sep}{r.NoteCode}{Sep}{r.NoteArgs}{Sep}{r.ExemptionReference}{Sep}{r.PolicyVersion}{Sep}{r.RuleFamily}{Sep}" +
        $"{r.Tier1Fen}{Sep}{r.Tier2Fen}{Sep}{r.ClassDifference}{Sep}{r.InputDigest}{Sep}{r.RunId}{Extra(r)}");

    /// <summary>
    /// The fields of the rule families and the quantity lines (R-FAM-1, R-EXT-1), appended only when a line has any:
    /// the content hash of every line written before them (and of every cq2023 water-quality line) is unchanged.
    /// </summary>
    private static string Extra(LedgerLineRow r) =>
        r.Parameters is null && r.Flow is null && r.FlowTarget is null ? ""
            : string.Create(CultureInfo.InvariantCulture, $"{Sep}{r.Parameters}{Sep}{Flow(r.Flow)}{Sep}{Flow(r.FlowTarget)}");

    private static string Flow(decimal? f) => f is { } v ? Liuyu.Domain.QuantityRule.Canonical(v) : "";

    /// <summary>
    /// The content hash of a ledger line: SHA-256 over the UTF-8 of <see cref="Of(LedgerLineRow)"/>, written straight
    /// into a pooled buffer and hashed there (no string per line, no boxed nullable number: <see cref="Canonical.Of{T}"/>;
    /// the bytes, and so the hash, are the same).
    /// </summary>
    public static string HashOf(LedgerLineRow r)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1024);
        try
        {
            int written;
            while (!System.Text.Unicode.Utf8.TryWrite(buffer, CultureInfo.InvariantCulture,
                       $"{r.Sequence}{Sep}{r.Kind}{Sep}{r.PostedYear}{Sep}{r.IsAdjustment}{Sep}{Canonical.Of(r.Reverses)}{Sep}{Canonical.Of(r.Supersedes)}{Sep}{r.RiverId}{Sep}{r.SectionId}{Sep}{r.Month}{Sep}" +
                       $"{r.Purpose}{Sep}{r.Rule}{Sep}{r.Payer}{Sep}{r.Payee}{Sep}{r.AmountFen}{Sep}{Canonical.Of(r.Baseline)}{Sep}{r.BaselineFrom}{Sep}{r.BaselineBasis}{Sep}{Canonical.Of(r.Result)}{Sep}" +
                       $"{r.Source}{Sep}{Canonical.Of(r.ResultRevision)}{Sep}{r.Note}{Sep}{r.NoteCode}{Sep}{r.NoteArgs}{Sep}{r.ExemptionReference}{Sep}{r.PolicyVersion}{Sep}{r.RuleFamily}{Sep}" +
                       $"{Canonical.Of(r.Tier1Fen)}{Sep}{Canonical.Of(r.Tier2Fen)}{Sep}{Canonical.Of(r.ClassDifference)}{Sep}{r.InputDigest}{Sep}{r.RunId}{Extra(r)}", out written))
            {
                var larger = buffer.Length * 2;
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(larger);
            }
            Span<byte> hash = stackalloc byte[32];
            // One hasher per thread, reset after each line (as the domain's line digest does): SHA256.HashData sets up a
            // new digest context on every call.
            var hasher = _sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            try
            {
                hasher.AppendData(buffer.AsSpan(0, written));
                hasher.GetHashAndReset(hash);
            }
            catch
            {
                _sha256 = null; // never left half-fed for the next line
                hasher.Dispose();
                throw;
            }
            return Convert.ToHexStringLower(hash);
        }
        finally { System.Buffers.ArrayPool<byte>.Shared.Return(buffer); }
    }

    [ThreadStatic] private static IncrementalHash? _sha256;

    public static string Of(AuditEntryRow r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Id}{Sep}{Micros(r.At)}{Sep}{r.Actor}{Sep}{r.Role}{Sep}{r.Action}{Sep}{r.Subject}{Sep}{r.Before}{Sep}{r.After}");

    public static string Of(SettlementStepRow r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Id}{Sep}{r.Year}{Sep}{r.Kind}{Sep}{r.RiverId}{Sep}{r.PartyId}{Sep}{r.StatementDigest}{Sep}{Micros(r.At)}{Sep}{r.By}");

    public static string Of(ClosedYearRow r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.ChainIndex}{Sep}{r.Year}{Sep}{Micros(r.ClosedAt)}{Sep}{r.ClosedBy}{Sep}{r.LedgerLength}{Sep}{r.YearDigest}");

    /// <summary>The digest of a closed year's lines: SHA-256 over their content hashes in sequence order.</summary>
    public static string YearDigest(IEnumerable<string?> contentHashes)
    {
        // Incrementally: the same bytes as the hash of the hashes joined by '\n', without the joined string.
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> bytes = stackalloc byte[256];
        var first = true;
        foreach (var c in contentHashes)
        {
            if (!first) sha.AppendData("\n"u8);
            first = false;
            if (string.IsNullOrEmpty(c)) continue;
            if (Encoding.UTF8.GetMaxByteCount(c.Length) <= bytes.Length) sha.AppendData(bytes[..Encoding.UTF8.GetBytes(c, bytes)]);
            else sha.AppendData(Encoding.UTF8.GetBytes(c));
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}

/// <summary>
/// Appends rows to the chains inside the writing transaction (the store's write lock is held). Heads, last ids and the
/// store's chain mode are read and moved in plain SQL on the store's connection, in its current transaction (its own or
/// one begun through EF Core's context), so that a writer of the ledger alone (<c>account</c>) never builds EF Core's
/// model; only <see cref="SealAdded"/> looks at EF Core's unit of work.
/// </summary>
internal sealed class ChainWriter(LiuyuStore store, ChainKey key)
{
    public ChainKey Key => key;

    /// <summary>The head of a chain as stored (an empty chain when the store has none yet).</summary>
    public ChainHeadRow Head(string name) =>
        store.Rows("SELECT name, length, last_id, head, seal FROM chain_heads WHERE name = @p0",
            r => new ChainHeadRow { Name = r.GetString(0), Length = r.GetInt64(1), LastId = r.GetInt64(2), Head = r.GetString(3), Seal = r.GetString(4) }, name)
            .SingleOrDefault()
        ?? new ChainHeadRow { Name = name, Length = 0, LastId = 0, Head = ChainContent.Genesis, Seal = "" };

    /// <summary>
    /// Moves a chain's head forward, checking that nobody else moved it meanwhile (the lock makes that a bug, and the
    /// check makes the bug loud rather than a forked chain).
    /// </summary>
    public void Advance(ChainHeadRow before, long length, long lastId, string head)
    {
        RequireKey();
        var seal = key.Seal(before.Name, length, lastId, head);
        if (before.Seal == "" && store.Count("SELECT COUNT(*) FROM chain_heads WHERE name = @p0", before.Name) == 0)
        {
            store.Execute("INSERT INTO chain_heads (name, length, last_id, head, seal) VALUES (@p0, @p1, @p2, @p3, @p4)",
                before.Name, length, lastId, head, seal);
            return;
        }
        var n = store.Execute("UPDATE chain_heads SET length = @p0, last_id = @p1, head = @p2, seal = @p3 WHERE name = @p4 AND length = @p5 AND head = @p6",
            length, lastId, head, seal, before.Name, before.Length, before.Head);
        if (n != 1) throw new InvalidOperationException($"the {before.Name} chain moved under a writer that held the lock");
    }

    private bool _keyChecked;

    internal void SkipKeyCheck() => _keyChecked = true;

    /// <summary>After the store's mode changed under it: check the key again before the next write (and so refuse it).</summary>
    internal void CheckKeyAgain() => _keyChecked = false;

    /// <summary>Refuses a write to a keyed store without its key (or with another key), before anything is written.</summary>
    private void RequireKey()
    {
        if (_keyChecked) return;
        var settings = store.Rows("SELECT \"key\", \"value\" FROM settings WHERE \"key\" IN ('chain_mode', 'chain_key_id')", r => (Key: r.GetString(0), Value: r.GetString(1)))
            .ToDictionary(s => s.Key, s => s.Value);
        if (settings.TryGetValue("chain_mode", out var mode)
            && ((mode == "hmac-sha256") != key.IsKeyed || (key.IsKeyed && settings.GetValueOrDefault("chain_key_id") != key.KeyId)))
            throw new Liuyu.Data.Csv.InputException(new Liuyu.Data.Csv.InputError("chain-key", null, null,
                mode == "hmac-sha256" ? Liuyu.Data.Csv.ErrorCodes.ChainKeyRequired : Liuyu.Data.Csv.ErrorCodes.ChainKeyUnexpected));
        _keyChecked = true;
    }

    /// <summary>Seals the audit entries, settlement steps and closings added to the unit of work, in the order added.</summary>
    public void SealAdded()
    {
        var added = store.Db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        SealAudit(added.OfType<AuditEntryRow>().ToList());
        Seal(ChainContent.Steps, added.OfType<SettlementStepRow>().ToList(), (r, id) => { r.Id = id; r.At = ChainContent.Truncate(r.At); },
            ChainContent.Of, (r, c, l) => { r.ContentHash = c; r.ChainHash = l; });
        Seal(ChainContent.Closings, added.OfType<ClosedYearRow>().ToList(), (r, id) => { r.ChainIndex = id; r.ClosedAt = ChainContent.Truncate(r.ClosedAt); },
            ChainContent.Of, (r, c, l) => { r.ContentHash = c; r.ChainHash = l; });
    }

    /// <summary>Numbers audit entries after the chain's last, in order, seals them into the audit chain and advances its head.</summary>
    public void SealAudit(List<AuditEntryRow> rows) =>
        Seal(ChainContent.Audit, rows, (r, id) => { r.Id = id; r.At = ChainContent.Truncate(r.At); },
            ChainContent.Of, (r, c, l) => { r.ContentHash = c; r.ChainHash = l; });

    private void Seal<T>(string name, List<T> rows, Action<T, long> number, Func<T, string> content, Action<T, string, string> store)
    {
        if (rows.Count == 0) return;
        var id = MaxId(name, Head(name).LastId);
        foreach (var r in rows) number(r, ++id);
        Link(name, rows, fromGenesis: false, _ => id /* the last row's, which is all Link asks */, r => ChainContent.Hash(content(r)), store);
    }

    /// <summary>
    /// The one chain walk of every writer: links <paramref name="rows"/> (in order) after the chain's head, or from the
    /// genesis when the whole chain is re-linked (sealing an older store, resealing under another key), stores each
    /// row's content hash and link, and advances the head.
    /// </summary>
    public void Link<T>(string name, IReadOnlyList<T> rows, bool fromGenesis, Func<T, long> id, Func<T, string> contentHash, Action<T, string, string> store)
    {
        var head = Head(name);
        var link = fromGenesis ? ChainContent.Genesis : head.Head;
        foreach (var r in rows)
        {
            var c = contentHash(r);
            link = key.Link(link, c);
            store(r, c, link);
        }
        var lastId = rows.Count > 0 ? id(rows[^1]) : fromGenesis ? 0 : head.LastId;
        Advance(head, fromGenesis ? rows.Count : head.Length + rows.Count, lastId, link);
    }

    /// <summary>The last id in use: the head's, or higher if rows were written outside the chain (never by this version).</summary>
    private long MaxId(string name, long headLast) => Math.Max(headLast, store.Count(name switch
    {
        ChainContent.Audit => "SELECT MAX(id) FROM audit_entries",
        ChainContent.Steps => "SELECT MAX(id) FROM settlement_steps",
        ChainContent.Closings => "SELECT MAX(chain_index) FROM closed_years",
        _ => "SELECT MAX(sequence) FROM ledger_lines",
    }));

    /// <summary>
    /// Rows of ledger lines made, numbered and sealed ahead of the writer, in parts of this many, at most
    /// <see cref="PartsAhead"/> parts ahead. Few enough that a row is written and garbage before the collector looks at it
    /// twice: 8 parts of 4,096 rows kept 20-30 MB of rows and their hashes alive across every young collection (see
    /// <see cref="LiuyuStore.PlanPartSections"/>).
    /// </summary>
    internal const int LedgerPart = 1024;

    /// <summary>How many parts (<see cref="LedgerPart"/>) the rows may be made ahead of the write.</summary>
    private const int PartsAhead = 4;

    /// <summary>
    /// Writes <paramref name="count"/> new ledger lines, the <paramref name="row"/> of each index in order (see the
    /// overload that takes the rows as they come).
    /// </summary>
    public void WriteLedger(int count, Func<int, LedgerLineRow> row, Action<IEnumerable<LedgerLineRow>> write)
    {
        if (count == 0) return;
        WriteLedger(Enumerable.Range(0, count).Select(row), write, count);
    }

    /// <summary>
    /// Writes new ledger lines as <paramref name="rows"/> gives them: numbers them after the ledger's last sequence, seals
    /// each into the chain and hands them, in order, to <paramref name="write"/> (the bulk insert), then advances the
    /// chain's head; returns how many were written (none: nothing is written and the key is not asked for).
    /// Taking the rows from <paramref name="rows"/> (in <c>account</c>, the accounting and planning of each month) and
    /// making, hashing and linking them runs on another thread a few parts (<see cref="LedgerPart"/>) ahead of the
    /// write, which takes the rows as they come: on a national year's 240,000 lines the two took 0.9 s and 1.8 s one after
    /// the other. The rows, their numbers, hashes and links, and their order are what sealing them all first gave. A
    /// failure on either side stops the other; a failed row ends the write with its exception, never with a short ledger,
    /// and the head moves only after the whole write (the caller's transaction holds the rest). The first row is taken
    /// on the calling thread; <paramref name="rows"/> must not use the store's connection, which the write holds.
    /// </summary>
    /// <param name="expected">How many rows <paramref name="rows"/> gives, where the caller knows it: only for the message that refuses a short write.</param>
    public int WriteLedger(IEnumerable<LedgerLineRow> rows, Action<IEnumerable<LedgerLineRow>> write, int? expected = null)
    {
        using var source = rows.GetEnumerator();
        if (!source.MoveNext()) return 0;
        RequireKey(); // a keyed store refuses a writer without its key before anything is written
        var head = Head(ChainContent.Ledger);
        var first = MaxId(ChainContent.Ledger, head.LastId) + 1;
        var link = head.Head;
        var made = 0;
        using var parts = new System.Collections.Concurrent.BlockingCollection<LedgerLineRow[]>(boundedCapacity: PartsAhead);
        using var stop = new CancellationTokenSource();
        var maker = Task.Run(() =>
        {
            try
            {
                // The next row is asked for only when there is room for it, so a part is handed over before the row after it is made.
                var held = true; // the first row, taken on the calling thread
                while (true)
                {
                    var part = new LedgerLineRow[LedgerPart];
                    var n = 0;
                    while (n < part.Length && (held || source.MoveNext()))
                    {
                        held = false;
                        stop.Token.ThrowIfCancellationRequested(); // the write failed: stop making rows before the part is full
                        var r = source.Current;
                        r.Sequence = first + made;
                        r.ContentHash = ChainContent.HashOf(r);
                        link = key.Link(link, r.ContentHash);
                        r.ChainHash = link;
                        part[n++] = r;
                        made++;
                    }
                    if (n == 0) break;
                    if (n < part.Length) Array.Resize(ref part, n);
                    parts.Add(part, stop.Token);
                    if (n < LedgerPart) break; // the rows ended
                }
            }
            finally { parts.CompleteAdding(); }
        });
        var taken = 0;
        var drained = false;
        IEnumerable<LedgerLineRow> Taken()
        {
            foreach (var part in parts.GetConsumingEnumerable())
                foreach (var r in part)
                {
                    taken++;
                    yield return r;
                }
            maker.GetAwaiter().GetResult(); // a row that failed: its exception, not the rows before it
            drained = true;
        }
        try
        {
            write(Taken());
            if (!drained)
            {
                // A writer that returned before the end: whether rows were left is known once the maker has stopped, which
                // it does at once if it was waiting to hand over a part.
                stop.Cancel();
                try { maker.Wait(); } catch (AggregateException) { }
                if (maker.Status != TaskStatus.RanToCompletion || taken != made)
                    throw new InvalidOperationException(expected is { } all
                        ? $"the ledger's writer took {taken} of {all} lines"
                        : $"the ledger's writer took {taken} lines and left the rest");
            }
        }
        catch
        {
            stop.Cancel();
            try { maker.Wait(); } catch (AggregateException) { } // the write's failure is the one reported
            throw;
        }
        maker.GetAwaiter().GetResult();
        Advance(head, head.Length + made, first + made - 1, link);
        return made;
    }
}
