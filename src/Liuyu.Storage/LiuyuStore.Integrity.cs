using System.Globalization;
using Liuyu.Data.Csv;
using Liuyu.Domain;
using Liuyu.Domain.Accounting;
using Liuyu.Domain.Ledger;
using Liuyu.Domain.Settlement;
using Liuyu.Storage.Model;
using Microsoft.EntityFrameworkCore;

namespace Liuyu.Storage;

public sealed partial class LiuyuStore
{
    private const string LedgerFormat = "ledger_format";

    // ---------------------------------------------------------------- upgrade of stores made by earlier versions

    /// <summary>
    /// Brings a store made by an earlier version to the current ledger format, once, in one transaction: notes
    /// become codes (<see cref="LineNote.FromLegacyText"/>); every current posting whose stored digest is the old
    /// digest of the outcome as the inputs stand gets the new digest and its stored inputs (tiers, revision,
    /// basis), so that accounting again posts nothing; confirmations and clearances given on a statement whose
    /// digest changed only through this are carried to the new digest; and every existing row is sealed into the
    /// hash chains. A current posting that was already out of date keeps its old digest and is reposted by the next
    /// accounting, as it would have been. Recorded in the audit log.
    /// </summary>
    private void UpgradeLedger()
    {
        if (Db.Settings.AsNoTracking().Any(s => s.Key == LedgerFormat)) return;
        using var tx = BeginWrite();
        if (Db.Settings.AsNoTracking().Any(s => s.Key == LedgerFormat)) return;
        var rows = Db.LedgerLines.OrderBy(l => l.Sequence).ToList();
        var redigested = 0;
        if (rows.Count > 0)
        {
            var scheme = LoadScheme();
            var stepYears = Db.SettlementSteps.AsNoTracking().Select(s => s.Year).Distinct().ToList();
            var before = stepYears.ToDictionary(y => y, y => SettlementWorkflow.Digest(YearlySettlement.Settle(scheme, y, rows.Where(r => r.PostedYear == y).Select(r => r.ToDomain()).ToList())));
            foreach (var r in rows.Where(r => r.NoteCode is null && r.Note is not null))
                if (LineNote.FromLegacyText(r.Note, r.Rule) is { } note) { r.NoteCode = note.Code; r.NoteArgs = note.ArgsText; }
            var current = LedgerState.Current(rows.Select(r => r.ToDomain()));
            var bySequence = rows.ToDictionary(r => r.Sequence);
            foreach (var line in current.Values)
            {
                if (line.Tiers is not null || !scheme.HasSection(line.Section)) continue;
                var o = MonthlyAccounting.AccountSection(scheme, scheme.Section(line.Section), line.Month);
                if (o.Purpose != line.Purpose || LineDigest.Legacy(o, o.Note?.English) != line.InputDigest) continue;
                var row = bySequence[line.Sequence];
                row.InputDigest = o.InputDigest;
                row.BaselineBasis = o.BaselineDetail is { } b ? Mapping.Name(b.Basis) : null;
                row.ResultRevision = o.ResultRevision;
                row.Tier1Fen = o.Tiers.Tier1.Value;
                row.Tier2Fen = o.Tiers.Tier2.Value;
                row.ClassDifference = o.ClassDifference;
                redigested++;
            }
            Db.SaveChanges();
            foreach (var y in stepYears)
            {
                var after = SettlementWorkflow.Digest(YearlySettlement.Settle(scheme, y, rows.Where(r => r.PostedYear == y).Select(r => r.ToDomain()).ToList()));
                if (after != before[y])
                    Db.SettlementSteps.Where(s => s.Year == y && s.StatementDigest == before[y]).ExecuteUpdate(s => s.SetProperty(x => x.StatementDigest, after));
            }
        }
        SealExisting(rows);
        SetSetting(LedgerFormat, "2");
        SetSetting("chain_mode", Chain.Key.Mode);
        if (Chain.Key.KeyId is { } id) SetSetting("chain_key_id", id);
        if (rows.Count > 0 || Db.AuditEntries.Any())
            Audit("store.upgrade", "ledger", null, new { format = 2, lines = rows.Count, redigested, chain = Chain.Key.Mode });
        Db.SaveChanges();
        tx.Commit();
        ClearTracked();
    }

