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
    }

    [Fact]
    public void A_period_that_is_not_a_date_is_bad_input()
    {
        var sim = CliRunner.Run("station", "simulate", "--port", "1", "--mn", "X", "--password", "123456", "--from", "2023-13-01", "--to", "2023-02-01");
        Assert.Equal(LiuyuCli.BadInput, sim.Exit);
        Assert.Contains("2023-13-01", sim.Err);
    }
}
