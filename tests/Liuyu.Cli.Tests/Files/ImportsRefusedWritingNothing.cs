using System.Text;
using Liuyu.Storage;
using Liuyu.TestSupport;

namespace Liuyu.Cli.Tests.Files;

/// <summary>
/// Issue 11, items 5 and 9: `liuyu import` inputs that used to exit 0 and record an import batch now exit 1 naming the
/// file, row and column, and the store holds no batch afterwards. The bounds of <c>ReadLimits.Cli</c> have flags that
/// raise them.
/// </summary>
public class ImportsRefusedWritingNothing
{
    private static string Example(Action<string> breakIt)
    {
        var dir = ScenarioGenerator.TempFolder();
        foreach (var f in Directory.GetFiles(Path.Combine(SharedFolder.Shared, "examples", "account", "1"), "*.csv"))
            File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        breakIt(dir);
        return dir;
    }

    /// <summary>Imports into a new, migrated store; returns stderr after checking exit 1, the location named and no batch written.</summary>
    private static string Refused(string data, string where, params string[] flags)
    {
        var store = Path.Combine(ScenarioGenerator.TempFolder(), "s.db");
        using (var s = LiuyuStore.Open(store)) s.Migrate();

        var (exit, _, err) = CliRunner.Run(["import", "--store", store, "--data", data, .. flags]);

        Assert.True(exit == 1, $"exit {exit}: {err[..Math.Min(err.Length, 2000)]}");
        Assert.Contains(where, err);
        using (var s = LiuyuStore.Open(store)) Assert.Empty(s.ImportBatches());
        CliOptions.ReleaseConnections();
        return err;
    }

    [Fact]
    public void R_RIVER_1_a_section_whose_parties_run_back_up_the_chain_is_refused()
    {
        var dir = Example(d => File.AppendAllText(Path.Combine(d, "sections.csv"), "S9,断面9,R0,D11,D12,none,120,true,\n"));

        var err = Refused(dir, "sections.csv, row 9, column 'downstream'");

        Assert.Contains("section S9 runs back up river R0", err);
    }

    [Fact]
    public void An_empty_results_file_is_refused()
    {
        var dir = Example(d => File.WriteAllBytes(Path.Combine(d, "results.csv"), []));

        Assert.Contains("the file is empty", Refused(dir, "results.csv, row 1, column 'section'"));
    }

    [Fact]
    public void A_sections_file_with_only_its_header_is_refused()
    {
        var dir = Example(d => File.WriteAllText(Path.Combine(d, "sections.csv"), "id,name,river,upstream,downstream,kind,km,approved,reference_section\n"));

        Assert.Contains("header but no rows", Refused(dir, "sections.csv, row 2, column 'id'"));
    }

    [Fact]
    public void A_party_id_starting_with_a_formula_character_is_refused()
    {
        var dir = Example(d => File.AppendAllText(Path.Combine(d, "parties.csv"), "=evil,区县E,district\n"));

        Assert.Contains("'=evil' cannot be an id", Refused(dir, "parties.csv, row 16, column 'id'"));
    }

    /// <remarks>The row is also refused by the CSV reader's own column bound (perf-samples' branch); this checks the import as a whole.</remarks>
    [Fact]
    public void A_row_with_a_million_extra_fields_is_refused()
    {
        var dir = Example(d =>
        {
            var path = Path.Combine(d, "results.csv");
            var lines = File.ReadAllLines(path);
            var sb = new StringBuilder(lines[1], lines[1].Length + 2_000_001);
            for (var i = 0; i < 1_000_000; i++) sb.Append(",x");
            lines[1] = sb.ToString();
            File.WriteAllLines(path, lines);
        });

        var err = Refused(dir, "results.csv, row 2");

        Assert.True(err.Length < 1024 * 1024, $"{err.Length} characters of errors");
    }

    [Fact]
    public void A_header_with_a_million_unknown_columns_is_refused_without_a_warning_per_column()
    {
        var dir = Example(d =>
        {
            var path = Path.Combine(d, "results.csv");
            var lines = File.ReadAllLines(path);
            var sb = new StringBuilder(lines[0]);
            for (var i = 0; i < 1_000_000; i++) sb.Append(",c").Append(i);
            lines[0] = sb.ToString();
            File.WriteAllLines(path, lines);
        });

        var err = Refused(dir, "results.csv, row 1");

        Assert.True(err.Length < 1024 * 1024, $"{err.Length} characters of errors and warnings");
    }

    [Fact]
    public void A_workbook_with_values_in_column_XFD_is_refused_at_the_first_and_the_flag_raises_the_bound()
    {
        var book = Path.Combine(ScenarioGenerator.TempFolder(), "bomb.xlsx");
        File.WriteAllBytes(book, SpreadsheetBombs.ValuesInColumnXfd(200));

        var err = Refused(book, "bomb.xlsx[results], row 2, column 'XFD'");
        Assert.Contains("a sheet is read up to 256 columns", err);

        // Raised past XFD, the cells are read (and the rows, with no section, are refused for what they lack).
        var raised = Refused(book, "bomb.xlsx[results], row 2", "--max-columns", "16384");
        Assert.DoesNotContain("read up to", raised);
    }

    [Fact]
    public void Errors_past_max_errors_are_counted_not_listed()
    {
        var dir = Example(d =>
        {
            var path = Path.Combine(d, "results.csv");
            File.AppendAllLines(path, Enumerable.Range(0, 500).Select(i => $"NOPE{i},2023-01,II,joint,"));
        });

        var err = Refused(dir, "results.csv", "--max-errors", "10");

        Assert.Equal(10, err.Split('\n').Count(l => l.Contains("unknown section 'NOPE")));
        Assert.Contains("showing the first 10 of 500 errors", err);
    }

    [Fact]
    public void Samples_import_reads_within_max_rows()
    {
        var book = Path.Combine(ScenarioGenerator.TempFolder(), "samples.xlsx");
        using (var f = File.Create(book))
            SpreadsheetBombs.Write(f, "samples", w =>
            {
                SpreadsheetBombs.Header(w, "section,sampled_at,indicator,value");
                for (var r = 2; r <= 60; r++) SpreadsheetBombs.Row(w, r, ("A", "S0"), ("B", "2023-01-05 10:00"), ("C", "cod"), ("D", "12"));
            });
        var store = Path.Combine(ScenarioGenerator.TempFolder(), "s.db");
        using (var s = LiuyuStore.Open(store)) s.Migrate();

        var (exit, _, err) = CliRunner.Run("samples", "import", "--store", store, "--samples", book, "--max-rows", "50");

        Assert.Equal(1, exit);
        Assert.Contains("samples.xlsx[samples], row 51", err);
        Assert.Contains("more than 50 rows", err);
        CliOptions.ReleaseConnections();
    }
}
