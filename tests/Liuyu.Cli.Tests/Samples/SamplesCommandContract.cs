using System.Text.Json.Nodes;
using Liuyu.Storage.Tests;
using Liuyu.TestSupport;

namespace Liuyu.Cli.Tests.Samples;

/// <summary>
/// <c>liuyu samples import|disagreements</c> and <c>liuyu explain</c> with computed results, through the real command
/// line, on a SQLite store (<see cref="SamplesCommandOnSqlite"/>) and on a real PostgreSQL cluster (<see cref="SamplesCommandOnPostgres"/>).
/// </summary>
public abstract class SamplesCommandContract
{
    /// <summary>A new empty store location: a SQLite path or a PostgreSQL connection string.</summary>
    protected abstract string NewStore();

    private const string Header = "section,sampled_at,indicator,value,unit,flag,detection_limit,saturation,measured_by,source\n";

    // S4 (non-assessment, no imported result for 2023-01 here): Ⅳ by COD and TP. S2 (bulletin Ⅱ for 2023-01): computed Ⅰ.
    private const string Samples = Header +
        "S4,2023-01-05 08:00,COD,24,,,,,市监测中心,monitoring_centre\n" +
        "S4,2023-01-20 08:00,COD,26,,,,,市监测中心,monitoring_centre\n" +
        "S4,2023-01-05 08:00,TP,0.25,,,,,市监测中心,monitoring_centre\n" +
        "S4,2023-01-05 08:00,DO,7.5,,,,,市监测中心,monitoring_centre\n" +
        "S2,2023-01-10,COD,12,,,,,联合监测组,joint\n" +
        "S2,2023-01-10,NH3N,,,L,0.025,,联合监测组,joint\n";

    private static string Scenario()
    {
        var dir = ScenarioGenerator.TempFolder();
        foreach (var f in Directory.GetFiles(Path.Combine(SharedFolder.Shared, "examples", "account", "1"), "*.csv"))
            File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        var results = Path.Combine(dir, "results.csv");
        File.WriteAllLines(results, File.ReadAllLines(results).Where(l => !l.StartsWith("S4,2023-01,")));
        return dir;
    }

    private static string SampleFile(string text)
    {
        var path = Path.Combine(ScenarioGenerator.TempFolder(), "samples.csv");
        File.WriteAllText(path, text);
        return path;
    }

    private string ImportedStore()
    {
        var store = NewStore();
        var (exit, _, err) = CliRunner.Run("import", "--store", store, "--data", Scenario());
        Assert.True(exit == 0, err);
        return store;
    }

    private static JsonArray Ledger(string store) => JsonNode.Parse(CliRunner.Run("ledger", "--store", store, "--json").Out)!.AsArray();

    private static JsonNode LineOf(JsonArray ledger, string section, string month) =>
        ledger.Single(l => (string?)l!["section"] == section && (string?)l["month"] == month && (string?)l["kind"] == "posting")!;

    [Fact]
    public void Samples_import_prints_what_was_stored_and_the_ledger_line_has_source_computed_and_its_deciding_indicators_R_DATA_3()
    {
        var store = ImportedStore();
        var (exit, stdout, err) = CliRunner.Run("samples", "import", "--store", store, "--samples", SampleFile(Samples), "--who", "analyst");
        Assert.True(exit == 0, err);
        Assert.Contains("samples: 6 read, 6 stored, 0 already stored", stdout);
        Assert.Contains("section-months recomputed: 2 (2 new or changed)", stdout);
        Assert.Contains("1 section-month(s) where the computed class differs", stdout);

        Assert.Equal(0, CliRunner.Run("account", "--store", store, "--year", "2023").Exit);
        var line = LineOf(Ledger(store), "S4", "2023-01");
        Assert.Equal("Computed", (string?)line["source"]);
        Assert.Equal("IV", (string?)line["result"]);
        Assert.Contains("deciding COD,TP", (string?)line["note"]);

        var explained = JsonNode.Parse(CliRunner.Run("explain", "--store", store, "--section", "S4", "--month", "2023-01", "--json").Out)!;
        Assert.Equal(("IV", "Computed"), ((string?)explained["result"], (string?)explained["source"]));
        var fact = explained["facts"]!.AsArray().Single(f => (string?)f!["label"] == "计算结果 computed")!;
        Assert.EndsWith("accounted: no result was imported", (string?)fact["value"]);
    }

