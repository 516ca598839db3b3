using System.Text.Json.Nodes;
using Liuyu.TestSupport;

namespace Liuyu.Cli.Tests;

/// <summary>`liuyu account --data DIR --year YYYY --json` prints exactly the contract of formats.md.</summary>
public class AccountCommandContract
{
    public static TheoryData<string> Examples() => new(SharedFolder.AccountExamples().Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(Examples))]
    public void Account_json_equals_the_expected_json(string name)
    {
        var dir = Path.Combine(SharedFolder.Shared, "examples", "account", name);
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "expected.json")));
        var (exit, stdout, err) = CliRunner.Run("account", "--data", dir, "--year", ((int)expected!["year"]!).ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
        Assert.True(exit == 0, err);
        JsonAssert.Equal(expected, JsonNode.Parse(stdout));
    }

    /// <summary>
    /// As a process, the JSON is written to standard output as UTF-8 bytes in pieces (issue 10), not through the
    /// console's text writer: the bytes are the same contract, Chinese names unescaped, one line break at the end.
    /// </summary>
    [Fact]
    public async Task The_process_writes_the_same_json_to_standard_output()
    {
        var dir = Path.Combine(SharedFolder.Shared, "examples", "account", "2");
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "liuyu.dll"), "account", "--data", dir, "--year", "2023", "--json" }) psi.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2)); // a hung process fails the test
        var stdout = await p.StandardOutput.ReadToEndAsync(timeout.Token);
        await p.WaitForExitAsync(timeout.Token);
        Assert.True(p.ExitCode == 0, await err);
        Assert.EndsWith("}\n", stdout);
        var inProcess = CliRunner.Run("account", "--data", dir, "--year", "2023", "--json").Out;
        Assert.Equal(inProcess.ReplaceLineEndings("\n"), stdout);
        JsonAssert.Equal(JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "expected.json"))), JsonNode.Parse(stdout));
    }

    /// <summary>
    /// A national year's statement has thousands of pairs and parties: the terminal tables show the first
    /// <see cref="Features.Settlement.StatementView.RowsShown"/> of each and say how many more there are and where the
    /// whole statement is (issue 10); the JSON keeps every pair.
    /// </summary>
    [Fact]
    public void Human_tables_of_a_large_statement_show_the_first_rows_and_say_how_many_more()
    {
        var shown = Features.Settlement.StatementView.RowsShown;
        var rivers = shown + 30;
        var dir = Directory.CreateTempSubdirectory("liuyu-large-statement-").FullName;
        try
        {
            // One river per pair of districts, one assessment section on each, class Ⅴ against a target of Ⅲ every month:
            // the upstream district pays the downstream one on every river, so there are `rivers` pairs.
            var inv = System.Globalization.CultureInfo.InvariantCulture;
            File.WriteAllLines(Path.Combine(dir, "parties.csv"), ["id,name,kind", .. Enumerable.Range(0, 2 * rivers).Select(i => string.Create(inv, $"D{i:D4},区县{i:D4},district"))]);
            File.WriteAllLines(Path.Combine(dir, "rivers.csv"), ["id,name,inflow_province", .. Enumerable.Range(0, rivers).Select(i => string.Create(inv, $"R{i:D4},河流{i:D4},"))]);
            File.WriteAllLines(Path.Combine(dir, "sections.csv"), ["id,name,river,upstream,downstream,kind,km,approved,reference_section",
                .. Enumerable.Range(0, rivers).Select(i => string.Create(inv, $"S{i:D4},断面{i:D4},R{i:D4},D{2 * i:D4},D{2 * i + 1:D4},municipal,10,true,"))]);
            File.WriteAllLines(Path.Combine(dir, "targets.csv"), ["section,year,class", .. Enumerable.Range(0, rivers).Select(i => string.Create(inv, $"S{i:D4},2023,III"))]);
            File.WriteAllLines(Path.Combine(dir, "agreements.csv"), ["river,effective_from,effective_to,tier1,tier2",
                .. Enumerable.Range(0, rivers).Select(i => string.Create(inv, $"R{i:D4},2023-01-01,2025-12-31,1000000,2000000"))]);
            File.WriteAllLines(Path.Combine(dir, "results.csv"), ["section,month,class,source,note",
                .. Enumerable.Range(0, rivers).SelectMany(i => Enumerable.Range(1, 12).Select(m => string.Create(inv, $"S{i:D4},2023-{m:D2},V,joint,")))]);

            var json = CliRunner.Run("account", "--data", dir, "--year", "2023", "--json");
            Assert.True(json.Exit == 0, json.Err);
            var statement = JsonNode.Parse(json.Out)!;
            Assert.Equal(rivers * 12, statement["lines"]!.AsArray().Count(l => (string?)l!["payer"] is not null));

            var (exit, stdout, err) = CliRunner.Run("account", "--data", dir, "--year", "2023");
            Assert.True(exit == 0, err);
            // Pairs: river names 河流0000 … shown up to the bound, the rest counted.
            Assert.Contains(string.Create(inv, $"河流{shown - 1:D4}"), stdout);
            Assert.DoesNotContain(string.Create(inv, $"河流{shown:D4}"), stdout);
            Assert.Contains(string.Create(inv, $"… {rivers - shown} more rows ({rivers} in all)"), stdout);
            // Parties: 2 per river, the first `shown` listed.
            Assert.Contains(string.Create(inv, $"… {2 * rivers - shown} more rows ({2 * rivers} in all)"), stdout);
            Assert.Contains("liuyu export settlement", stdout);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Human_output_shows_the_parties_Chinese_names()
    {
        var dir = Path.Combine(SharedFolder.Shared, "examples", "account", "2");
        var (exit, stdout, _) = CliRunner.Run("account", "--data", dir, "--year", "2023");
        Assert.Equal(0, exit);
        Assert.Contains("市级财政", stdout);
        Assert.Contains("流域补偿基金", stdout);
        Assert.Contains("6,000,000.00", stdout);
    }

    [Fact]
    public void Store_workflow_import_account_settle_explain_close()
    {
        var dir = Path.Combine(SharedFolder.Shared, "examples", "account", "3");
        var store = Path.Combine(ScenarioGenerator.TempFolder(), "s.db");
        Assert.Equal(0, CliRunner.Run("store", "init", "--store", store).Exit);
        Assert.Equal(0, CliRunner.Run("import", "--store", store, "--data", dir).Exit);
        var (exit, json, _) = CliRunner.Run("account", "--store", store, "--year", "2023", "--json");
        Assert.Equal(0, exit);
        Assert.Equal(384, (int)JsonNode.Parse(json)!["posted"]!);
        // Written field by field (the native front serialises nothing by reflection): the text JsonSerializer gave.
        var report = JsonNode.Parse(json)!;
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(new
        {
            scope = (string)report["scope"]!, outcomes = (int)report["outcomes"]!, unchanged = (int)report["unchanged"]!, posted = 384,
            reversed = (int)report["reversed"]!, adjustments = (int)report["adjustments"]!,
        }), json.TrimEnd('\n', '\r'));
        var settle = CliRunner.Run("settle", "--store", store, "--year", "2023", "--json");
        // settle --json is the accounting JSON of formats.md plus the year's ledger chain head (issue: a ledger anyone
        // can verify); the contract's fields are compared as before, the head is an addition.
        var settled = JsonNode.Parse(settle.Out)!.AsObject();
        Assert.Matches("^[0-9a-f]{64}$", (string)settled["chain_head"]!["hash"]!);
        settled.Remove("chain_head");
        JsonAssert.Equal(JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "expected.json"))), settled);
        var explain = CliRunner.Run("explain", "--store", store, "--section", "S22", "--month", "2023-01");
        Assert.Equal(0, explain.Exit);
        Assert.Contains("reference section S20", explain.Out);
        Assert.Contains("line", explain.Out);
        Assert.Equal(1, CliRunner.Run("close", "--store", store, "--year", "2023").Exit);
        // The statement as a table ends with where its settlement stands (R-SET-1), worked out when the table asks for it.
        (int Confirmed, int Needed) Confirmations()
        {
            var table = CliRunner.Run("settle", "--store", store, "--year", "2023");
            Assert.Equal(0, table.Exit);
            var m = System.Text.RegularExpressions.Regex.Match(table.Out, @"认定 confirmations (\d+)/(\d+); not cleared");
            Assert.True(m.Success, table.Out);
            return (int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value));
        }
        var before = Confirmations();
        Assert.Equal(0, before.Confirmed);
        Assert.True(before.Needed > 1);
        Assert.Equal(0, CliRunner.Run("confirm", "--store", store, "--year", "2023", "--party", "D10").Exit);
        var after = Confirmations();
        Assert.Equal(before.Needed, after.Needed);
        Assert.InRange(after.Confirmed, 1, after.Needed - 1);
        var clear = CliRunner.Run("clear", "--store", store, "--year", "2023");
        Assert.Equal(1, clear.Exit);
        Assert.Contains("not yet confirmed by", clear.Err);
        Assert.Equal(0, CliRunner.Run("close", "--store", store, "--year", "2023", "--without-clearance").Exit);
        Assert.Equal(1, CliRunner.Run("close", "--store", store, "--year", "2023", "--without-clearance").Exit);
        var ledger = CliRunner.Run("ledger", "--store", store, "--river", "R4", "--from", "2023-05", "--to", "2023-05");
        Assert.Equal(0, ledger.Exit);
        Assert.Contains("4 line(s)", ledger.Out);
        Assert.Equal(1, CliRunner.Run("ledger", "--store", store, "--river", "NOPE").Exit);
    }
}

