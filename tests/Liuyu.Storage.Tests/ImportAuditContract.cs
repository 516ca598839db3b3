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
}

public sealed class SqliteImportAudit : ImportAuditContract
{
    protected override LiuyuStore NewStore() => LiuyuStore.Open(Path.Combine(ScenarioGenerator.TempFolder(), "store.db"));
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresImportAudit(PostgresCluster cluster) : ImportAuditContract
{
    protected override LiuyuStore NewStore() => LiuyuStore.Open(cluster.NewDatabase());
}