    /// <summary>
    /// For tests only: recomputes every hash and head from the rows as they are, with this store's key and without
    /// checking anything, as a forger with database access and knowledge of the format would.
    /// </summary>
    internal void ResealForTest()
    {
        using var tx = BeginWrite();
        Chain.SkipKeyCheck();
        SealExisting(Db.LedgerLines.OrderBy(l => l.Sequence).ToList());
        tx.Commit();
        ClearTracked();
    }

    /// <summary>Seals rows written before the chains existed, in their order, and sets the heads.</summary>
    private void SealExisting(List<LedgerLineRow> ledger)
    {
        void Seal<T>(string name, IReadOnlyList<T> rows, Func<T, long> id, Func<T, string> content, Action<T, string, string> store) =>
            Chain.Link(name, rows, fromGenesis: true, id, r => ChainContent.Hash(content(r)), store);
        Chain.Link(ChainContent.Ledger, ledger, fromGenesis: true, r => r.Sequence, ChainContent.HashOf, (r, c, l) => { r.ContentHash = c; r.ChainHash = l; });
        var audit = Db.AuditEntries.OrderBy(a => a.Id).ToList();
        foreach (var a in audit) a.At = ChainContent.Truncate(a.At);
        Seal(ChainContent.Audit, audit, r => r.Id, ChainContent.Of, (r, c, l) => { r.ContentHash = c; r.ChainHash = l; });
        var steps = Db.SettlementSteps.OrderBy(s => s.Id).ToList();
        foreach (var s in steps) s.At = ChainContent.Truncate(s.At);
        Seal(ChainContent.Steps, steps, r => r.Id, ChainContent.Of, (r, c, l) => { r.ContentHash = c; r.ChainHash = l; });
        var closings = Db.ClosedYears.AsEnumerable().OrderBy(c => c.ClosedAt).ThenBy(c => c.Year).ToList();
        var index = 0L;
        foreach (var c in closings)
        {
            c.ClosedAt = ChainContent.Truncate(c.ClosedAt);
            c.ChainIndex = ++index;
            var year = ledger.Where(l => l.PostedYear == c.Year).ToList();
            c.LedgerLength = ledger.Count == 0 ? 0 : ledger[^1].Sequence;
            c.YearDigest = ChainContent.YearDigest(year.Select(l => l.ContentHash));
        }
        Seal(ChainContent.Closings, closings, r => r.ChainIndex, ChainContent.Of, (r, c, l) => { r.ContentHash = c; r.ChainHash = l; });
        Db.SaveChanges();
    }

    // ---------------------------------------------------------------- reseal

