using Liuyu.Domain.Ledger;
using Liuyu.Data.Csv;
using Liuyu.Data.Samples;
using Liuyu.Domain;
using Liuyu.Domain.Accounting;
using Liuyu.Domain.Quality;
using Liuyu.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Liuyu.Storage.Tests;

/// <summary>
/// Samples in the store (issue 3, item 3): imported with provenance, the classes computed from them entering the
/// accounting only where no result was imported (R-DATA-1..4), disagreements listed. Runs on SQLite
/// (<see cref="SqliteSampleStore"/>) and on a real PostgreSQL cluster (<see cref="PostgresSampleStore"/>).
/// </summary>
public abstract class SampleStoreContract
{
    protected abstract LiuyuStore NewStore(TimeProvider clock);

    private static readonly DateTimeOffset Now = new(2024, 2, 1, 9, 30, 0, TimeSpan.Zero);
    private static readonly SectionId S1 = new("S1"), S2 = new("S2"), S4 = new("S4");
    private static readonly YearMonth Jan = new(2023, 1), Feb = new(2023, 2), Jun = new(2023, 6);

    private const string Header = "section,sampled_at,indicator,value,unit,flag,detection_limit,saturation,measured_by,source\n";

    /// <summary>
    /// S4 (non-assessment) 2023-01: COD 24 and 26 (mean 25 → Ⅳ), TP 0.25 (Ⅳ), NH3N 150 μg/L, DO 7.5 → Ⅳ by COD and TP.
    /// S4 2023-02: water temperature only, no class indicator (R-DATA-4). S2 (national) 2023-01: Ⅰ, the bulletin says Ⅱ.
    /// S1 2023-06: Ⅰ, the monitoring centre says the river was dry (断流, no class).
    /// </summary>
    private const string Samples = Header +
        "S4,2023-01-05 08:00,COD,24,,,,,市监测中心,monitoring_centre\n" +
        "S4,2023-01-20 08:00,COD,26,,,,,市监测中心,monitoring_centre\n" +
        "S4,2023-01-05 08:00,TP,0.25,,,,,市监测中心,monitoring_centre\n" +
        "S4,2023-01-05 08:00,NH3N,150,ug/L,,,,市监测中心,monitoring_centre\n" +
        "S4,2023-01-05 08:00,DO,7.5,,,,,市监测中心,monitoring_centre\n" +
        "S4,2023-02-10 08:00,WT,12,,,,,市监测中心,monitoring_centre\n" +
        "S2,2023-01-10,COD,12,,,,,联合监测组,joint\n" +
        "S2,2023-01-10,NH3N,,,L,0.025,,联合监测组,joint\n" +
        "S1,2023-06-10,COD,12,,,,,联合监测组,joint\n";

    /// <summary>Example 1 without any imported result for S4 in January and February 2023.</summary>
    private static string Scenario()
    {
        var dir = ScenarioGenerator.TempFolder();
        foreach (var f in Directory.GetFiles(Path.Combine(SharedFolder.Shared, "examples", "account", "1"), "*.csv"))
            File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        var results = Path.Combine(dir, "results.csv");
        var lines = File.ReadAllLines(results).Where(l => !l.StartsWith("S4,2023-01,") && !l.StartsWith("S4,2023-02,")).ToList();
        Assert.Equal(85 - 2, lines.Count);
        File.WriteAllLines(results, lines);
        return dir;
    }

    private static FileInfo SampleFile(string text)
    {
        var path = Path.Combine(ScenarioGenerator.TempFolder(), "samples.csv");
        File.WriteAllText(path, text);
        return new FileInfo(path);
    }

    private LiuyuStore StoreWithScenario()
    {
        var store = NewStore(new FixedClock(Now));
        store.ImportFolder(Scenario(), "test");
        return store;
    }

