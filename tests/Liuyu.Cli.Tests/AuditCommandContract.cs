using System.Text.Json.Nodes;
using Liuyu.TestSupport;

namespace Liuyu.Cli.Tests;

/// <summary>`liuyu audit`: the CLI's changes are recorded under the operating-system user and listed newest first, filtered.</summary>
public class AuditCommandContract
{
    [Fact]
    public void Cli_changes_are_recorded_under_the_operating_system_user_and_listed_with_before_and_after()
    {
        var dir = Path.Combine(SharedFolder.Shared, "examples", "account", "1");
        var store = Path.Combine(ScenarioGenerator.TempFolder(), "s.db");
        Assert.Equal(0, CliRunner.Run("import", "--store", store, "--data", dir).Exit);
        Assert.Equal(0, CliRunner.Run("account", "--store", store, "--year", "2023").Exit);
        Assert.Equal(0, CliRunner.Run("account", "--store", store, "--year", "2023").Exit);
        Assert.Equal(0, CliRunner.Run("confirm", "--store", store, "--year", "2023", "--party", "D12", "--who", "d12-officer").Exit);
        Assert.Equal(1, CliRunner.Run("clear", "--store", store, "--year", "2023").Exit);
        Assert.Equal(0, CliRunner.Run("close", "--store", store, "--year", "2023", "--without-clearance").Exit);

        var (exit, json, err) = CliRunner.Run("audit", "--store", store, "--json");
        Assert.True(exit == 0, err);
        var entries = JsonNode.Parse(json)!.AsArray().Where(e => !((string)e!["action"]!).StartsWith("import")).ToList();
        // Newest first; accounting that changed nothing and the refused clearance are not in the log.
        Assert.Equal(["settlement.close", "settlement.confirm", "ledger.account"], entries.Select(e => (string)e!["action"]!));
        var user = Environment.UserName is { Length: > 0 } u ? u : "liuyu";
        Assert.All(entries, e => Assert.Equal((user, "cli"), ((string)e!["actor"]!, (string)e["role"]!)));
        Assert.Equal("2023 D12", (string)entries[1]!["subject"]!);
        Assert.Equal("d12-officer", (string)entries[1]!["after"]!["by"]!);
        Assert.True((bool)entries[0]!["after"]!["withoutClearance"]!);
        Assert.Equal(84, (int)entries[2]!["after"]!["posted"]!);

        var settlement = JsonNode.Parse(CliRunner.Run("audit", "--store", store, "--action", "settlement", "--json").Out)!.AsArray();
        Assert.Equal(["settlement.close", "settlement.confirm"], settlement.Select(e => (string)e!["action"]!));
        var paged = JsonNode.Parse(CliRunner.Run("audit", "--store", store, "--action", "settlement", "--before", (string)settlement[0]!["id"]!.ToString(), "--json").Out)!.AsArray();
        Assert.Equal(["settlement.confirm"], paged.Select(e => (string)e!["action"]!));
        Assert.Empty(JsonNode.Parse(CliRunner.Run("audit", "--store", store, "--actor", "nobody", "--json").Out)!.AsArray());

        var human = CliRunner.Run("audit", "--store", store, "--subject", "2023", "--limit", "1");
        Assert.Equal(0, human.Exit);
        Assert.Contains("settlement.close", human.Out);
        Assert.Contains("closed: false → true", human.Out);
        Assert.DoesNotContain("settlement.confirm", human.Out);
        Assert.Contains("--before", human.Out);
    }

    [Theory]
    [InlineData("--limit", "0")]
    [InlineData("--limit", "5000")]
    [InlineData("--before", "0")]
    public void A_limit_or_page_out_of_range_is_a_usage_error(string option, string value)
    {
        var store = Path.Combine(ScenarioGenerator.TempFolder(), "s.db");
        var (exit, _, err) = CliRunner.Run("audit", "--store", store, option, value);
        Assert.Equal(2, exit);
        Assert.Contains(option, err);
    }
}
