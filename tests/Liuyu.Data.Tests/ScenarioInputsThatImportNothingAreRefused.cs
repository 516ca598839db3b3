using Liuyu.Data.Csv;
using Liuyu.Data.Scenario;
using Liuyu.TestSupport;

namespace Liuyu.Data.Tests;

/// <summary>
/// Issue 11, items 6 and 9: scenario files that used to be accepted are refused with the file, row and column: an id a
/// spreadsheet would run as a formula, a section running back up its river's chain (R-RIVER-1), an empty results file
/// and a header-only sections file. The examples themselves (whose chains start and end at the treasury, R-HEAD-1,
/// R-TAIL-1) still read.
/// </summary>
public class ScenarioInputsThatImportNothingAreRefused
{
    private static string Example()
    {
        var dir = ScenarioGenerator.TempFolder();
        foreach (var f in Directory.GetFiles(Path.Combine(SharedFolder.Shared, "examples", "account", "1"), "*.csv"))
            File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        return dir;
    }

    private static IReadOnlyList<InputError> Errors(string dir) => Assert.Throws<InputException>(() => ScenarioReader.ReadFolder(dir)).Errors;

    [Fact]
    public void The_example_whose_chain_closes_at_the_treasury_reads()
    {
        Assert.Equal(7, ScenarioReader.ReadFolder(Example()).Sections.Count);
    }

    [Theory]
    [InlineData("parties.csv", "=evil,区县E,district\n")]
    [InlineData("parties.csv", "+D99,区县E,district\n")]
    [InlineData("parties.csv", "-1+1,区县E,district\n")]
    [InlineData("parties.csv", "@SUM(A1),区县E,district\n")]
    [InlineData("rivers.csv", "\"=HYPERLINK(\"\"http://x\"\")\",河流E,\n")]
    [InlineData("sections.csv", "=1+cmd|' /C calc'!A0,断面E,R0,D12,D07,none,80,true,\n")]
    public void An_id_starting_with_a_formula_character_is_refused_at_its_row_and_column(string file, string row)
    {
        var dir = Example();
        var path = Path.Combine(dir, file);
        var rowNumber = File.ReadAllLines(path).Length + 1;
        File.AppendAllText(path, row);

        var e = Assert.Single(Errors(dir), e => e.Code == ErrorCodes.IdFormulaStart);

        Assert.Equal((file, rowNumber, "id"), (Path.GetFileName(e.File), e.Row, e.Column));
        Assert.Contains(e.Args["value"][0], "=+-@");
    }

    [Fact]
    public void R_RIVER_1_a_section_whose_parties_run_back_up_the_chain_is_refused_at_its_row()
    {
        var dir = Example();
        // D12 → D07 → D11 exists on R0 (S1, S2); a section from D11 back to D12 closes a loop.
        File.AppendAllText(Path.Combine(dir, "sections.csv"), "S9,断面9,R0,D11,D12,none,120,true,\n");

        var e = Assert.Single(Errors(dir));

        Assert.Equal((ErrorCodes.SectionLoop, "sections.csv", 9, "downstream"), (e.Code, Path.GetFileName(e.File), e.Row, e.Column));
        Assert.Equal(("S9", "R0", "D11 → D12 → D07 → D11"), (e.Args["section"], e.Args["river"], e.Args["chain"]));
    }

    [Fact]
    public void An_empty_results_file_is_refused_but_an_empty_signatures_file_still_means_none()
    {
        var dir = Example();
        File.WriteAllBytes(Path.Combine(dir, "results.csv"), []);

        var e = Assert.Single(Errors(dir));

        Assert.Equal((ErrorCodes.FileEmpty, "results.csv", 1), (e.Code, Path.GetFileName(e.File), e.Row));
        File.Copy(Path.Combine(SharedFolder.Shared, "examples", "account", "1", "results.csv"), Path.Combine(dir, "results.csv"), overwrite: true);
        File.WriteAllBytes(Path.Combine(dir, "signatures.csv"), []);
        Assert.Empty(ScenarioReader.ReadFolder(dir).Signatures!);
    }

    [Fact]
    public void A_sections_file_with_a_header_and_no_rows_is_refused()
    {
        var dir = Example();
        File.WriteAllText(Path.Combine(dir, "sections.csv"), "id,name,river,upstream,downstream,kind,km,approved,reference_section\n");

        var e = Assert.Single(Errors(dir), e => e.Code == ErrorCodes.TableNoRows);

        Assert.Equal(("sections.csv", 2, "id"), (Path.GetFileName(e.File), e.Row, e.Column));
    }
}