    [Fact]
    public void Samples_are_stored_with_their_provenance_and_the_section_months_computed_R_DATA_3()
    {
        using var store = StoreWithScenario();
        var report = store.ImportSamples(SampleFile(Samples), "analyst");

        Assert.Equal((9, 9, 0), (report.Read, report.Stored, report.AlreadyStored));
        Assert.Equal(4, report.Recomputed);
        Assert.Equal(9, store.SampleCount());
        var batch = store.ImportBatches().Single(b => b.Id == report.BatchId);
        Assert.Equal(("analyst", Now), (batch.ImportedBy, batch.ImportedAt));

        var stored = store.StoredSamples(S4, Jan);
        Assert.Equal(5, stored.Count);
        var row = stored.Single(s => s.Indicator == "NH3N");
        Assert.Equal(0.15m, row.Value);
        Assert.Equal("ug/L", row.UnitAsWritten);
        Assert.Equal(("市监测中心", SampleSource.MonitoringCentre, "samples.csv", 5), (row.MeasuredBy, row.Source, row.ImportedFrom, row.ImportedRow));
        Assert.Equal((report.BatchId, Now, "analyst"), (row.BatchId, row.ImportedAt, row.ImportedBy));
        Assert.Equal(new DateTime(2023, 1, 5, 8, 0, 0), row.SampledAt);
        var nonDetect = store.StoredSamples(S2, Jan).Single(s => s.Indicator == "NH3N");
        Assert.Equal((null, true, 0.025m, SampleSource.Joint), (nonDetect.Value, nonDetect.BelowDetectionLimit, nonDetect.DetectionLimit, nonDetect.Source));

        var jan = store.ComputedFor(S4, Jan)!;
        Assert.Equal(WaterClass.IV, jan.Class);
        Assert.Equal(["COD", "TP"], jan.Deciding);
        Assert.Equal(["COD", "DO", "NH3N", "TP"], jan.Participating);
        Assert.Equal((5, report.BatchId, Now), (jan.SampleCount, jan.BatchId, jan.ComputedAt));
        Assert.Null(store.ComputedFor(S4, Feb)!.Class);
        Assert.Null(store.ComputedFor(S4, new YearMonth(2023, 3)));
    }

    /// <summary>
    /// Issue "a ledger anyone can verify": a sample that changes the sample count but not the class posts nothing (the
    /// count is a note's argument, not an input of the digest); one that changes the class reverses and reposts.
    /// </summary>
    [Fact]
    public void A_sample_that_does_not_change_the_class_posts_nothing_and_one_that_does_reposts_R_LEDGER_3_R_DATA_3()
    {
        using var store = StoreWithScenario();
        store.ImportSamples(SampleFile(Samples), "analyst");
        store.Account(2023);
        var before = store.Ledger(new LedgerQuery()).Single(l => l.Section == S4 && l.Month == Jan && l.Kind == LedgerLineKind.Posting);
        Assert.Equal("5", before.Note!["samples"]);

        // COD 25 more: the mean stays in Ⅳ, the deciding indicators the same; 6 samples now.
        var same = store.ImportSamples(SampleFile(Header + "S4,2023-01-25 08:00,COD,25,,,,,市监测中心,monitoring_centre\n"), "analyst");
        Assert.Equal(1, same.Stored);
        Assert.Equal(6, store.ComputedFor(S4, Jan)!.SampleCount);
        var again = store.Account(2023);
        Assert.Equal((0, 0), (again.Posted, again.Reversed));
        Assert.Equal(before, LedgerState.Current(store.Ledger(new LedgerQuery())).Values.Single(l => l.Section == S4 && l.Month == Jan));

        // COD 80: the mean moves to 劣Ⅴ: that decides the amount, so the line is reversed and reposted.
        store.ImportSamples(SampleFile(Header + "S4,2023-01-28 08:00,COD,80,,,,,市监测中心,monitoring_centre\n"), "analyst");
        var changed = store.Account(2023);
        Assert.Equal((1, 1), (changed.Posted, changed.Reversed));
        Assert.True(store.Verify().Ok);
    }