    /// <summary>
    /// Moves a store to another chain mode (keyed with a new secret, or plain): only on a store that verifies under its
    /// present key, in one transaction. Content hashes do not depend on the key and stay; every link and head is
    /// recomputed under the new key; the closings keep what they recorded. An audit entry <c>store.reseal</c>, sealed
    /// under the new key, records the change of mode (never the key).
    /// </summary>
    public void Reseal(ChainKey newKey)
    {
        using var tx = BeginWrite();
        var report = Verify();
        if (!report.Ok)
            throw new InputException(new InputError("store", null, null, ErrorCodes.ChainBrokenReseal, ("problems", report.Problems.Count)));
        var before = Chain.Key.Mode;
        var writer = new ChainWriter(this, newKey);
        writer.SkipKeyCheck();
        // Content hashes do not depend on the key: only the links are made again.
        void Relink<T>(string name, IReadOnlyList<T> rows, Func<T, long> id, Func<T, string?> contentHash, Action<T, string> setLink) =>
            writer.Link(name, rows, fromGenesis: true, id, r => contentHash(r)!, (r, _, l) => setLink(r, l));
        Relink(ChainContent.Ledger, Db.LedgerLines.OrderBy(l => l.Sequence).ToList(), r => r.Sequence, r => r.ContentHash, (r, l) => r.ChainHash = l);
        Relink(ChainContent.Audit, Db.AuditEntries.OrderBy(a => a.Id).ToList(), r => r.Id, r => r.ContentHash, (r, l) => r.ChainHash = l);
        Relink(ChainContent.Steps, Db.SettlementSteps.OrderBy(a => a.Id).ToList(), r => r.Id, r => r.ContentHash, (r, l) => r.ChainHash = l);
        Relink(ChainContent.Closings, Db.ClosedYears.OrderBy(a => a.ChainIndex).ToList(), r => r.ChainIndex, r => r.ContentHash, (r, l) => r.ChainHash = l);
        SetSetting("chain_mode", newKey.Mode);
        var keyId = Db.Settings.Find("chain_key_id");
        if (newKey.KeyId is { } id) SetSetting("chain_key_id", id);
        else if (keyId is not null) Db.Settings.Remove(keyId);
        Db.SaveChanges();
        // The entry that records the change is the first link made under the new key.
        Db.Chain = writer;
        try
        {
            Audit("store.reseal", "chains", new { mode = before }, new { mode = newKey.Mode });
            Db.SaveChanges();
        }
        finally { Db.Chain = Chain; }
        tx.Commit();
        ClearTracked();
        // This store was opened with the old key: it writes nothing more.
        Chain.CheckKeyAgain();
    }

    // ---------------------------------------------------------------- verify

    /// <summary>The chain head of a settlement year: the link of the last ledger line posted into it (null when it has none).</summary>
    public YearHead? HeadOfYear(int year) =>
        Rows("SELECT sequence, chain_hash FROM ledger_lines WHERE posted_year = @p0 ORDER BY sequence DESC LIMIT 1",
            r => (Sequence: r.GetInt64(0), ChainHash: Text(r, 1)), year) is [{ ChainHash: { } h } last] ? new YearHead(year, last.Sequence, h) : null;

    public string Version() => string.Join('|', Db.ChainHeads.AsNoTracking().Where(h => h.Name == ChainContent.Ledger || h.Name == ChainContent.Audit)
        .OrderBy(h => h.Name).Select(h => h.Name + ":" + h.Length + ":" + h.Head).ToList());

    public IReadOnlySet<string> ChainLinksOf(int year) =>
        Db.LedgerLines.AsNoTracking().Where(l => l.PostedYear == year && l.ChainHash != null).Select(l => l.ChainHash!).ToHashSet();