/// <summary>The demo, agreements and joint-governance commands on the demo store.</summary>
public class DemoCommands
{
    [Fact]
    public void Demo_loads_once_accounts_two_years_and_the_other_commands_read_it()
    {
        var store = Path.Combine(ScenarioGenerator.TempFolder(), "demo.db");
        var first = CliRunner.Run("demo", "--store", store);
        Assert.True(first.Exit == 0, first.Err);
        Assert.Contains("demo dataset loaded", first.Out);
        Assert.Contains("2024 年度", first.Out);
        var second = CliRunner.Run("demo", "--store", store);
        Assert.Equal(0, second.Exit);
        Assert.DoesNotContain("demo dataset loaded", second.Out);
        Assert.Contains("0 lines posted", second.Out);

        var agreements = CliRunner.Run("agreements", "--store", store, "--today", "2025-08-01");
        Assert.Equal(0, agreements.Exit);
        Assert.Contains("renewal due", agreements.Out);
        Assert.Contains("未签署", agreements.Out);
        var joint = CliRunner.Run("joint", "--store", store, "--json");
        Assert.Equal(0, joint.Exit);
        Assert.Contains("JointMeetingSystem", joint.Out);

        var real = Path.Combine(ScenarioGenerator.TempFolder(), "real.db");
        Assert.Equal(0, CliRunner.Run("registry", "--import", "--store", real).Exit);
        Assert.Equal(1, CliRunner.Run("demo", "--store", real).Exit);
    }
}
