using Liuyu.Data.Stations;
using Liuyu.Stations.Simulator;

namespace Liuyu.Stations.Tests;

/// <summary>The receiver over real sockets: an upload is acknowledged with CN=9014 and its QN once stored, and never otherwise.</summary>
public class ReceiverAcknowledgesOnlyWhatItStored
{
    private static readonly DateTime Hour = new(2024, 6, 1, 8, 0, 0);

    [Fact]
    public async Task An_hourly_upload_is_stored_and_acknowledged_with_its_qn()
    {
        await using var h = new ReceiverHarness();
        using var c = await h.ConnectAsync();
        await c.SendPacketAsync(ReceiverHarness.Segment("ST01", "123456", Hour, 12.5m));
        var ack = await c.ReplyAsync();
        Assert.NotNull(ack);
        Assert.Equal(("9014", "20240601080000000", "ST01", "91", 4), (ack.Cn, ack.Qn, ack.Mn, ack.St, ack.Flag));
        Assert.Equal(12.5m, h.Store.Values[("ST01", "2061", Hour, "w01018")].Value);
        Assert.Equal("N", h.Store.Values[("ST01", "2061", Hour, "w01018")].Flag);
    }

    [Fact]
    public async Task An_upload_without_the_reply_bit_is_stored_and_not_answered()
    {
        await using var h = new ReceiverHarness();
        using var c = await h.ConnectAsync();
        await c.SendPacketAsync(ReceiverHarness.Segment("ST01", "123456", Hour, 12.5m, flag: 4));
        await c.SendPacketAsync(ReceiverHarness.Segment("ST01", "123456", Hour.AddHours(1), 13m, flag: 5));
        var ack = await c.ReplyAsync();
        Assert.Equal("20240601090000000", ack!.Qn);
        Assert.Equal(2, h.Store.Values.Count);
    }

    [Fact]
    public async Task A_resent_packet_is_acknowledged_again_and_stored_once()
    {
        await using var h = new ReceiverHarness();
        using var c = await h.ConnectAsync();
        for (var i = 0; i < 2; i++)
        {
            await c.SendPacketAsync(ReceiverHarness.Segment("ST01", "123456", Hour, 12.5m));
            Assert.NotNull(await c.ReplyAsync());
        }
        Assert.Single(h.Store.Values);
    }

    [Fact]
    public async Task Split_parts_are_stored_together_and_each_acknowledged()
    {
        await using var h = new ReceiverHarness();
        using var c = await h.ConnectAsync();
        await c.SendPacketAsync("QN=20240601090000001;ST=21;CN=2061;PW=123456;MN=ST01;Flag=7;PNUM=2;PNO=1;CP=&&DataTime=20240601080000;w01018-Avg=12,w01018-Flag=N&&");
        await c.SendPacketAsync("QN=20240601090000002;ST=21;CN=2061;PW=123456;MN=ST01;Flag=7;PNUM=2;PNO=2;CP=&&DataTime=20240601080000;w21003-Avg=0.3,w21003-Flag=N&&");
        Assert.Equal("20240601090000001", (await c.ReplyAsync())!.Qn);
        Assert.Equal("20240601090000002", (await c.ReplyAsync())!.Qn);
        Assert.Equal(2, h.Store.Values.Count);
    }

    [Fact]
    public async Task Other_commands_are_neither_stored_nor_acknowledged()
    {
        await using var h = new ReceiverHarness();
        using var c = await h.ConnectAsync();
        await c.SendPacketAsync("QN=20240601090000001;ST=21;CN=2081;PW=123456;MN=ST01;Flag=5;CP=&&RestartTime=20240601080000&&");
        await c.SendPacketAsync(ReceiverHarness.Segment("ST01", "123456", Hour, 12.5m));
        Assert.Equal("2061", (await c.ReplyAsync()) is { Cn: "9014" } a ? "2061" : null);
        Assert.Single(h.Store.Values);
    }

    [Fact]
    public async Task Nothing_is_acknowledged_when_the_store_fails()
    {
        await using var h = new ReceiverHarness();
        h.Store.Fail = true;
        using var c = await h.ConnectAsync();
        await c.SendPacketAsync(ReceiverHarness.Segment("ST01", "123456", Hour, 12.5m));
        Assert.True(await c.ClosedByReceiverAsync());
        Assert.Equal(0, h.Receiver.Acknowledged);
    }

    [Fact]
    public async Task A_station_registered_while_running_is_known_at_its_next_packet()
    {
        await using var h = new ReceiverHarness();
        using (var c = await h.ConnectAsync())
        {
            await c.SendPacketAsync(ReceiverHarness.Segment("NEW01", "111111", Hour, 1m));
            Assert.True(await c.ClosedByReceiverAsync());
        }
        h.Store.Stations["NEW01"] = Station.Create("NEW01", "S1", "111111", "New");
        using var again = await h.ConnectAsync();
        await again.SendPacketAsync(ReceiverHarness.Segment("NEW01", "111111", Hour, 1m));
        Assert.NotNull(await again.ReplyAsync());
    }

    [Fact]
    public async Task The_simulator_gets_every_hour_acknowledged_but_the_one_with_a_broken_crc()
    {
        await using var h = new ReceiverHarness();
        var sim = new StationSimulator("127.0.0.1", h.Receiver.Port, "ST01", "123456");
        var from = new DateTime(2024, 6, 1);
        var report = await sim.SendHoursAsync(from, from.AddDays(2), t => new Dictionary<string, decimal> { ["w01018"] = 10 + t.Hour, ["w21003"] = 0.4m },
            corrupt: t => t == from.AddHours(5));
        Assert.Equal(new SimulationReport(48, 47, 1, 1), report);
        Assert.Equal(47 * 2, h.Store.Values.Count);
        Assert.False(h.Store.Values.ContainsKey(("ST01", "2061", from.AddHours(5), "w01018")));
    }
}