    [Fact]
    public void A_computed_class_is_accounted_for_a_non_assessment_section_without_an_imported_result_R_DATA_2_R_DATA_3()
    {
        using var store = StoreWithScenario();
        store.ImportSamples(SampleFile(Samples), "analyst");
        store.Account(2023);

        var line = store.Ledger(new LedgerQuery()).Single(l => l.Section == S4 && l.Month == Jan);
        Assert.Equal(ResultSource.Computed, line.Source);
        Assert.Equal(WaterClass.IV, line.Result);
        Assert.Equal((NoteCodes.Computed, "COD,TP"), (line.Note!.Code, line.Note["deciding"]));
        Assert.Contains("deciding COD,TP", line.EnglishNote);
        Assert.NotEqual(RuleIds.NoResult, line.Rule);

        var scheme = store.LoadScheme();
        var result = scheme.ResultOf(S4, Jan)!;
        Assert.Equal((ResultSource.Computed, "COD,TP"), (result.Source, result.DecidingIndicators));
    }

    [Fact]
    public void A_computed_month_without_a_valid_sample_gives_no_result_R_DATA_4()
    {
        using var store = StoreWithScenario();
        store.ImportSamples(SampleFile(Samples), "analyst");
        store.Account(2023);

        var line = store.Ledger(new LedgerQuery()).Single(l => l.Section == S4 && l.Month == Feb);
        Assert.Equal(RuleIds.NoResult, line.Rule);
        Assert.Equal(Fen.Zero, line.Amount);
        Assert.Null(line.Result);
        Assert.Equal(ResultSource.Computed, line.Source);
        Assert.Equal(NoteCodes.ComputedNoValidSample, line.Note!.Code);
        Assert.Contains("no valid sample", line.EnglishNote);
    }

    [Fact]
    public void An_imported_bulletin_class_wins_over_a_computed_one_and_the_disagreement_is_listed_R_DATA_1()
    {
        using var store = StoreWithScenario();
        store.ImportSamples(SampleFile(Samples), "analyst");
        store.Account(2023);

        var line = store.Ledger(new LedgerQuery()).Single(l => l.Section == S2 && l.Month == Jan);
        Assert.Equal((ResultSource.Municipal, WaterClass.II), (line.Source, line.Result));

        var d = store.Disagreements().Single(x => x.Section == S2 && x.Month == Jan);
        Assert.Equal((WaterClass.II, ResultSource.Municipal, 0), (d.ImportedClass!.Value, d.ImportedSource, d.ImportedRevision));
        Assert.Equal(WaterClass.I, d.ComputedClass);
        Assert.Equal(["COD", "NH3N"], d.ComputedDeciding);

        // Both stay stored and the explanation shows both.
        var e = store.Explain(S2, Jan);
        Assert.Equal(WaterClass.II, e.Outcome.Result);
        Assert.Equal(WaterClass.I, e.Computed!.Class);
        Assert.Equal(WaterClass.II, Assert.Single(e.ResultRevisions).Class);
    }

    [Fact]
    public void An_imported_no_valid_result_is_not_replaced_by_a_computed_class_and_is_listed_R_DATA_4()
    {
        using var store = StoreWithScenario();
        store.ImportSamples(SampleFile(Samples), "analyst");
        store.Account(2023);

        var line = store.Ledger(new LedgerQuery()).Single(l => l.Section == S1 && l.Month == Jun);
        Assert.Equal((RuleIds.NoResult, ResultSource.MonitoringCentre, "断流"), (line.Rule, line.Source!.Value, line.Note!["text"]));
        var d = store.Disagreements().Single(x => x.Section == S1 && x.Month == Jun);
        Assert.Null(d.ImportedClass);
        Assert.Equal(WaterClass.I, d.ComputedClass);

        Assert.Equal([(S1, Jun), (S2, Jan)], store.Disagreements().Select(x => (x.Section, x.Month)));
    }

    [Fact]
    public void A_later_bulletin_class_reverses_the_line_of_a_computed_one_R_DATA_5()
    {
        using var store = StoreWithScenario();
        store.ImportSamples(SampleFile(Samples), "analyst");
        store.Account(2023);

        var folder = Scenario();
        File.AppendAllText(Path.Combine(folder, "results.csv"), "S4,2023-01,II,monitoring_centre,\n");
        store.ImportFolder(folder, "test");
        var run = store.Account(2023);
        Assert.Equal((1, 1), (run.Posted, run.Reversed));
        var current = store.Settle(2023).Lines.Single(l => l.Section == S4 && l.Month == Jan);
        Assert.Equal((ResultSource.MonitoringCentre, WaterClass.II), (current.Source!.Value, current.Result!.Value));
        Assert.Contains(store.Disagreements(), x => x.Section == S4 && x.Month == Jan && x.ComputedClass == WaterClass.IV);
    }

