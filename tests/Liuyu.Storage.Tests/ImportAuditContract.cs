using System.Text.Json;
using Liuyu.Data.Csv;
using Liuyu.Data.Scenario;
using Liuyu.Domain;
using Liuyu.Domain.Ledger;
using Liuyu.TestSupport;

namespace Liuyu.Storage.Tests;

/// <summary>
/// What the web import needs of the store: a dry run that goes through the real import and writes nothing; an audit
/// entry committed with every import; the ledger change of accounting the years an import touched (R-LEDGER-2/3).
/// Runs on SQLite and on a real PostgreSQL cluster.
/// </summary>
public abstract class ImportAuditContract
{
    protected abstract LiuyuStore NewStore();

    /// <summary>Makes every later insert into ledger_lines fail inside the database (a trigger), to test rollback.</summary>
    protected abstract void BreakLedgerInserts(LiuyuStore store);

    private static readonly SectionId S0 = new("S0");
    private static readonly YearMonth March = new(2023, 3);

    private LiuyuStore AccountedExample()
    {
        var store = NewStore();
        store.ImportFolder(Path.Combine(SharedFolder.Shared, "examples", "account", "1"), "test");
        store.Account(2023);
        return store;
    }

    /// <summary>A results table revising S0 2023-03 (劣V in the example) to Ⅰ.</summary>
    private static ScenarioData Revision(LiuyuStore store, string row = "S0,2023-03,I,joint,revised")
    {
        var dir = ScenarioGenerator.TempFolder();
        File.WriteAllText(Path.Combine(dir, "results.csv"), "section,month,class,source,note\n" + row + "\n");
        return ScenarioReader.ReadFolder(dir, store.Known());
    }

    private static LedgerLine Current(LiuyuStore store) =>
        LedgerState.Current(store.Ledger(new LedgerQuery(From: March, To: March))).Values.Single(l => l.Section == S0);

    [Fact]
    public void A_rehearsed_import_goes_through_the_import_and_writes_nothing()
    {
        using var store = AccountedExample();
        var batches = store.ImportBatches().Count;
        var audit = store.AuditLog(new AuditQuery()).Count;
        var results = store.LoadScheme().Results.Count(r => r.Section == S0 && r.Month == March);

        var report = store.Rehearse(() => store.Import(Revision(store), "results.csv", "monitoring"));

        Assert.Equal(1, report.Updated["results"]);
        Assert.Equal(batches, store.ImportBatches().Count);
        Assert.Equal(audit, store.AuditLog(new AuditQuery()).Count);
        Assert.Equal(results, store.LoadScheme().Results.Count(r => r.Section == S0 && r.Month == March));
        // The store still works after the rollback: the real import goes through.
        Assert.Equal(1, store.Import(Revision(store), "results.csv", "monitoring").Updated["results"]);
    }

    [Fact]
    public void An_import_is_audited_in_its_own_commit_and_a_refused_one_leaves_no_entry()
    {
        using var store = AccountedExample();
        store.Actor = new AuditActor("monitoring", "MonitoringCentre");
        var report = store.Import(Revision(store), "results.csv", "monitoring");

        var entry = store.AuditLog(new AuditQuery(Action: "import.")).First();
        Assert.Equal(("import.scenario", "results.csv", "monitoring", "MonitoringCentre"), (entry.Action, entry.Subject, entry.Actor, entry.Role));
        var after = JsonDocument.Parse(entry.After!).RootElement;
        Assert.Equal(report.BatchId, after.GetProperty("batch").GetInt64());
        Assert.Equal(1, after.GetProperty("updated").GetProperty("results").GetInt32());

        // Demo data into a store of real data is refused inside the import's transaction: no batch, no entry.
        var entries = store.AuditLog(new AuditQuery()).Count;
        Assert.Throws<InputException>(() => store.Import(Revision(store, "S0,2023-04,I,joint,"), "demo.csv", "monitoring", demo: true));
        Assert.Equal(entries, store.AuditLog(new AuditQuery()).Count);
    }

    [Fact]
    public void Accounting_after_an_import_reports_the_line_before_and_after_and_each_partys_net()
    {
        using var store = AccountedExample();
        var before = Current(store);
        var report = store.Import(Revision(store), "results.csv", "monitoring");
        Assert.Equal([2023], store.YearsOfBatch(report.BatchId));

        var change = store.AccountAfterImport("scenario", "results.csv", report.BatchId, [2023]);

        var line = Assert.Single(change.Lines);
        Assert.Equal((S0, March), (line.Section, line.Month));
        Assert.Equal((before.Rule, before.Payer, before.Payee, before.Amount), (line.Before!.Rule, line.Before.Payer, line.Before.Payee, line.Before.Amount));
        var now = Current(store);
        Assert.Equal((now.Rule, now.Amount, now.Result), (line.After!.Rule, line.After.Amount, line.After.Result));
        Assert.Equal(WaterClass.I, now.Result);
        Assert.NotEqual((before.Rule, before.Amount), (now.Rule, now.Amount));
        Assert.Equal((1, 1), (change.Accounting.Single().Posted, change.Accounting.Single().Reversed));
        // Money moves between parties: the net changes add up to nothing, and the old payer pays less.
        Assert.Equal(0, change.Net.Values.Sum(f => f.Value));
        if (before.Payer is { } payer && before.Amount > now.Amount) Assert.True(change.Net[payer] > Fen.Zero);

        var entry = store.AuditLog(new AuditQuery(Action: "import.scenario.ledger")).Single();
        var after = JsonDocument.Parse(entry.After!).RootElement;
        Assert.Equal((1, 1, 1), (after.GetProperty("changedLines").GetInt32(), after.GetProperty("posted").GetInt32(), after.GetProperty("reversed").GetInt32()));

        // Accounting again changes nothing (R-LEDGER-3).
        Assert.Empty(store.AccountAfterImport("scenario", "results.csv", report.BatchId, [2023]).Lines);
    }