    /// <summary>
    /// <c>liuyu verify</c>: recomputes every ledger line's input digest from its stored inputs and checks its amount
    /// against the tier its rule family and class difference give; recomputes every link of the four chains and
    /// their sealed heads; checks that each year's pair totals equal the sum of its lines as the database adds them,
    /// that a closed year's lines are those it closed with, and that each closed year's clearance names the
    /// statement it has now. Reads only; a keyed store needs its key.
    /// </summary>
    public VerifyReport Verify(CancellationToken cancellation = default)
    {
        // Checked every 4,096 rows and between the steps: a stop is heard within milliseconds, not after the whole ledger.
        void Stop(long n) { if ((n & 4095) == 0) cancellation.ThrowIfCancellationRequested(); }
        var problems = new List<VerifyProblem>();
        void Problem(string chain, long? id, string code, string detail) => problems.Add(new VerifyProblem(chain, id, code, detail));
        var settings = Db.Settings.AsNoTracking().ToDictionary(s => s.Key, s => s.Value);
        var mode = settings.GetValueOrDefault("chain_mode", "sha256");
        var keyed = mode == "hmac-sha256";
        var key = Chain.Key;
        if (keyed && !key.IsKeyed)
            Problem("store", null, "key-missing", "the store's chains are keyed (hmac-sha256): set LIUYU_CHAIN_KEY (or Liuyu:ChainKey) to verify them");
        else if (keyed && settings.GetValueOrDefault("chain_key_id") != key.KeyId)
            Problem("store", null, "key-wrong", "the chain key given is not the one this store was sealed with");
        else if (!keyed && key.IsKeyed)
            Problem("store", null, "key-unexpected", "a chain key was given but this store's chains are plain sha256");
        var linksCheckable = problems.Count == 0;
        var heads = Db.ChainHeads.AsNoTracking().ToDictionary(h => h.Name);
        var checkedCounts = new Dictionary<string, long>();

        void Walk<T>(string name, IEnumerable<T> rows, Func<T, long> id, Func<T, string> hashOfContent, Func<T, string?> contentHash, Func<T, string?> chainHash)
        {
            var link = ChainContent.Genesis;
            long n = 0, last = 0;
            var broken = false;
            foreach (var r in rows)
            {
                Stop(++n);
                last = id(r);
                var c = hashOfContent(r);
                if (contentHash(r) != c)
                    Problem(name, last, "content-altered", $"{name} row {last}: its content is not what was sealed (content hash {Short(contentHash(r))}, now {Short(c)})");
                if (linksCheckable)
                {
                    var expected = key.Link(link, contentHash(r) ?? c);
                    if (chainHash(r) != expected && !broken)
                    {
                        Problem(name, last, "link-broken", $"{name} row {last}: the chain does not link to the row before it (a row was removed, inserted or re-sealed)");
                        broken = true;
                    }
                }
                link = chainHash(r) ?? link;
            }
            checkedCounts[name] = n;
            if (!heads.TryGetValue(name, out var head))
            {
                if (n > 0) Problem(name, null, "head-missing", $"the {name} chain has {n} rows but no recorded head");
                return;
            }
            if (head.Length != n || head.LastId != last || head.Head != link)
                // Named by the row the head records (the one removed, when rows were cut off the end).
                Problem(name, head.LastId != 0 ? head.LastId : last == 0 ? null : last, "head-mismatch",
                    $"the {name} chain ends at row {last} after {n} rows, but its recorded head says row {head.LastId} after {head.Length} rows (rows were removed or added outside Liuyu)");
            if (linksCheckable && head.Seal != key.Seal(name, head.Length, head.LastId, head.Head))
                Problem(name, null, "head-seal", $"the recorded head of the {name} chain is not sealed by this store's key");
        }

        var ledger = new List<LedgerLineRow>();
        foreach (var row in Db.LedgerLines.AsNoTracking().OrderBy(l => l.Sequence).AsEnumerable())
        {
            ledger.Add(row);
            Stop(ledger.Count);
        }
        Walk(ChainContent.Ledger, ledger, r => r.Sequence, ChainContent.HashOf, r => r.ContentHash, r => r.ChainHash);
        Walk(ChainContent.Audit, Db.AuditEntries.AsNoTracking().OrderBy(a => a.Id).AsEnumerable(), r => r.Id, r => ChainContent.Hash(ChainContent.Of(r)), r => r.ContentHash, r => r.ChainHash);
        Walk(ChainContent.Steps, Db.SettlementSteps.AsNoTracking().OrderBy(a => a.Id).AsEnumerable(), r => r.Id, r => ChainContent.Hash(ChainContent.Of(r)), r => r.ContentHash, r => r.ChainHash);
        var closings = Db.ClosedYears.AsNoTracking().OrderBy(a => a.ChainIndex).ToList();
        Walk(ChainContent.Closings, closings, r => r.ChainIndex, r => ChainContent.Hash(ChainContent.Of(r)), r => r.ContentHash, r => r.ChainHash);

        // Every line's digest from its own inputs, and its amount from its rule family's tiers.
        cancellation.ThrowIfCancellationRequested();
        // The policy and what the statements read: no monthly result (every year's, 240,000 a national year).
        var scheme = LoadScheme(withResults: false);
        cancellation.ThrowIfCancellationRequested();
        var policies = scheme.Policy.Versions.GroupBy(v => v.Id).ToDictionary(g => g.Key, g => g.First());
        var lines = ledger.Select(r => r.ToDomain()).ToList();
        var bySequence = lines.ToDictionary(l => l.Sequence);
        int recomputed = 0, legacy = 0;
        foreach (var l in lines)
        {
            Stop(recomputed + legacy + 1L);
            if (l.RecomputeDigest() is not { } digest) { legacy++; continue; }
            recomputed++;
            if (digest != l.InputDigest)
                Problem(ChainContent.Ledger, l.Sequence, "digest-mismatch", $"line {l.Sequence}: its input digest is not the digest of its inputs (amount, parties, classes or tiers changed)");
            CheckAmount(l, policies, Problem);
            if (l.Kind == LedgerLineKind.Reversal && (l.Reverses is not { } rv || !bySequence.TryGetValue(rv, out var target)
                    || target.Kind != LedgerLineKind.Posting || target.Amount != l.Amount || target.Payer != l.Payer || target.Payee != l.Payee || target.Key != l.Key))
                Problem(ChainContent.Ledger, l.Sequence, "reversal-mismatch", $"line {l.Sequence}: a reversal that does not repeat the posting it names");
        }

        // Pair totals of each year against the sum of its lines as the database adds them.
        var years = lines.Select(l => l.PostedYear).Distinct().Order().ToList();
        var posting = Mapping.Name(LedgerLineKind.Posting);
        var yearHeads = new List<YearHead>();
        foreach (var y in years)
        {
            cancellation.ThrowIfCancellationRequested();
            var statement = YearlySettlement.Settle(scheme, y, lines.Where(l => l.PostedYear == y).ToList());
            var sums = Db.LedgerLines.AsNoTracking().Where(l => l.PostedYear == y && l.AmountFen != 0)
                .GroupBy(l => new { l.RiverId, l.Payer, l.Payee })
                .Select(g => new { g.Key.RiverId, g.Key.Payer, g.Key.Payee, Sum = g.Sum(l => l.Kind == posting ? l.AmountFen : -l.AmountFen) })
                .ToList();
            var directed = sums.GroupBy(s => (s.RiverId, s.Payer, s.Payee)).ToDictionary(g => g.Key, g => g.Sum(s => s.Sum));
            long Directed(string river, string a, string b) => directed.GetValueOrDefault((river, a, b));
            var seen = new HashSet<(string, string, string)>();
            foreach (var p in statement.Pairs)
            {
                seen.Add((p.River.Value, p.Payer.Value, p.Payee.Value)); seen.Add((p.River.Value, p.Payee.Value, p.Payer.Value));
                var ab = Directed(p.River.Value, p.Payer.Value, p.Payee.Value);
                var ba = Directed(p.River.Value, p.Payee.Value, p.Payer.Value);
                if (ab + ba != p.Gross.Value || ab - ba != p.Net.Value)
                    Problem(ChainContent.Ledger, null, "pair-total", $"{y} {p.River} {p.Payer}→{p.Payee}: the statement says gross {p.Gross.Value}, net {p.Net.Value} fen; the ledger's lines add up to gross {ab + ba}, net {ab - ba}");
            }
            foreach (var s in sums.Where(s => s.Sum != 0 && !seen.Contains((s.RiverId, s.Payer!, s.Payee!))))
                if (Directed(s.RiverId, s.Payer!, s.Payee!) + Directed(s.RiverId, s.Payee!, s.Payer!) != 0)
                    Problem(ChainContent.Ledger, null, "pair-total", $"{y} {s.RiverId} {s.Payer}→{s.Payee}: {s.Sum} fen in the ledger but no pair in the statement");
            if (HeadOfYear(y) is { } h) yearHeads.Add(h);
        }

        // A closed year's lines are the ones it closed with, and its clearance names the statement it has now.
        var cleared = Mapping.Name(SettlementStepKind.Cleared);
        foreach (var c in closings)
        {
            cancellation.ThrowIfCancellationRequested();
            var year = ledger.Where(l => l.PostedYear == c.Year).ToList();
            if (year.Any(l => l.Sequence > c.LedgerLength) || ChainContent.YearDigest(year.Select(ChainContent.HashOf)) != c.YearDigest)
                Problem(ChainContent.Closings, c.ChainIndex, "closed-year-changed", $"{c.Year} is closed but its ledger lines are not those it was closed with");
            var clearance = Db.SettlementSteps.AsNoTracking().Where(s => s.Year == c.Year && s.Kind == cleared).OrderByDescending(s => s.Id).FirstOrDefault();
            if (clearance is not null)
            {
                var digest = SettlementWorkflow.Digest(YearlySettlement.Settle(scheme, c.Year, lines.Where(l => l.PostedYear == c.Year).ToList()));
                if (clearance.StatementDigest != digest)
                    Problem(ChainContent.Steps, clearance.Id, "statement-digest", $"{c.Year} is closed and cleared on statement {clearance.StatementDigest}, but its statement is now {digest}");
            }
        }
        return new VerifyReport(mode, keyed, checkedCounts, recomputed, legacy, yearHeads, problems);
    }