    [Fact]
    public void Reimporting_the_same_samples_adds_nothing_to_the_ledger_R_LEDGER_3()
    {
        using var store = StoreWithScenario();
        store.ImportSamples(SampleFile(Samples), "analyst");
        store.Account(2023);
        var lines = store.LedgerLineCount();

        var again = store.ImportSamples(SampleFile(Samples), "analyst");
        Assert.Equal((0, 9, 0), (again.Stored, again.AlreadyStored, again.Changed));
        Assert.Equal(9, store.SampleCount());
        var run = store.Account(2023);
        Assert.Equal(0, run.Posted + run.Reversed);
        Assert.Equal(lines, store.LedgerLineCount());
    }

    [Fact]
    public void More_samples_of_a_month_recompute_it_from_all_its_stored_samples()
    {
        using var store = StoreWithScenario();
        store.ImportSamples(SampleFile(Samples), "analyst");
        // Two more COD samples: mean of 24, 26, 10, 12 is 18 → Ⅲ; TP stays Ⅳ and alone decides.
        var more = store.ImportSamples(SampleFile(Header + "S4,2023-01-25,COD,10,,,,,,\nS4,2023-01-28,COD,12,,,,,,\n"), "analyst");
        Assert.Equal((2, 1, 1), (more.Stored, more.Recomputed, more.Changed));
        var jan = store.ComputedFor(S4, Jan)!;
        Assert.Equal((WaterClass.IV, 7), (jan.Class!.Value, jan.SampleCount));
        Assert.Equal(["TP"], jan.Deciding);
        Assert.Equal(more.BatchId, jan.BatchId);
    }

    [Fact]
    public void A_sample_of_an_unknown_section_leaves_the_store_unchanged()
    {
        using var store = StoreWithScenario();
        store.ImportSamples(SampleFile(Samples), "analyst");
        var batches = store.ImportBatches().Count;
        var computed = store.ComputedResults();

        var ex = Assert.Throws<InputException>(() =>
            store.ImportSamples(SampleFile(Header + "S4,2023-03-01,COD,40,,,,,,\nS99,2023-03-01,COD,10,,,,,,\n"), "analyst"));
        var error = Assert.Single(ex.Errors);
        Assert.Equal(("samples.csv", 3, "section"), (error.File, error.Row, error.Column));
        Assert.Contains("S99", error.Message);

        Assert.Equal(9, store.SampleCount());
        Assert.Equal(batches, store.ImportBatches().Count);
        Assert.Equal(computed, store.ComputedResults(), ComputedEquality.Instance);
        Assert.Null(store.ComputedFor(S4, new YearMonth(2023, 3)));
    }

    [Fact]
    public void A_lake_profile_is_kept_for_later_imports_of_the_section()
    {
        using var store = StoreWithScenario();
        var lake = new Dictionary<string, SectionProfile> { ["S4"] = new(WaterBody.Lake) };
        // Q-IND-1: TP 0.04 is Ⅱ in a river (≤ 0.1) but Ⅲ in a lake (TP_LAKE ≤ 0.05).
        store.ImportSamples(SampleFile(Header + "S4,2023-04-01,TP,0.04,,,,,,\n"), "analyst", lake);
        var first = store.ComputedFor(S4, new YearMonth(2023, 4))!;
        Assert.Equal((WaterBody.Lake, WaterClass.III), (first.Profile.WaterBody, first.Class!.Value));
        Assert.Equal(["TP_LAKE"], first.Deciding);

        store.ImportSamples(SampleFile(Header + "S4,2023-05-01,TP,0.04,,,,,,\n"), "analyst");
        var later = store.ComputedFor(S4, new YearMonth(2023, 5))!;
        Assert.Equal(WaterBody.Lake, later.Profile.WaterBody);
        Assert.Equal(first.Class, later.Class);
    }

