using Microsoft.EntityFrameworkCore;
using System.Text.Json.Nodes;
using Liuyu.Data.Contracts;
using Liuyu.Data.Csv;
using Liuyu.Domain;
using Liuyu.Domain.Accounting;
using Liuyu.Domain.Ledger;
using Liuyu.TestSupport;

namespace Liuyu.Storage.Tests;

/// <summary>
/// The storage behaviour every engine must have. Runs on SQLite (<see cref="SqliteStore"/>) and on a real
/// PostgreSQL cluster (<see cref="PostgresStore"/>).
/// </summary>
public abstract class StoreContract
{
    protected abstract LiuyuStore NewStore();

    private static string Example(string n) => Path.Combine(SharedFolder.Shared, "examples", "account", n);

    private static string CopyOf(string folder)
    {
        var dir = ScenarioGenerator.TempFolder();
        foreach (var f in Directory.GetFiles(folder, "*.csv")) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        return dir;
    }

    private static void Replace(string folder, string file, string from, string to)
    {
        var path = Path.Combine(folder, file);
        var text = File.ReadAllText(path);
        Assert.Contains(from, text);
        File.WriteAllText(path, text.Replace(from, to));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    [InlineData("3")]
    public void Example_scenarios_settle_to_the_expected_json(string name)
    {
        using var store = NewStore();
        store.ImportFolder(Example(name), "test");
        store.Account(2023);
        var actual = JsonNode.Parse(AccountingJson.ToJson(store.Settle(2023)));
        JsonAssert.Equal(JsonNode.Parse(File.ReadAllText(Path.Combine(Example(name), "expected.json"))), actual);
    }

    /// <summary>
    /// <c>account --data</c> accounts in memory (issue 10): for the examples and for generated national-size schemes
    /// (over a thousand sections, so months are accounted in parallel) its statement is the one a store gives after
    /// importing the same folder, accounting and settling.
    /// </summary>
    [Theory]
    [InlineData("1", 0)]
    [InlineData("2", 0)]
    [InlineData("3", 0)]
    [InlineData(null, 11)]
    [InlineData(null, 12)]
    public void One_shot_accounting_equals_the_store_statement(string? example, int seed)
    {
        var folder = example is null
            ? ScenarioGenerator.WriteFolder(new ScenarioGenerator(seed).Generate(maxChain: 8, riverCount: 320), ScenarioGenerator.TempFolder())
            : Example(example);
        var oneShot = Application.UseCases.AccountScenario.Run(folder, 2023);
        if (example is null) Assert.True(oneShot.Scheme.Sections.Count > 1024, $"{oneShot.Scheme.Sections.Count} sections");
        using var store = NewStore();
        var stored = Application.UseCases.AccountScenario.Run(store, folder, 2023);
        Assert.NotEmpty(oneShot.Statement.Lines);
        Assert.Equal(AccountingJson.ToJson(stored.Statement), AccountingJson.ToJson(oneShot.Statement));
    }

    /// <summary>
    /// The lean reads that accounting and settling use (on SQLite SQLite's own statement stepped with one column of NULL
    /// flags and repeated texts pooled from their bytes; on PostgreSQL an ADO.NET reader) give exactly the lines,
    /// results, sections and targets EF's mapping gives: every example, with a revised result (a reversal and a superseding posting), rule
    /// families, quantity lines with flows and notes with arguments.
    /// </summary>
    [Theory]
    [InlineData("1", 2023)]
    [InlineData("2", 2023)]
    [InlineData("3", 2023)]
    [InlineData("4", 2024)]
    [InlineData("5", 2025)]
    public void The_lean_reads_give_what_the_mapping_gives(string example, int year)
    {
        using var store = NewStore();
        var folder = CopyOf(Example(example));
        store.ImportFolder(folder, "test");
        store.Account(year);
        if (example == "1")
        {
            Replace(folder, "results.csv", "S0,2023-01,IV,joint,", "S0,2023-01,劣V,national,复核");
            store.ImportFolder(folder, "test");
            Assert.Equal(1, store.Account(2023).Reversed);
        }

        var mapped = store.Ledger(new LedgerQuery());
        Assert.Contains(mapped, l => l.Note is not null);
        if (example == "1") Assert.Contains(mapped, l => l.Kind == LedgerLineKind.Reversal);
        if (example == "5") Assert.Contains(mapped, l => l.Flow is not null);
        Assert.Equal(mapped.Where(l => l.PostedYear == year), store.ReadLedgerLines("posted_year = @p0", year));
        Assert.Equal(mapped.Where(l => l.Month.Year == year), store.ReadLedgerLines("month >= @p0 AND month <= @p1", year * 100 + 1, year * 100 + 12));
        Assert.Empty(store.ReadLedgerLines("posted_year = @p0", year + 10));

        var results = store.Db.Results.AsEnumerable().Select(r => r.ToDomain()).ToList();
        Assert.NotEmpty(results);
        Assert.Contains(results, r => r.Note is not null);
        Assert.Equal(results, store.ReadImportedResults());
        Assert.Equal(store.Db.Sections.OrderBy(x => x.Ordinal).AsEnumerable().Select(x => x.ToDomain()), store.ReadSections());
        Assert.Equal(store.Db.Targets.AsEnumerable().Select(x => x.ToDomain()), store.ReadTargets());
    }

    [Fact]
    public void Accounting_twice_adds_nothing_R_LEDGER_3()
    {
        using var store = NewStore();
        store.ImportFolder(Example("1"), "test");
        var first = store.Account(2023);
        var count = store.LedgerLineCount();
        var second = store.Account(2023);
        Assert.Equal(84, first.Posted);
        Assert.Equal(0, second.Posted + second.Reversed);
        Assert.Equal(count, store.LedgerLineCount());
    }

    [Fact]
    public void A_revised_result_posts_a_reversal_and_a_new_line_R_LEDGER_2_R_DATA_5()
    {
        using var store = NewStore();
        var folder = CopyOf(Example("1"));
        store.ImportFolder(folder, "test");
        store.Account(2023);
        var before = store.Ledger(new LedgerQuery()).Single(l => l.Section == new SectionId("S0") && l.Month == new YearMonth(2023, 1));
        Assert.Equal(RuleIds.NoPayment, before.Rule);

        // 复核: S0 2023-01 revised from IV to 劣V → upstream CITY pays D12 tier 2 (2,400,000).
        Replace(folder, "results.csv", "S0,2023-01,IV,joint,", "S0,2023-01,劣V,national,复核");
        var import = store.ImportFolder(folder, "test");
        Assert.Equal(1, import.Updated["results"]);
        var run = store.Account(2023);
        Assert.Equal(1, run.Posted);
        Assert.Equal(1, run.Reversed);

        var history = store.Ledger(new LedgerQuery()).Where(l => l.Section == new SectionId("S0") && l.Month == new YearMonth(2023, 1)).ToList();
        Assert.Equal([LedgerLineKind.Posting, LedgerLineKind.Reversal, LedgerLineKind.Posting], history.Select(l => l.Kind));
        Assert.Equal(history[0].Sequence, history[1].Reverses);
        Assert.Equal(RuleIds.Worse, history[2].Rule);
        Assert.Equal(new PartyId("CITY"), history[2].Payer);
        Assert.Equal(Fen.FromYuan(2_400_000m), history[2].Amount);

        var line = store.Settle(2023).Lines.Single(l => l.Section == new SectionId("S0") && l.Month == new YearMonth(2023, 1));
        Assert.Equal(history[2].Sequence, line.Sequence);
    }

    [Fact]
    public void A_newly_approved_exemption_waives_the_month_R_EXEMPT_1()
    {
        using var store = NewStore();
        var folder = CopyOf(Example("1"));
        store.ImportFolder(folder, "test");
        store.Account(2023);
        // S1 2023-01: baseline IV, result 劣V → D12 pays D07 2,400,000. The Ecology Bureau approves an exemption.
        File.AppendAllText(Path.Combine(folder, "exemptions.csv"), "S1,2023-01,true,true,山洪\n");
        store.ImportFolder(folder, "test");
        var run = store.Account(2023);
        Assert.Equal((1, 1), (run.Posted, run.Reversed));
        var line = store.Settle(2023).Lines.Single(l => l.Section == new SectionId("S1") && l.Month == new YearMonth(2023, 1));
        Assert.Equal(RuleIds.Exempted, line.Rule);
        Assert.Equal(Fen.Zero, line.Amount);
        Assert.Equal("EX-S1-2023-01", line.ExemptionReference);
    }

    [Fact]
    public void A_revision_after_closing_posts_an_adjustment_into_the_next_open_year_R_LEDGER_4()
    {
        using var store = NewStore();
        var folder = CopyOf(Example("1"));
        store.ImportFolder(folder, "test");
        store.Account(2023);
        var closedStatement = store.Settle(2023);
        foreach (var party in store.LoadScheme().SectionPartyOrder()) store.Confirm(2023, party, null, "district");
        store.Clear(2023, "finance");
        store.CloseYear(2023, "finance");

        Replace(folder, "results.csv", "S0,2023-01,IV,joint,", "S0,2023-01,劣V,national,复核");
        store.ImportFolder(folder, "test");
        var run = store.Account(2023);
        Assert.Equal(2, run.Adjustments);

        // The closed year is unchanged; the correction lives in 2024 and is named as an adjustment.
        Assert.Equal(AccountingJson.ToJson(closedStatement), AccountingJson.ToJson(store.Settle(2023)));
        var next = store.Settle(2024);
        Assert.Equal(2, next.Adjustments.Count);
        Assert.All(next.Adjustments, l => Assert.True(l.IsAdjustment && l.PostedYear == 2024 && l.Month == new YearMonth(2023, 1)));
        Assert.All(next.Adjustments, l => Assert.Contains("adjustment for 2023-01", l.EnglishNote));
        Assert.All(next.Adjustments, l => Assert.StartsWith("跨年调整（2023-01", Liuyu.Data.Wording.NoteWording.Chinese(l)));
        var pair = Assert.Single(next.Pairs);
        Assert.Equal((new PartyId("CITY"), new PartyId("D12"), Fen.FromYuan(2_400_000m)), (pair.Payer, pair.Payee, pair.Net));
        Assert.Throws<InputException>(() => store.CloseYear(2023, "finance"));
    }

    [Fact]
    public void A_bad_import_leaves_the_store_unchanged()
    {
        using var store = NewStore();
        store.ImportFolder(Example("1"), "test");
        store.Account(2023);
        var json = AccountingJson.ToJson(store.Settle(2023));
        var batches = store.ImportBatches().Count;

        var folder = CopyOf(Example("3"));
        Replace(folder, "results.csv", "S31,2023-12,Ⅱ,joint,", "S31,2023-12,Ⅱ,joint,\nS99,2023-12,II,joint,");
        var ex = Assert.Throws<InputException>(() => store.ImportFolder(folder, "test"));
        Assert.Contains(ex.Errors, e => e.File.EndsWith("results.csv") && e.Row == 386 && e.Column == "section");

        Assert.Equal(batches, store.ImportBatches().Count);
        Assert.Equal(json, AccountingJson.ToJson(store.Settle(2023)));
        Assert.DoesNotContain(store.LoadScheme().Sections, s => s.Id == new SectionId("S31"));
    }

    [Fact]
    public void Reimporting_the_same_folder_changes_nothing()
    {
        using var store = NewStore();
        store.ImportFolder(Example("2"), "test");
        var again = store.ImportFolder(Example("2"), "test");
        Assert.Empty(again.Inserted);
        Assert.Empty(again.Updated);
    }

    [Fact]
    public void Ledger_filters_by_river_party_period_and_rule()
    {
        using var store = NewStore();
        store.ImportFolder(Example("3"), "test");
        store.Account(2023);
        var r1 = store.Ledger(new LedgerQuery(River: new RiverId("R1")));
        Assert.Equal(4 * 12, r1.Count);
        var d06 = store.Ledger(new LedgerQuery(Party: new PartyId("D06"), From: new YearMonth(2023, 3), To: new YearMonth(2023, 4)));
        Assert.NotEmpty(d06);
        Assert.All(d06, l => Assert.InRange(l.Month.Key, 202303, 202304));
        var exempted = store.Ledger(new LedgerQuery(Rule: RuleIds.Exempted));
        Assert.Equal(6, exempted.Count);
    }

    [Fact]
    public void Section_names_are_read_for_the_sections_asked_only()
    {
        using var store = NewStore();
        store.ImportFolder(Example("1"), "test");
        var registry = store.LoadRegistry().Sections;
        var asked = new[] { registry[0].Id, registry[^1].Id, registry[0].Id, new SectionId("NOT-REGISTERED") };
        var names = store.SectionNames(asked);
        Assert.Equal(new Dictionary<SectionId, string> { [registry[0].Id] = registry[0].Name, [registry[^1].Id] = registry[^1].Name }, names);
        Assert.Empty(store.SectionNames([]));
    }

    [Fact]
    public void Explain_names_the_baseline_source_rule_and_exemption()
    {
        using var store = NewStore();
        store.ImportFolder(Example("3"), "test");
        store.Account(2023);
        var e = store.Explain(new SectionId("S18"), new YearMonth(2023, 1));
        Assert.Equal(BaselineBasis.NamedReference, e.Outcome.BaselineDetail!.Basis);
        Assert.Equal(new SectionId("S14"), e.Outcome.BaselineDetail.From);
        Assert.Single(e.History);
        Assert.Equal(e.History[0].InputDigest, e.Outcome.InputDigest);

        var ex = store.Explain(new SectionId("S9"), new YearMonth(2023, 3));
        Assert.Equal(RuleIds.Exempted, ex.Outcome.Rule);
        Assert.True(ex.Exemption!.IsApproved);
    }

    [Fact]
    public void R_SET_1_clearing_needs_every_party_to_confirm_the_current_statement()
    {
        using var store = NewStore();
        var folder = CopyOf(Example("2"));
        store.ImportFolder(folder, "test");
        store.Account(2023);
        Assert.Throws<InputException>(() => store.CloseYear(2023, "finance"));
        var parties = store.LoadScheme().SectionPartyOrder();
        foreach (var party in parties.Skip(1)) store.Confirm(2023, party, null, "district");
        var ex = Assert.Throws<InputException>(() => store.Clear(2023, "finance"));
        Assert.Contains($"{parties[0]} on R0", ex.Message);
        store.Confirm(2023, parties[0], new RiverId("R0"), "treasury");

        // A revision after the confirmations makes them stale: the parties confirm again what they now owe.
        Replace(folder, "results.csv", "S1,2023-01,I,municipal,", "S1,2023-01,IV,municipal,复核");
        store.ImportFolder(folder, "test");
        store.Account(2023);
        var progress = store.Progress(2023);
        Assert.False(progress.AllConfirmed);
        Assert.Equal(parties.Count, progress.Stale.Count);
        Assert.Throws<InputException>(() => store.Clear(2023, "finance"));
        foreach (var party in parties) store.Confirm(2023, party, null, "district");
        Assert.True(store.Clear(2023, "finance").Cleared);
        store.CloseYear(2023, "finance");
        Assert.Throws<InputException>(() => store.Confirm(2023, parties[0], null, "late"));
        Assert.Throws<InputException>(() => store.Confirm(2024, new PartyId("NOPE"), null, "x"));
    }

    [Fact]
    public void R_JOINT_1_joint_activities_are_recorded_and_meeting_systems_reported()
    {
        using var store = NewStore();
        var folder = CopyOf(Example("1"));
        File.WriteAllText(Path.Combine(folder, "joint_activities.csv"),
            "river,kind,date,parties,description\nR0,joint_meeting_system,2023-03-01,D12;D07,建立联席会议制度\nR0,联合执法,2023-06-05,D11、D06,联合执法检查\n");
        store.ImportFolder(folder, "test");
        store.ImportFolder(folder, "test");
        Assert.Equal(2, store.JointActivities().Count);
        var m = Assert.Single(store.MeetingSystems());
        Assert.Equal([new PartyId("D12"), new PartyId("D07")], m.WithMeetingSystem);
        Assert.Contains(new PartyId("D11"), m.Without);
        Assert.DoesNotContain(new PartyId("CITY"), m.Without);

        File.AppendAllText(Path.Combine(folder, "joint_activities.csv"), "R0,joint_meeting_system,2023-03-01,D99,x\n");
        var ex = Assert.Throws<InputException>(() => store.ImportFolder(folder, "test"));
        Assert.Contains(ex.Errors, e => e.Row == 4 && e.Column == "parties");
    }

    [Fact]
    public void R_PEN_1_payments_file_replaces_the_years_it_covers_and_identical_transfers_both_count()
    {
        using var store = NewStore();
        var folder = CopyOf(Example("2"));
        // D04 owes D03 20,000,000 net on R0 (see expected.json); two identical transfers of 5,000,000 by the deadline.
        File.WriteAllText(Path.Combine(folder, "payments.csv"), "year,payer,payee,amount,paid_on\n2023,D04,D03,5000000,2024-03-01\n2023,D04,D03,5000000,2024-03-01\n");
        store.ImportFolder(folder, "test");
        store.Account(2023);
        var penalty = store.Settle(2023).Penalties.Single(p => p.Payer == new PartyId("D04") && p.Payee == new PartyId("D03"));
        Assert.Equal(Fen.FromYuan(10_000_000m), penalty.Paid);
        Assert.Equal(Fen.FromYuan(1_000_000m), penalty.PenaltyAmount);

        var again = store.ImportFolder(folder, "test");
        Assert.False(again.Inserted.ContainsKey("payments") || again.Updated.ContainsKey("payments"));
        File.WriteAllText(Path.Combine(folder, "payments.csv"), "year,payer,payee,amount,paid_on\n2023,D04,D03,20000000,2024-03-01\n");
        store.ImportFolder(folder, "test");
        Assert.DoesNotContain(store.Settle(2023).Penalties, p => p.Payer == new PartyId("D04") && p.Payee == new PartyId("D03"));
    }

    [Fact]
    public void Demo_data_and_real_data_are_never_mixed()
    {
        var demo = Data.Demo.DemoDataset.Generate(Data.Reference.ChongqingRegistry.Load());
        using (var real = NewStore())
        {
            real.ImportFolder(Example("1"), "test");
            var ex = Assert.Throws<InputException>(() => real.Import(demo, "demo", "test", demo: true));
            Assert.Contains("real data", ex.Message);
            Assert.Equal(LiuyuStore.RealDataset, real.Dataset());
        }
        using var store = NewStore();
        store.Import(demo, "demo", "test", demo: true);
        Assert.Throws<InputException>(() => store.ImportFolder(Example("1"), "test"));
        Assert.Throws<InputException>(() => store.Import(Data.Reference.ChongqingRegistry.Load().ToScenario(), "registry", "test"));
        Assert.Equal(LiuyuStore.DemoDataset, store.Dataset());
        Assert.Equal(demo.Sections.Count, store.LoadScheme().Sections.Count);
    }

    [Fact]
    public void Importing_in_two_parts_gives_the_same_settlement_as_one_import()
    {
        var whole = Example("3");
        var registryFirst = ScenarioGenerator.TempFolder();
        var decisionsLater = ScenarioGenerator.TempFolder();
        foreach (var f in new[] { "parties", "rivers", "sections", "targets" }) File.Copy(Path.Combine(whole, f + ".csv"), Path.Combine(registryFirst, f + ".csv"));
        foreach (var f in new[] { "results", "agreements", "exemptions", "policy" }) File.Copy(Path.Combine(whole, f + ".csv"), Path.Combine(decisionsLater, f + ".csv"));
        using var once = NewStore();
        once.ImportFolder(whole, "test");
        once.Account(2023);
        using var twice = NewStore();
        twice.ImportFolder(registryFirst, "test");
        twice.ImportFolder(decisionsLater, "test");
        twice.Account(2023);
        Assert.Equal(AccountingJson.ToJson(once.Settle(2023)), AccountingJson.ToJson(twice.Settle(2023)));
    }

    [Fact]
    public void A_generated_year_with_thousands_of_results_goes_through_the_bulk_path()
    {
        var scheme = new ScenarioGenerator(7).Generate(maxRivers: 3, maxChain: 8);
        var folder = ScenarioGenerator.WriteFolder(scheme, ScenarioGenerator.TempFolder());
        using var store = NewStore();
        store.ImportFolder(folder, "test");
        var run = store.Account(2023);
        Assert.Equal(scheme.Sections.Count * 12, run.Posted);
        Assert.Equal(scheme.Results.Count, store.LoadScheme().Results.Count);
    }
}

public sealed class SqliteStore : StoreContract
{
    protected override LiuyuStore NewStore() => LiuyuStore.Open(Path.Combine(ScenarioGenerator.TempFolder(), "store.db"));
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresStore(PostgresCluster cluster) : StoreContract
{
    protected override LiuyuStore NewStore() => LiuyuStore.Open(cluster.NewDatabase());

    /// <summary>
    /// Issue 10: a bulk write of at least <see cref="BulkWriter.AnalyzeAfterRows"/> rows refreshes the table's statistics
    /// in its transaction, so that the planner reads a year's ledger back in key order at once rather than after autovacuum
    /// (the planner took a fresh ledger for nearly empty and sorted 240,000 lines on disk).
    /// </summary>
    [Fact]
    public void A_large_bulk_write_refreshes_the_tables_statistics()
    {
        var scheme = new ScenarioGenerator(11).Generate(maxChain: 8, riverCount: 320);
        Assert.True(scheme.Results.Count >= BulkWriter.AnalyzeAfterRows, $"{scheme.Results.Count} results");
        var folder = ScenarioGenerator.WriteFolder(scheme, ScenarioGenerator.TempFolder());
        using var store = NewStore();
        store.ImportFolder(folder, "test");
        Assert.Equal(scheme.Results.Count, Tuples(store, "results"));
        Assert.True(Tuples(store, "ledger_lines") <= 0, "nothing written to the ledger yet");
        store.Account(2023);
        Assert.Equal(scheme.Sections.Count * 12, Tuples(store, "ledger_lines"));
    }

    /// <summary>The planner's row count of a table (-1 before its first ANALYZE).</summary>
    private static long Tuples(LiuyuStore store, string table)
    {
        var conn = store.Db.Database.GetDbConnection();
        store.Db.Database.OpenConnection();
        try
        {
            using var cmd = conn.CreateCommand();
            cmd.CommandText = $"SELECT reltuples::bigint FROM pg_class WHERE relname = '{table}'";
            return (long)cmd.ExecuteScalar()!;
        }
        finally { store.Db.Database.CloseConnection(); }
    }
}
