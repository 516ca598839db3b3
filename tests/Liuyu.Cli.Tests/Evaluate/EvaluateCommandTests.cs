using System.Text.Json;
using Liuyu.Cli;
using MiniExcelLibs;

namespace Liuyu.Cli.Tests.Evaluate;

/// <summary>Runs <c>liuyu evaluate</c> in-process.</summary>
internal static class Cli
{
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = LiuyuCli.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>../shared beside the folder holding Liuyu.slnx; the test fails (does not skip) when it is missing.</summary>
    public static string SharedFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "Liuyu.slnx"))) continue;
            var shared = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
            Assert.True(Directory.Exists(shared), $"the shared folder {shared} is missing");
            return shared;
        }
        Assert.Fail($"no Liuyu.slnx above {AppContext.BaseDirectory}");
        return "";
    }

    /// <summary>A workbook with a 'samples' sheet of these rows (column name to cell), in a folder of its own.</summary>
    public static string SamplesWorkbook(params Dictionary<string, object>[] rows)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("liuyu-evaluate-").FullName, "samples.xlsx");
        MiniExcel.SaveAs(path, new Dictionary<string, object> { ["samples"] = rows });
        return path;
    }

    public static string TempFile(string name, string content)
    {
        var dir = Directory.CreateTempSubdirectory("liuyu-evaluate-");
        var path = Path.Combine(dir.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }
}

/// <summary>Structural JSON equality: same keys, same array order, numbers equal as decimals (12.0 = 12).</summary>
internal static class JsonAssert
{
    public static void Equal(JsonElement expected, JsonElement actual, string path = "$")
    {
        if (expected.ValueKind == JsonValueKind.Number && actual.ValueKind == JsonValueKind.Number)
        {
            Assert.True(expected.GetDecimal() == actual.GetDecimal(), $"{path}: expected {expected.GetRawText()}, got {actual.GetRawText()}");
            return;
        }
        Assert.True(expected.ValueKind == actual.ValueKind, $"{path}: expected {expected.ValueKind} {expected.GetRawText()}, got {actual.ValueKind} {actual.GetRawText()}");
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var e = expected.EnumerateObject().Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();
                var a = actual.EnumerateObject().Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();
                Assert.True(e.SequenceEqual(a), $"{path}: keys [{string.Join(",", e)}] vs [{string.Join(",", a)}]");
                foreach (var name in e) Equal(expected.GetProperty(name), actual.GetProperty(name), $"{path}.{name}");
                break;
            case JsonValueKind.Array:
                Assert.True(expected.GetArrayLength() == actual.GetArrayLength(), $"{path}: {expected.GetArrayLength()} items expected, got {actual.GetArrayLength()}");
                for (var i = 0; i < expected.GetArrayLength(); i++) Equal(expected[i], actual[i], $"{path}[{i}]");
                break;
            case JsonValueKind.String:
                Assert.True(expected.GetString() == actual.GetString(), $"{path}: expected '{expected.GetString()}', got '{actual.GetString()}'");
                break;
        }
    }
}

/// <summary>The two sample sets of ../shared/examples/evaluate reproduce their expected.json exactly (gb3838.md).</summary>
public class EvaluateExampleSets
{
    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    public void Example_set_is_reproduced(string set)
    {
        var dir = Path.Combine(Cli.SharedFolder(), "examples", "evaluate", set);
        var (exit, stdout, stderr) = Cli.Run("evaluate", "--samples", Path.Combine(dir, "samples.csv"), "--sections", Path.Combine(dir, "sections.csv"), "--json");
        Assert.True(exit == 0, stderr);
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "expected.json")));
        using var actual = JsonDocument.Parse(stdout);
        JsonAssert.Equal(expected.RootElement, actual.RootElement);
    }
}

/// <summary>Exit codes and messages of <c>liuyu evaluate</c>: 0 ok, 1 bad input naming file, row and column, 2 usage.</summary>
public class EvaluateCommandBehaviour
{
    private const string Header = "section,sampled_at,indicator,value,unit,flag,detection_limit,saturation\n";
    private const string GoodRow = "S1,2024-01-05,COD,12,,,,\n";

    private static (int Exit, string Out, string Err) Evaluate(string rows, params string[] more) =>
        Cli.Run(["evaluate", "--samples", Cli.TempFile("samples.csv", Header + rows), .. more]);