    [Fact]
    public void A_hundred_thousand_samples_go_through_the_bulk_path_in_one_batch()
    {
        using var store = StoreWithScenario();
        var catalog = IndicatorCatalog.Gb3838;
        string[] keys = ["COD", "NH3N", "TP", "DO", "pH", "BOD5", "CODMn", "Cu", "Zn", "F"];
        var random = new Random(3838);
        var samples = new List<Sample>(100_000);
        var problems = new List<SampleProblem>();
        for (var i = 0; samples.Count < 100_000; i++)
        {
            var section = $"S{i % 7}";
            var key = keys[i / 7 % keys.Length];
            var at = new DateTime(2023, 1 + i / 70 % 12, 1 + i / 840 % 28, i % 24, 0, 0);
            var value = key == "pH" ? 7m : Math.Round((decimal)random.NextDouble() * 2m, 4);
            samples.Add(Sample.Create(new SampleInput(section, at, catalog[key], value, null, false, null, null,
                new SampleProvenance("generator", SampleSource.Automatic, "generated.csv", i + 2)), problems)!);
        }
        Assert.Empty(problems);

        var report = store.ImportSamples(new SampleFile(samples, []), "generated.csv", "test");
        Assert.Equal((100_000, 7 * 12), (report.Stored, report.Recomputed));
        Assert.Equal(100_000, store.SampleCount());
        Assert.Equal(7 * 12, store.ComputedResults().Count);
        Assert.All(store.ComputedResults(), c => Assert.NotNull(c.Class));
        var again = store.ImportSamples(new SampleFile(samples, []), "generated.csv", "test");
        Assert.Equal((0, 0), (again.Stored, again.Changed));
    }

    /// <summary>Rows the fast path reads (plain numbers, units, L flags) and rows only the exact rules read (ND, 0.01L, a unit in the name, quotes).</summary>
    private const string Mixed = Header +
        "S4,2023-01-05 08:00,COD,24,mg/L,,,,市监测中心,monitoring_centre\n" +
        "S4,2023-01-05 08:00,NH3N,150,μg/L,,,,,\n" +
        "S4,2023-01-05,TP,ND,,,0.01,,,joint\n" +
        "S4,2023-01-06,TP,0.01L,,,,,,\n" +
        "S4,2023-01-07T09:30,\"COD\",\"30\",,,,,\"某, 监测站\",district\n" +
        "S4,2023-01-07 09:30:15,DO,7.5,,,,93.5,,\n" +
        "S4,2023-01-08,pH,7.12,,,,,,\n" +
        "S4,2023-01-08,pH,6.5,,,,,,自动站\n" +
        "S4,2023/1/9,Cu,0.5,,L,0.002,,,\n" +
        "S2,2023-01-10,氨氮(mg/L),0.5,,,,,,\n" +
        "S2,2023-01-10,COD,12.000,,,,,,\n";

    [Fact]
    public void A_streamed_file_stores_the_same_rows_and_classes_as_the_same_file_read_whole()
    {
        using var streamed = StoreWithScenario();
        using var whole = StoreWithScenario();
        var file = SampleFile(Mixed);
        var a = streamed.ImportSamples(file, "analyst");
        var b = whole.ImportSamples(SampleReader.Read(file, new SampleProvenance(null, SampleSource.Unspecified)), file.FullName, "analyst");
        Assert.Equal((11, 11), (a.Read, a.Stored));
        Assert.Equal((a.Read, a.Stored, a.AlreadyStored, a.Recomputed, a.Changed), (b.Read, b.Stored, b.AlreadyStored, b.Recomputed, b.Changed));
        foreach (var (section, month) in new[] { (S4, Jan), (S2, Jan) })
        {
            var x = streamed.StoredSamples(section, month).Select(r => r with { Id = 0 }).ToList();
            var y = whole.StoredSamples(section, month).Select(r => r with { Id = 0 }).ToList();
            Assert.NotEmpty(x);
            Assert.Equal(y, x);
        }
        Assert.Equal(whole.ComputedResults(), streamed.ComputedResults(), ComputedEquality.Instance);
        var tp = Assert.Single(streamed.StoredSamples(S4, Jan), r => r.Indicator == "TP" && r.SampledAt.Day == 5);
        Assert.Equal((true, 0.01m, (decimal?)null), (tp.BelowDetectionLimit, tp.DetectionLimit!.Value, tp.Value));
        var nh3n = Assert.Single(streamed.StoredSamples(S4, Jan), r => r.Indicator == "NH3N");
        Assert.Equal((0.15m, "μg/L"), (nh3n.Value!.Value, nh3n.UnitAsWritten));
    }