    /// <summary>What the web import does with a results table: import, then account the years of the batch.</summary>
    private static ImportLedgerChange ImportAndAccount(LiuyuStore store, string row = "S0,2023-03,I,joint,revised")
    {
        var report = store.Import(Revision(store, row), "results.csv", "monitoring");
        return store.AccountAfterImport("scenario", "results.csv", report.BatchId, store.YearsOfBatch(report.BatchId));
    }

    /// <summary>Everything an import and its accounting write: ledger lines, accounting runs, audit entries, results, computed results, import batches.</summary>
    private static List<string> Snapshot(LiuyuStore store) =>
    [
        .. store.Ledger(new LedgerQuery()).Select(l => l.ToString()),
        .. store.AccountingRuns().Select(r => $"run {r.Id} {r.Scope} {r.StartedAt:O} {r.LinesAppended}"),
        .. store.AuditLog(new AuditQuery(Limit: 1000)).Select(e => e.ToString()),
        .. store.LoadScheme().Results.Select(r => r.ToString()),
        .. store.ComputedResults().Select(r => r.ToString()),
        .. store.ImportBatches().Select(b => $"batch {b.Id} {b.Source} {b.ImportedBy} {b.ImportedAt:O} {b.Rows} {b.Summary}"),
    ];

    /// <summary>A change as the page shows it: the store numbers the appended lines, and a rolled-back dry run may use numbers up (PostgreSQL sequences).</summary>
    private static List<string> Shown(ImportLedgerChange c) =>
    [
        .. c.Accounting.Select(a => a.ToString()),
        .. c.Lines.Select(l => $"{l.Section} {l.Month} {l.Purpose}: {l.Before! with { Sequence = 0 }} -> {l.After! with { Sequence = 0 }}"),
        .. c.Net.OrderBy(kv => kv.Key.Value, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value}"),
    ];

    [Fact]
    public void A_dry_run_accounts_inside_the_rehearsal_and_leaves_the_store_exactly_as_before()
    {
        using var store = AccountedExample();
        store.Actor = new AuditActor("monitoring", "MonitoringCentre");
        var before = Snapshot(store);
        var current = Current(store);

        var preview = store.Rehearse(() => ImportAndAccount(store));

        // The preview is the change the import would make (R-LEDGER-2: a reversal and a new posting of S0 2023-03) ...
        var line = Assert.Single(preview.Lines);
        Assert.Equal((S0, March), (line.Section, line.Month));
        Assert.Equal((current.Rule, current.Payer, current.Payee, current.Amount), (line.Before!.Rule, line.Before.Payer, line.Before.Payee, line.Before.Amount));
        Assert.Equal(WaterClass.I, line.After!.Result);
        Assert.Equal((1, 1), (preview.Accounting.Single().Posted, preview.Accounting.Single().Reversed));
        // ... and nothing of it stays: no ledger line, accounting run, audit entry, result or import batch.
        Assert.Equal(before, Snapshot(store));

        // The real import then reports exactly what the dry run showed.
        var real = store.InOneTransaction(() => ImportAndAccount(store));
        Assert.Equal(Shown(preview), Shown(real));
        Assert.NotEqual(before, Snapshot(store));
        Assert.Equal(line.After with { Sequence = 0 }, Current(store) with { Sequence = 0 });
    }

    [Fact]
    public void An_import_and_its_accounting_commit_together_and_a_failed_accounting_leaves_no_half_import()
    {
        using var store = AccountedExample();
        var before = Snapshot(store);
        BreakLedgerInserts(store);

        Assert.ThrowsAny<Exception>(() => store.InOneTransaction(() => ImportAndAccount(store)));

        using var reopened = LiuyuStore.Open(store.Location);
        Assert.Equal(before, Snapshot(reopened));
        Assert.Equal(before, Snapshot(store));
    }
}

public sealed class SqliteImportAudit : ImportAuditContract
{
    protected override LiuyuStore NewStore() => LiuyuStore.Open(Path.Combine(ScenarioGenerator.TempFolder(), "store.db"));

    protected override void BreakLedgerInserts(LiuyuStore store) => BrokenLedger.Sqlite(store);
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresImportAudit(PostgresCluster cluster) : ImportAuditContract
{
    protected override LiuyuStore NewStore() => LiuyuStore.Open(cluster.NewDatabase());

    protected override void BreakLedgerInserts(LiuyuStore store) => BrokenLedger.Postgres(store);
}