    [Theory]
    [InlineData("S1,2024-01-06,COD,-2,,,,", "value", "negative")]
    [InlineData("S1,2024-01-06,NH3N,,,L,,", "detection_limit", "detection limit")]
    [InlineData("S1,2024-01-06,XYZ,1,,,,", "indicator", "unknown indicator 'XYZ'")]
    [InlineData("S1,2024-01-06,COD,1,kg/L,,,", "unit", "kg/L")]
    [InlineData("S1,2024-13-06,COD,1,,,,", "sampled_at", "2024-13-06")]
    [InlineData("S1,2024-01-06,pH,15,,,,", "value", "pH")]
    public void A_bad_row_exits_1_naming_file_row_and_column(string badRow, string column, string messagePart)
    {
        var (exit, stdout, stderr) = Evaluate(GoodRow + badRow + "\n", "--json");
        Assert.Equal(LiuyuCli.BadInput, exit);
        Assert.Contains($"error: samples.csv, row 3, column '{column}': ", stderr);
        Assert.Contains(messagePart, stderr);
        Assert.Equal("", stdout);
    }

    [Fact]
    public void Every_bad_row_is_listed_before_exiting()
    {
        var (exit, _, stderr) = Evaluate("S1,2024-01-06,COD,-2,,,,\n" + GoodRow + "S1,x,COD,1,,,,\n", "--json");
        Assert.Equal(LiuyuCli.BadInput, exit);
        Assert.Contains("row 2, column 'value'", stderr);
        Assert.Contains("row 4, column 'sampled_at'", stderr);
    }

    [Fact]
    public void A_missing_samples_file_exits_1()
    {
        var (exit, _, stderr) = Cli.Run("evaluate", "--samples", "/nonexistent/samples.csv");
        Assert.Equal(LiuyuCli.BadInput, exit);
        Assert.Contains("samples.csv", stderr);
    }

    [Fact]
    public void Without_samples_option_the_usage_error_exits_2() =>
        Assert.Equal(LiuyuCli.Usage, Cli.Run("evaluate", "--json").Exit);

    [Fact]
    public void A_bad_sections_row_exits_1()
    {
        var sections = Cli.TempFile("sections.csv", "id,water_body,tn\nS1,sea,\n");
        var (exit, _, stderr) = Evaluate(GoodRow, "--sections", sections);
        Assert.Equal(LiuyuCli.BadInput, exit);
        Assert.Contains("error: sections.csv, row 2, column 'water_body'", stderr);
    }

    [Fact]
    public void R_DATA_4_a_month_without_class_indicators_is_left_out_of_the_json_and_shown_in_the_table()
    {
        var rows = GoodRow + "S1,2024-02-05,WT,12,,,,\n";
        var (exit, stdout, _) = Evaluate(rows, "--json");
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(stdout);
        var results = doc.RootElement.GetProperty("results");
        Assert.Equal(1, results.GetArrayLength());
        Assert.Equal("2024-01", results[0].GetProperty("month").GetString());

        var table = Evaluate(rows);
        Assert.Equal(0, table.Exit);
        Assert.Contains("2024-02", table.Out);
        Assert.Contains("R-DATA-4", table.Out);
    }

    [Fact]
    public void Without_json_a_human_table_shows_class_grade_and_indicators()
    {
        var (exit, stdout, _) = Evaluate("S1,2024-01-05,TP,0.34,,,,\nS1,2024-01-05,BOD5,8,,,,\n");
        Assert.Equal(0, exit);
        Assert.Contains("中度污染", stdout);
        Assert.Contains("BOD5", stdout);
        Assert.Contains("0.340", stdout);
        Assert.Contains("deciding", stdout);
    }

    [Fact]
    public void The_json_matches_the_contract_of_gb3838_md()
    {
        var (exit, stdout, _) = Evaluate("S1,2023-01-05,NH3N,1.2,,,,\nS1,2023-01-15,NH3N,1.3,,,,\nS1,2023-01-25,NH3N,1.19,,,,\n", "--json");
        Assert.Equal(0, exit);
        using var expected = JsonDocument.Parse("""
            {"results": [
              {"section": "S1", "month": "2023-01", "class": "IV", "grade": "轻度污染",
               "deciding": ["NH3N"],
               "indicators": [{"indicator": "NH3N", "value": 1.23, "class": "IV", "samples": 3, "exceedance": 0.23}],
               "main_pollutants": [{"indicator": "NH3N", "class": "IV", "exceedance": 0.23}]}
            ]}
            """);
        using var actual = JsonDocument.Parse(stdout);
        JsonAssert.Equal(expected.RootElement, actual.RootElement);
    }

    [Fact]
    public void An_xlsx_workbook_is_evaluated_like_the_csv()
    {
        var path = Cli.SamplesWorkbook(
            new() { ["section"] = "S1", ["sampled_at"] = "2023-01-05", ["indicator"] = "总磷（以P计）", ["value"] = 0.34 },
            new() { ["section"] = "S1", ["sampled_at"] = "2023-01-06", ["indicator"] = "w01017", ["value"] = 8 });
        var (exit, stdout, stderr) = Cli.Run("evaluate", "--samples", path, "--json");
        Assert.True(exit == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal("V", doc.RootElement.GetProperty("results")[0].GetProperty("class").GetString());
    }
}
