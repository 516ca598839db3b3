using Liuyu.Data.Stations;

namespace Liuyu.Stations.Tests;

/// <summary>
/// The receiver's throughput measures (issue 14 item 7), as behaviour: the uploads waiting from every connection are
/// stored in one transaction (group commit) and each is acknowledged only after it; the registered stations are read
/// from memory, not from the store at every packet, and a station registered or a password changed meanwhile is
/// still known at its first packet.
/// </summary>
public class ReceiverCommitsTogetherAndCachesStations
{
    private static readonly DateTime Hour = new(2024, 6, 1, 8, 0, 0);

    [Fact]
    public async Task Uploads_waiting_from_many_connections_are_stored_in_one_transaction_and_acknowledged_after_it()
    {
        await using var h = new ReceiverHarness();
        h.Store.Hold = new ManualResetEventSlim(false);
        using var first = await h.ConnectAsync();
        await first.SendPacketAsync(ReceiverHarness.Segment("ST01", "123456", Hour, 1m));
        await Until(() => Volatile.Read(ref h.Store.Entered) == 1);

        var others = new List<ReceiverHarness.Client>();
        for (var i = 0; i < 10; i++)
        {
            var c = await h.ConnectAsync();
            others.Add(c);
            await c.SendPacketAsync(ReceiverHarness.Segment(i % 2 == 0 ? "ST01" : "ST02", i % 2 == 0 ? "123456" : "654321", Hour.AddHours(i + 1), i));
        }
        // The first batch is held in the store (a slow commit): the ten wait, none acknowledged.
        await Until(() => h.Receiver.UploadsWaiting == 10);
        Assert.Equal(0, h.Receiver.Acknowledged);
        h.Store.Hold.Set();

        Assert.NotNull(await first.ReplyAsync());
        foreach (var c in others) Assert.NotNull(await c.ReplyAsync());
        Assert.Equal([1, 10], h.Store.Batches);
        Assert.Equal(11, h.Receiver.Acknowledged);
        foreach (var c in others) c.Dispose();
    }

    [Fact]
    public async Task Packets_of_known_stations_do_not_read_the_store_each_time()
    {
        await using var h = new ReceiverHarness();
        using var c = await h.ConnectAsync();
        for (var i = 0; i < 20; i++)
        {
            await c.SendPacketAsync(ReceiverHarness.Segment("ST01", "123456", Hour.AddHours(i), i));
            Assert.NotNull(await c.ReplyAsync());
        }
        // One read of every station at the first packet (and at most one more in the background if the run was slow).
        Assert.InRange(h.Receiver.Book.Lookups, 1, 2);
    }

    [Fact]
    public async Task A_password_changed_while_running_is_accepted_at_its_first_packet()
    {
        await using var h = new ReceiverHarness();
        using (var c = await h.ConnectAsync())
        {
            await c.SendPacketAsync(ReceiverHarness.Segment("ST01", "123456", Hour, 1m));
            Assert.NotNull(await c.ReplyAsync());
        }
        h.Store.Stations["ST01"] = Station.Create("ST01", "S1", "abcdef", "Station 1");
        using var again = await h.ConnectAsync();
        await again.SendPacketAsync(ReceiverHarness.Segment("ST01", "abcdef", Hour.AddHours(1), 1m));
        Assert.NotNull(await again.ReplyAsync());
    }

    [Fact]
    public async Task A_station_whose_password_the_store_keeps_hashed_is_accepted_with_its_pw_and_refused_with_another()
    {
        await using var h = new ReceiverHarness();
        h.Store.Stations["ST03"] = new Station("ST03", new Liuyu.Domain.SectionId("S1"), StationPassword.Hash("222222"), "Station 3", new Dictionary<string, string?>());
        using (var c = await h.ConnectAsync())
        {
            await c.SendPacketAsync(ReceiverHarness.Segment("ST03", "222222", Hour, 1m));
            Assert.NotNull(await c.ReplyAsync());
        }
        using var wrong = await h.ConnectAsync();
        await wrong.SendPacketAsync(ReceiverHarness.Segment("ST03", "333333", Hour.AddHours(1), 1m));
        Assert.True(await wrong.ClosedByReceiverAsync());
        Assert.Single(h.Store.Values);
    }

    [Fact]
    public async Task The_monthly_summaries_are_stored_again_after_values_arrived()
    {
        await using var h = new ReceiverHarness(o => o.SummaryRefreshMs = 50);
        using var c = await h.ConnectAsync();
        await c.SendPacketAsync(ReceiverHarness.Segment("ST01", "123456", Hour, 1m));
        Assert.NotNull(await c.ReplyAsync());
        await Until(() => Volatile.Read(ref h.Store.Refreshes) >= 1);
    }

    private static async Task Until(Func<bool> condition)
    {
        for (var i = 0; i < 600 && !condition(); i++) await Task.Delay(50);
        Assert.True(condition());
    }
}