    [Fact]
    public void A_bad_row_at_the_end_of_a_streamed_file_writes_nothing_and_the_next_import_is_whole()
    {
        using var store = StoreWithScenario();
        var batches = store.ImportBatches().Count;
        var ex = Assert.Throws<InputException>(() => store.ImportSamples(SampleFile(Mixed + "S4,2023-01-31,COD,abc,,,,,,\n"), "analyst"));
        var error = Assert.Single(ex.Errors);
        Assert.Equal(("samples.csv", 13, "value"), (error.File, error.Row, error.Column));
        Assert.Equal(0, store.SampleCount());
        Assert.Empty(store.ComputedResults());
        Assert.Equal(batches, store.ImportBatches().Count);

        var report = store.ImportSamples(SampleFile(Mixed), "analyst");
        Assert.Equal(11, report.Stored);
        Assert.Equal(9, store.StoredSamples(S4, Jan).Count);
        Assert.Equal(WaterClass.IV, store.ComputedFor(S4, Jan)!.Class);
    }

    private sealed class ComputedEquality : IEqualityComparer<ComputedResult>
    {
        public static readonly ComputedEquality Instance = new();
        public bool Equals(ComputedResult? x, ComputedResult? y) =>
            x is not null && y is not null && (x.Section, x.Month, x.Class, x.SampleCount, x.BatchId, x.DecidingText) == (y.Section, y.Month, y.Class, y.SampleCount, y.BatchId, y.DecidingText);
        public int GetHashCode(ComputedResult obj) => HashCode.Combine(obj.Section, obj.Month);
    }
}

/// <summary>A clock that always says the same instant, so provenance times can be asserted.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

public sealed class SqliteSampleStore : SampleStoreContract
{
    protected override LiuyuStore NewStore(TimeProvider clock) => LiuyuStore.Open(Path.Combine(ScenarioGenerator.TempFolder(), "store.db"), clock);

    private static List<string> SampleIndexes(LiuyuStore store)
    {
        var connection = store.Db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'samples' AND sql IS NOT NULL ORDER BY name";
        using var r = cmd.ExecuteReader();
        var list = new List<string>();
        while (r.Read()) list.Add(r.GetString(0));
        return list;
    }

    /// <summary>Into an empty samples table the indexes are made after the rows (a bulk load); they are there after it, and after a refused one.</summary>
    [Fact]
    public void The_samples_indexes_are_there_after_a_first_import_and_after_a_refused_one()
    {
        using var store = NewStore(TimeProvider.System);
        store.ImportFolder(Path.Combine(SharedFolder.Shared, "examples", "account", "1"), "test");
        var indexes = SampleIndexes(store);
        Assert.Equal(2, indexes.Count);
        var path = Path.Combine(ScenarioGenerator.TempFolder(), "samples.csv");
        File.WriteAllText(path, "section,sampled_at,indicator,value\nS4,2023-01-05,COD,24\nS4,2023-01-06,COD,x\n");
        Assert.Throws<InputException>(() => store.ImportSamples(new FileInfo(path), "analyst"));
        Assert.Equal(indexes, SampleIndexes(store));
        File.WriteAllText(path, "section,sampled_at,indicator,value\nS4,2023-01-05,COD,24\nS4,2023-01-06,COD,26\n");
        Assert.Equal(2, store.ImportSamples(new FileInfo(path), "analyst").Stored);
        Assert.Equal(indexes, SampleIndexes(store));
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresSampleStore(PostgresCluster cluster) : SampleStoreContract
{
    protected override LiuyuStore NewStore(TimeProvider clock) => LiuyuStore.Open(cluster.NewDatabase(), clock);
}
