using System.Text.Json;
using Liuyu.Server.Features.Stations;
using Liuyu.Server.Infrastructure;
using Liuyu.Stations.Simulator;
using Microsoft.Extensions.DependencyInjection;

namespace Liuyu.Server.Tests;

/// <summary>A server with the HJ 212 receiver on (Liuyu:Hj212:Port, a free port), its own instance.</summary>
public sealed class StationServer() : LiuyuServer(null, null, new Dictionary<string, string>
{
    ["Liuyu:Hj212:Port"] = "0",
    ["Liuyu:Hj212:Address"] = "127.0.0.1",
})
{
    public int ReceiverPort => Services.GetRequiredService<StationReceiverService>().Receiver!.Port;
}

/// <summary>
/// Issue 14, done when: a simulated station registered through stations.csv (the import page's upload) sends a month
/// of hourly CN=2061 packets with Flag=5; every packet is acknowledged with CN=9014 but the one with a broken CRC; the
/// section page's samples show that month with the class its values give, from the station, with its completeness.
/// </summary>
public sealed class StationsReportThroughTheServer : IClassFixture<StationServer>
{
    private readonly StationServer _server;

    public StationsReportThroughTheServer(StationServer server) => _server = server;

    [Fact]
    public async Task A_month_of_hourly_packets_becomes_the_month_class_of_the_section()
    {
        var section = _server.Services.GetRequiredService<StoreAccess>().Read(s => s.LoadRegistry().Sections[0].Id.Value);
        var client = await _server.SignedIn("monitoring");
        var import = await client.PostAsync("/api/imports", Uploads.Form("scenario", [("stations.csv", $"mn,section,password,name\nSIM0001,{section},123456,模拟站\n")]));
        Assert.True(import.IsSuccessStatusCode, await import.Content.ReadAsStringAsync());

        var june = new DateTime(2025, 6, 1);
        var sim = new StationSimulator("127.0.0.1", _server.ReceiverPort, "SIM0001", "123456");
        // COD 25 is class Ⅳ, NH3N 0.4 class Ⅱ, DO 7 class Ⅱ, pH 7.5 class Ⅰ: the month is Ⅳ, decided by COD.
        var report = await sim.SendHoursAsync(june, june.AddMonths(1),
            _ => new Dictionary<string, decimal> { ["w01018"] = 25m, ["w21003"] = 0.4m, ["w01009"] = 7m, ["w01001"] = 7.5m },
            corrupt: t => t == june.AddDays(10));
        Assert.Equal(new SimulationReport(720, 719, 1, 1), report);

        var samples = await client.GetJson($"/api/sections/{section}/samples?year=2025");
        var month = samples.GetProperty("months").EnumerateArray().Single(m => m.GetProperty("month").GetString() == "2025-06");
        Assert.Equal(4, month.GetProperty("class").GetInt32());
        Assert.Equal(["COD"], month.GetProperty("deciding").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal("station", month.GetProperty("source").GetString());
        Assert.Equal(0.9986m, month.GetProperty("stationCompleteness").GetDecimal());
        Assert.Equal(719 * 4, month.GetProperty("samples").GetInt32());
    }

    [Fact]
    public async Task An_unregistered_station_is_not_acknowledged()
    {
        var sim = new StationSimulator("127.0.0.1", _server.ReceiverPort, "NOBODY01", "123456");
        var report = await sim.SendHoursAsync(new DateTime(2025, 7, 1), new DateTime(2025, 7, 1, 2, 0, 0), _ => new Dictionary<string, decimal> { ["w01018"] = 10m });
        Assert.Equal(0, report.Acknowledged);
    }
}