    [Fact]
    public void The_bulletin_class_is_accounted_and_the_disagreement_is_listed_and_explained_R_DATA_1()
    {
        var store = ImportedStore();
        Assert.Equal(0, CliRunner.Run("samples", "import", "--store", store, "--samples", SampleFile(Samples)).Exit);
        Assert.Equal(0, CliRunner.Run("account", "--store", store, "--year", "2023").Exit);
        var line = LineOf(Ledger(store), "S2", "2023-01");
        Assert.Equal(("Municipal", "II"), ((string?)line["source"], (string?)line["result"]));

        var (exit, json, _) = CliRunner.Run("samples", "disagreements", "--store", store, "--json");
        Assert.Equal(0, exit);
        JsonAssert.Equal(JsonNode.Parse("""
            {"disagreements": [
              {"section": "S2", "month": "2023-01",
               "imported": {"class": "II", "source": "municipal", "revision": 0, "note": null},
               "computed": {"class": "I", "deciding": ["COD", "NH3N"], "samples": 2}}
            ]}
            """), JsonNode.Parse(json));

        var (_, table, _) = CliRunner.Run("samples", "disagreements", "--store", store);
        Assert.Contains("S2", table);
        Assert.Contains("1 disagreement(s)", table);

        // The human table wraps long cells; the same facts are in the JSON.
        var (_, explained, _) = CliRunner.Run("explain", "--store", store, "--section", "S2", "--month", "2023-01");
        Assert.Contains("计算结果 computed", explained);
        var explainedJson = JsonNode.Parse(CliRunner.Run("explain", "--store", store, "--section", "S2", "--month", "2023-01", "--json").Out)!;
        Assert.Equal(("II", "I"), ((string?)explainedJson["result"], (string?)explainedJson["computed"]!["class"]));
        var fact = explainedJson["facts"]!.AsArray().Single(f => (string?)f!["label"] == "计算结果 computed")!;
        Assert.Equal("Ⅰ from 2 samples, deciding COD, NH3N (2 indicators took part); DISAGREES with the imported Ⅱ (Municipal), which is accounted",
            (string?)fact["value"]);
    }

    [Theory]
    [InlineData("S4,2023-01-25,COD,-3,,,,,,\n", 8, "value", "cannot be negative")]
    [InlineData("S99,2023-01-25,COD,3,,,,,,\n", 8, "section", "unknown section 'S99'")]
    [InlineData("S4,2023-01-25,NH3N,,,L,,,,\n", 8, "detection_limit", "needs a detection limit")]
    public void A_bad_sample_row_exits_1_naming_file_row_and_column_and_leaves_the_store_unchanged(string bad, int row, string column, string words)
    {
        var store = ImportedStore();
        Assert.Equal(0, CliRunner.Run("samples", "import", "--store", store, "--samples", SampleFile(Samples)).Exit);
        Assert.Equal(0, CliRunner.Run("account", "--store", store, "--year", "2023").Exit);
        var ledger = CliRunner.Run("ledger", "--store", store, "--json").Out;
        var disagreements = CliRunner.Run("samples", "disagreements", "--store", store, "--json").Out;
        var explained = CliRunner.Run("explain", "--store", store, "--section", "S4", "--month", "2023-01", "--json").Out;

        var (exit, stdout, err) = CliRunner.Run("samples", "import", "--store", store, "--samples", SampleFile(Samples + bad));
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Contains($"samples.csv, row {row}, column '{column}'", err);
        Assert.Contains(words, err);

        Assert.Equal(0, CliRunner.Run("account", "--store", store, "--year", "2023").Exit);
        Assert.Equal(ledger, CliRunner.Run("ledger", "--store", store, "--json").Out);
        Assert.Equal(disagreements, CliRunner.Run("samples", "disagreements", "--store", store, "--json").Out);
        Assert.Equal(explained, CliRunner.Run("explain", "--store", store, "--section", "S4", "--month", "2023-01", "--json").Out);
    }

    [Fact]
    public void Importing_the_same_samples_again_adds_nothing_to_the_ledger_R_LEDGER_3()
    {
        var store = ImportedStore();
        var file = SampleFile(Samples);
        Assert.Equal(0, CliRunner.Run("samples", "import", "--store", store, "--samples", file).Exit);
        Assert.Equal(0, CliRunner.Run("account", "--store", store, "--year", "2023").Exit);
        var ledger = CliRunner.Run("ledger", "--store", store, "--json").Out;

        var (exit, stdout, _) = CliRunner.Run("samples", "import", "--store", store, "--samples", file);
        Assert.Equal(0, exit);
        Assert.Contains("samples: 6 read, 0 stored, 6 already stored", stdout);
        Assert.Contains("(0 new or changed)", stdout);
        var (_, accounted, _) = CliRunner.Run("account", "--store", store, "--year", "2023", "--json");
        Assert.NotEmpty(accounted);
        Assert.Equal(ledger, CliRunner.Run("ledger", "--store", store, "--json").Out);
    }

    [Fact]
    public void Samples_import_without_a_samples_file_is_a_usage_error()
    {
        var (exit, _, err) = CliRunner.Run("samples", "import", "--store", NewStore());
        Assert.Equal(2, exit);
        Assert.Contains("--samples", err);
    }
}

public sealed class SamplesCommandOnSqlite : SamplesCommandContract
{
    protected override string NewStore() => Path.Combine(ScenarioGenerator.TempFolder(), "s.db");
}

[Collection(PostgresCollection.Name)]
public sealed class SamplesCommandOnPostgres(PostgresCluster cluster) : SamplesCommandContract
{
    protected override string NewStore() => cluster.NewDatabase();
}
