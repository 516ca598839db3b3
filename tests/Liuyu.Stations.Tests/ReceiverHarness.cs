using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using Liuyu.Application;
using Liuyu.Data.Stations;
using Liuyu.Stations.Hj212;
using Liuyu.Stations.Receiver;
using Microsoft.Extensions.Logging.Abstractions;

namespace Liuyu.Stations.Tests;

/// <summary>A store in memory behind the port: stations by MN, values idempotent on (MN, CN, DataTime, code).</summary>
public sealed class MemoryStationStore
{
    public ConcurrentDictionary<string, Station> Stations { get; } = new();
    public ConcurrentDictionary<(string Mn, string Cn, DateTime At, string Code), StationValue> Values { get; } = new();
    public volatile bool Fail;
    /// <summary>When set and not signalled, a batch waits in the store until it is (a slow commit, held by the test).</summary>
    public ManualResetEventSlim? Hold;
    /// <summary>The number of uploads of each batch stored, in order.</summary>
    public ConcurrentQueue<int> Batches { get; } = new();
    /// <summary>Batches that reached the store (held or not).</summary>
    public int Entered;
    /// <summary>How many times the monthly summaries were asked to be stored again.</summary>
    public int Refreshes;

    public IStationStore Open() => new Session(this);

    private sealed class Session(MemoryStationStore m) : IStationStore
    {
        public Station? FindStation(string mn) => m.Stations.GetValueOrDefault(mn);

        public StationStoreReport StoreUploads(IReadOnlyList<StationUpload> uploads)
        {
            Interlocked.Increment(ref m.Entered);
            m.Hold?.Wait(TimeSpan.FromSeconds(30));
            if (m.Fail) throw new InvalidOperationException("the database is down");
            m.Batches.Enqueue(uploads.Count);
            int stored = 0, already = 0;
            foreach (var u in uploads)
                foreach (var v in u.Values)
                    if (m.Values.TryAdd((u.Mn, u.Cn, u.DataTime, v.Code), v)) stored++; else already++;
            return new StationStoreReport(uploads.Count, stored, already);
        }

        public IReadOnlyList<Station> Stations() => [.. m.Stations.Values];

        public int RefreshStationMonths()
        {
            Interlocked.Increment(ref m.Refreshes);
            return 0;
        }

        public IReadOnlyList<StationMonthResult> StationMonths(Liuyu.Domain.SectionId section, int? year = null) => [];

        public void Dispose() { }
    }
}

/// <summary>A receiver on a free local port over a <see cref="MemoryStationStore"/>.</summary>
public sealed class ReceiverHarness : IAsyncDisposable
{
    public MemoryStationStore Store { get; } = new();
    public Hj212Receiver Receiver { get; }

    public ReceiverHarness(Action<ReceiverOptions>? configure = null)
    {
        Store.Stations["ST01"] = Station.Create("ST01", "S1", "123456", "Station 1");
        Store.Stations["ST02"] = Station.Create("ST02", "S2", "654321", "Station 2");
        var options = new ReceiverOptions { Port = 0, Address = "127.0.0.1" };
        configure?.Invoke(options);
        Receiver = new Hj212Receiver(options, Store.Open, TimeProvider.System, NullLogger.Instance);
        Receiver.Start();
    }

    public static string Segment(string mn, string pw, DateTime hour, decimal cod, int flag = 5, string qnTail = "000") =>
        $"QN={hour:yyyyMMddHHmmss}{qnTail};ST=21;CN=2061;PW={pw};MN={mn};Flag={flag};CP=&&DataTime={hour:yyyyMMddHHmmss};w01018-Avg={cod},w01018-Flag=N&&";

    public async Task<Client> ConnectAsync()
    {
        var c = new TcpClient { NoDelay = true };
        await c.ConnectAsync("127.0.0.1", Receiver.Port);
        return new Client(c);
    }

    public ValueTask DisposeAsync() => Receiver.DisposeAsync();

    public sealed class Client(TcpClient client) : IDisposable
    {
        private readonly NetworkStream _stream = client.GetStream();
        private readonly List<byte> _pending = [];

        public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));
        public async Task SendAsync(byte[] bytes) => await _stream.WriteAsync(bytes);
        public Task SendPacketAsync(string segment) => SendAsync(Hj212Framing.Encode(segment));

        /// <summary>The next packet the receiver sends, or null when it closed the connection (or said nothing for 20 s).</summary>
        public async Task<Hj212Packet?> ReplyAsync()
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var buffer = new byte[2048];
            while (true)
            {
                var frame = Hj212Framing.TryRead(_pending.ToArray());
                if (frame.IsPacket)
                {
                    _pending.RemoveRange(0, frame.Consumed);
                    return Hj212Packet.Parse(frame.DataSegment!, out _);
                }
                int n;
                try { n = await _stream.ReadAsync(buffer, cts.Token); }
                catch (Exception e) when (e is OperationCanceledException or IOException) { return null; }
                if (n == 0) return null;
                _pending.AddRange(buffer.AsSpan(0, n).ToArray());
            }
        }

        /// <summary>True once the receiver has closed the connection (a read returns end of stream or a reset).</summary>
        public async Task<bool> ClosedByReceiverAsync() => await ReplyAsync() is null;

        public void Dispose() => client.Dispose();
    }
}