    private static void CheckAmount(LedgerLine l, IReadOnlyDictionary<string, PolicyVersion> policies, Action<string, long?, string, string> problem)
    {
        void Bad(string what) => problem(ChainContent.Ledger, l.Sequence, "amount-mismatch", $"line {l.Sequence}: {what}");
        switch (l.Rule)
        {
            // The rules that decide nothing (not approved, no baseline, no valid result, exempted) move no money.
            case RuleIds.NotApproved or RuleIds.NoTarget or RuleIds.NoReferenceTarget or RuleIds.NoResult or RuleIds.Exempted:
                if (l.Amount.Value != 0 || l.Payer is not null || l.Payee is not null)
                    Bad($"{l.Rule} moves no money, but the line says {l.Amount.Value} fen");
                break;
            // R-EXT-1: a quantity line's amount is what the quantity rule gives for its flow, base flow and terms.
            case RuleIds.FlowShort or RuleIds.FlowMetTwoWay or RuleIds.FlowMet or RuleIds.NoFlow:
                if (!l.IsQuantity || l.FlowTarget is not { } target || l.Parameters is not { } terms) { Bad($"{l.Rule} without its base flow or quantity terms"); return; }
                var q = QuantityRule.Decide(l.Flow, target, QuantityTerms.FromParameters(terms));
                if (q.Rule != l.Rule || q.Amount != l.Amount)
                    Bad($"{l.Rule} {l.Amount.Value} fen, but flow {l.Flow} against base flow {target} gives {q.Rule} {q.Amount.Value} fen");
                break;
            // Any other rule is a rule family's decision (R-COMP-1..3 for cq2023, R-FAM-3a/b, R-FAM-4a..c): the family,
            // given the line's baseline, result, tiers and family parameters, must decide the same rule and amount.
            default:
                if (l.Baseline is not { } b || l.Result is not { } r || l.Tiers is not { } t) { Bad($"{l.Rule} without baseline, result or tiers"); return; }
                if (!policies.TryGetValue(l.PolicyVersion, out var policy) || !RuleFamilies.Exists(l.RuleFamily)) return; // a version no longer in the store: the digest still holds it
                var family = RuleFamilies.Get(l.RuleFamily);
                var parameters = l.Parameters ?? (family.Parameters.Count == 0 ? FamilyParameters.None : null);
                if (parameters is null) { Bad($"{l.Rule} of family {l.RuleFamily} without the family's parameters"); return; }
                var d = family.Decide(new RuleInput(b, r, t, parameters, policy.Parameters));
                if (d.Rule != l.Rule || d.Amount != l.Amount || (l.ClassDifference is { } diff && diff != d.ClassDifference))
                    Bad($"{l.Rule} {l.Amount.Value} fen, but baseline {b.Display} and result {r.Display} give {d.Rule} {d.Amount.Value} fen with the tiers {t.Tier1.Value}/{t.Tier2.Value}");
                break;
        }
    }

    private static string Short(string? hash) => hash is null ? "none" : hash[..Math.Min(12, hash.Length)];
}
