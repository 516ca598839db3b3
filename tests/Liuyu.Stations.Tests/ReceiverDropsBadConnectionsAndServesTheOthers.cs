using System.Text;
using Liuyu.Stations.Hj212;

namespace Liuyu.Stations.Tests;

/// <summary>Every bad input of issue 14 item 1 closes its own connection, is counted, and leaves the others served.</summary>
public class ReceiverDropsBadConnectionsAndServesTheOthers
{
    private static readonly DateTime Hour = new(2024, 6, 1, 8, 0, 0);

    public static TheoryData<string, byte[]> BadInputs()
    {
        var good = Hj212Framing.Encode(ReceiverHarness.Segment("ST01", "123456", Hour, 12.5m));
        var badCrc = (byte[])good.Clone();
        badCrc[^4] ^= 0x01;
        var garbage = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        var tooLong = Encoding.ASCII.GetBytes("##1025" + new string('A', 1100));
        var unknown = Hj212Framing.Encode(ReceiverHarness.Segment("NOPE", "123456", Hour, 12.5m));
        var wrongPw = Hj212Framing.Encode(ReceiverHarness.Segment("ST01", "000000", Hour, 12.5m));
        var otherStationsPw = Hj212Framing.Encode(ReceiverHarness.Segment("ST01", "654321", Hour, 12.5m));
        var badValue = Hj212Framing.Encode(ReceiverHarness.Segment("ST01", "123456", Hour, 12.5m).Replace("12.5", "12,5x"));
        return new TheoryData<string, byte[]>
        {
            { "bad CRC", badCrc }, { "garbage", garbage }, { "length over 1024", tooLong }, { "unknown MN", unknown },
            { "wrong password", wrongPw }, { "another station's password", otherStationsPw }, { "unreadable value", badValue },
        };
    }

    [Theory, MemberData(nameof(BadInputs))]
    public async Task A_bad_input_closes_its_connection_unacknowledged_while_another_station_is_served(string what, byte[] bytes)
    {
        await using var h = new ReceiverHarness();
        using var good = await h.ConnectAsync();
        using var bad = await h.ConnectAsync();
        await bad.SendAsync(bytes);
        Assert.True(await bad.ClosedByReceiverAsync(), what);
        await good.SendPacketAsync(ReceiverHarness.Segment("ST02", "654321", Hour, 7m));
        Assert.NotNull(await good.ReplyAsync());
        Assert.Equal(1, h.Receiver.ConnectionsRefused);
        Assert.Equal([("ST02", "2061", Hour, "w01018")], h.Store.Values.Keys);
    }

    [Fact]
    public async Task A_packet_cut_in_half_is_not_stored()
    {
        await using var h = new ReceiverHarness();
        var bytes = Hj212Framing.Encode(ReceiverHarness.Segment("ST01", "123456", Hour, 12.5m));
        using (var c = await h.ConnectAsync())
        {
            await c.SendAsync(bytes[..(bytes.Length / 2)]);
            c.Dispose();
        }
        using var other = await h.ConnectAsync();
        await other.SendPacketAsync(ReceiverHarness.Segment("ST02", "654321", Hour, 7m));
        Assert.NotNull(await other.ReplyAsync());
        Assert.Single(h.Store.Values);
    }

    [Fact]
    public async Task A_slow_sender_is_timed_out_in_the_middle_of_its_packet()
    {
        await using var h = new ReceiverHarness(o => o.PacketTimeoutMs = 300);
        using var slow = await h.ConnectAsync();
        var bytes = Hj212Framing.Encode(ReceiverHarness.Segment("ST01", "123456", Hour, 12.5m));
        await slow.SendAsync(bytes[..10]);
        // It keeps sending a byte now and then, never finishing: the packet's deadline closes it all the same.
        var closed = slow.ClosedByReceiverAsync();
        for (var i = 10; i < bytes.Length - 1 && !closed.IsCompleted; i++)
        {
            await Task.Delay(50);
            try { await slow.SendAsync(bytes[i..(i + 1)]); } catch (IOException) { break; }
        }
        Assert.True(await closed);
        Assert.Empty(h.Store.Values);
    }

    [Fact]
    public async Task Connections_over_the_limit_are_closed_and_the_ones_open_keep_working()
    {
        await using var h = new ReceiverHarness(o => o.MaxConnections = 2);
        using var a = await h.ConnectAsync();
        using var b = await h.ConnectAsync();
        await a.SendPacketAsync(ReceiverHarness.Segment("ST01", "123456", Hour, 1m));
        await b.SendPacketAsync(ReceiverHarness.Segment("ST02", "654321", Hour, 2m));
        Assert.NotNull(await a.ReplyAsync());
        Assert.NotNull(await b.ReplyAsync());
        using var third = await h.ConnectAsync();
        Assert.True(await third.ClosedByReceiverAsync());
        await a.SendPacketAsync(ReceiverHarness.Segment("ST01", "123456", Hour.AddHours(1), 1m));
        Assert.NotNull(await a.ReplyAsync());
    }

    [Fact]
    public async Task A_thousand_connections_at_once_are_each_acknowledged()
    {
        await using var h = new ReceiverHarness();
        var clients = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => h.ConnectAsync()));
        try
        {
            await Task.WhenAll(clients.Select((c, i) => c.SendPacketAsync(ReceiverHarness.Segment("ST01", "123456", Hour.AddHours(i), i))));
            var replies = await Task.WhenAll(clients.Select(c => c.ReplyAsync()));
            Assert.All(replies, r => Assert.Equal("9014", r?.Cn));
            Assert.Equal(1000, h.Store.Values.Count);
        }
        finally
        {
            foreach (var c in clients) c.Dispose();
        }
    }
}
