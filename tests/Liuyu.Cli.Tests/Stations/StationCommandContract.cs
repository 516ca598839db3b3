using System.Text.Json.Nodes;
using Liuyu.Stations.Receiver;
using Liuyu.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Liuyu.Cli.Tests.Stations;

/// <summary>
/// <c>liuyu station simulate</c> against the receiver on a store where stations.csv registered the station: every
/// hour acknowledged, and <c>liuyu explain</c> shows that the month's computed class comes from the station, with its completeness.
/// </summary>
public class StationCommandContract
{
    [Fact]
    public async Task A_simulated_month_is_acknowledged_and_explained_as_the_station_class()
    {
        var dir = ScenarioGenerator.TempFolder();
        foreach (var f in Directory.GetFiles(Path.Combine(SharedFolder.Shared, "examples", "account", "1"), "*.csv"))
            File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        File.WriteAllText(Path.Combine(dir, "stations.csv"), "mn,section,password,name\nST4,S4,123456,断面4自动站\n");
        var store = Path.Combine(ScenarioGenerator.TempFolder(), "s.db");
        var import = CliRunner.Run("import", "--store", store, "--data", dir);
        Assert.True(import.Exit == 0, import.Err);

        await using var receiver = new Hj212Receiver(new ReceiverOptions { Port = 0, Address = "127.0.0.1" }, CliOptions.StationStores(store), TimeProvider.System, NullLogger.Instance);
        receiver.Start();
        var sim = await Task.Run(() => CliRunner.Run("station", "simulate", "--port", receiver.Port.ToString(), "--mn", "ST4", "--password", "123456",
            "--from", "2023-01-01", "--to", "2023-02-01", "--values", "w01018=25,w21003=0.4"));
        Assert.True(sim.Exit == 0, sim.Err);
        Assert.Contains("sent 744, acknowledged 744, not acknowledged 0", sim.Out);

        var explain = CliRunner.Run("explain", "--store", store, "--section", "S4", "--month", "2023-01", "--json");
        Assert.True(explain.Exit == 0, explain.Err);
        var station = JsonNode.Parse(explain.Out)!["station"]!;
        Assert.Equal(("IV", 744, 744, "station"), ((string)station["class"]!, (int)station["valid_hours"]!, (int)station["hours"]!, (string)station["source"]!));

        // Issue 14 item 4: the joint monitoring's imported Ⅰ (accounted, R-DATA-1) and the station's complete Ⅳ disagree, and are listed.
        var listed = CliRunner.Run("station", "disagreements", "--store", store, "--year", "2023", "--json");
        Assert.True(listed.Exit == 0, listed.Err);
        var d = Assert.Single(JsonNode.Parse(listed.Out)!["disagreements"]!.AsArray())!;
        Assert.Equal(("S4", "2023-01", "IV", 1m, 0.75m), ((string)d["section"]!, (string)d["month"]!, (string)d["station"]!["class"]!,
            (decimal)d["station"]!["completeness"]!, (decimal)d["station"]!["required"]!));
        Assert.Equal(("I", "joint"), ((string)d["imported"]!["class"]!, (string)d["imported"]!["source"]!));
        var table = CliRunner.Run("station", "disagreements", "--store", store, "--year", "2023");
        Assert.True(table.Exit == 0, table.Err);
        Assert.Contains("1 disagreement(s)", table.Out);
        Assert.Contains("S4", table.Out);
        var none = CliRunner.Run("station", "disagreements", "--store", store, "--year", "2024", "--json");
        Assert.Empty(JsonNode.Parse(none.Out)!["disagreements"]!.AsArray());
    }

    [Fact]
    public void A_period_that_is_not_a_date_is_bad_input()
    {
        var sim = CliRunner.Run("station", "simulate", "--port", "1", "--mn", "X", "--password", "123456", "--from", "2023-13-01", "--to", "2023-02-01");
        Assert.Equal(LiuyuCli.BadInput, sim.Exit);
        Assert.Contains("2023-13-01", sim.Err);
    }
}
