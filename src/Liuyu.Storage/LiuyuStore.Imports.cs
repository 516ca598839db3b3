using Liuyu.Domain;
using Liuyu.Domain.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Liuyu.Storage;

public sealed partial class LiuyuStore
{
    /// <summary>
    /// Runs <paramref name="action"/> (an import, and the accounting after it) inside a transaction that is always
    /// rolled back: a dry run that goes through every check the real import makes, the store's own included (demo or
    /// real data, unknown sections), shows what accounting would change, and writes nothing. The import methods and
    /// <see cref="Account(Scheme, int, int?)"/> join the open transaction instead of starting their own.
    /// </summary>
    public T Rehearse<T>(Func<T> action)
    {
        using var tx = BeginWrite();
        try { return action(); }
        finally
        {
            tx.Rollback();
            ClearTracked();
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> in one transaction, committed when it returns and rolled back when it throws: an
    /// import and the accounting after it (<see cref="AccountAfterImport"/>) with their audit entries, so that a failed
    /// accounting leaves no half import (an import whose ledger is stale).
    /// </summary>
    public T InOneTransaction<T>(Func<T> action)
    {
        using var tx = BeginWrite();
        // Disposing the transaction without a commit rolls it back.
        try
        {
            var result = action();
            tx.Commit();
            return result;
        }
        finally { ClearTracked(); }
    }

    /// <summary>The years of the section-months whose results an import batch stored or whose computed class it changed.</summary>
    public IReadOnlySet<int> YearsOfBatch(long batchId) =>
        Db.Results.AsNoTracking().Where(r => r.ImportBatchId == batchId).Select(r => r.Month / 100)
            .Concat(Db.ComputedResults.AsNoTracking().Where(r => r.ImportBatchId == batchId).Select(r => r.Month / 100))
            .Distinct().AsEnumerable().ToHashSet();

    /// <summary>
    /// After an import: accounts the given years (each year's revisions of a closed year post as adjustments into the
    /// next open year, R-LEDGER-4), then reads what the runs appended and records the change in the audit log
    /// (<c>import.&lt;kind&gt;.ledger</c>, saved with the summary). Inside <see cref="InOneTransaction{T}"/> with the import
    /// it commits with it; inside <see cref="Rehearse{T}"/> it is the preview of a dry run and is rolled back.
    /// Accounting an unchanged year appends nothing (R-LEDGER-3).
    /// </summary>
    public ImportLedgerChange AccountAfterImport(string kind, string source, long batchId, IEnumerable<int> years)
    {
        var last = Db.LedgerLines.AsNoTracking().Max(l => (long?)l.Sequence) ?? 0;
        var scheme = LoadScheme();
        var runs = years.Distinct().Order().Select(y => Account(scheme, y)).ToList();

        var appended = Db.LedgerLines.AsNoTracking().Where(l => l.Sequence > last).OrderBy(l => l.Sequence).AsEnumerable().Select(l => l.ToDomain()).ToList();
        var lines = new List<LedgerChange>();
        foreach (var g in appended.GroupBy(l => l.Key))
        {
            // A reversal repeats the reversed posting's rule, payer, payee and amount (R-LEDGER-2): it is the line before.
            var before = g.FirstOrDefault(l => l.Kind == LedgerLineKind.Reversal);
            var after = g.LastOrDefault(l => l.Kind == LedgerLineKind.Posting);
            var first = g.First();
            lines.Add(new LedgerChange(first.Section, first.River, first.Month, first.Purpose, before, after));
        }
        var net = new Dictionary<PartyId, Fen>();
        foreach (var l in appended)
        {
            if (l.Payee is { } payee) net[payee] = net.GetValueOrDefault(payee) + l.SignedAmount;
            if (l.Payer is { } payer) net[payer] = net.GetValueOrDefault(payer) - l.SignedAmount;
        }
        foreach (var zero in net.Where(kv => kv.Value == Fen.Zero).Select(kv => kv.Key).ToList()) net.Remove(zero);

        Audit($"import.{kind}.ledger", source, null, new
        {
            batch = batchId,
            years = runs.Select(r => r.Scope).ToList(),
            posted = runs.Sum(r => r.Posted),
            reversed = runs.Sum(r => r.Reversed),
            adjustments = runs.Sum(r => r.Adjustments),
            changedLines = lines.Count,
            netFen = net.ToDictionary(kv => kv.Key.Value, kv => kv.Value.Value),
        });
        Db.SaveChanges();
        ClearTracked();
        return new ImportLedgerChange(runs, lines, net);
    }
}
