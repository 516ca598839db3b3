using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Liuyu.Stations.Hj212;

namespace Liuyu.Stations.Simulator;

/// <summary>What a simulated station did: packets sent, acknowledged (CN=9014 with their QN), and not acknowledged.</summary>
public sealed record SimulationReport(int Sent, int Acknowledged, int NotAcknowledged, int Reconnects);

/// <summary>
/// A surface-water automatic station (ST=21) for tests and benchmarks: sends one CN=2061 hourly packet per hour of a
/// period with Flag=5 (HJ 212-2017, reply wanted) and waits for each CN=9014. A packet the receiver does not
/// acknowledge (it closes the connection) is counted and the station reconnects for the next one, as loggers do.
/// </summary>
public sealed class StationSimulator(string host, int port, string mn, string password, TimeSpan? replyTimeout = null)
{
    private readonly TimeSpan _replyTimeout = replyTimeout ?? TimeSpan.FromSeconds(10);

    /// <summary>The values of an hour: <paramref name="values"/> as given (HJ 212 code → value), each with flag N.</summary>
    public static string HourlyCp(DateTime hour, IReadOnlyDictionary<string, decimal> values, string flag = "N") =>
        $"DataTime={Hj212Data.FormatDataTime(hour)};" + string.Join(';', values.Select(v => $"{v.Key}-Avg={v.Value.ToString(CultureInfo.InvariantCulture)},{v.Key}-Flag={flag}"));

    public Hj212Packet HourlyPacket(DateTime hour, IReadOnlyDictionary<string, decimal> values, int sequence) =>
        new(QnOf(hour, sequence), "21", "2061", password, mn, 5, null, null, HourlyCp(hour, values));

    /// <summary>A QN that is unique per packet: the hour's time and a sequence in the milliseconds.</summary>
    private static string QnOf(DateTime hour, int sequence) =>
        hour.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + (sequence % 1000).ToString("D3", CultureInfo.InvariantCulture);

    /// <summary>Sends every hour from <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive).</summary>
    public async Task<SimulationReport> SendHoursAsync(DateTime from, DateTime to, Func<DateTime, IReadOnlyDictionary<string, decimal>> values,
        Func<DateTime, bool>? corrupt = null, CancellationToken ct = default)
    {
        var packets = new List<(byte[] Bytes, string Qn)>();
        var i = 0;
        for (var hour = from; hour < to; hour = hour.AddHours(1))
        {
            var p = HourlyPacket(hour, values(hour), i++);
            var bytes = Hj212Framing.Encode(p.ToSegment());
            if (corrupt?.Invoke(hour) == true) bytes[^4] ^= 0x01; // the CRC's last hex digit changes: a broken CRC
            packets.Add((bytes, p.Qn!));
        }
        return await SendAsync(packets, ct);
    }

    /// <summary>Sends the packets in order over one connection, reconnecting after a packet that was not acknowledged.</summary>
    public async Task<SimulationReport> SendAsync(IReadOnlyList<(byte[] Bytes, string Qn)> packets, CancellationToken ct = default)
    {
        int acked = 0, missed = 0, reconnects = 0;
        Connection? c = null;
        try
        {
            foreach (var (bytes, qn) in packets)
            {
                c ??= await Connection.OpenAsync(host, port, ct);
                if (await c.SendAndAwaitAckAsync(bytes, qn, _replyTimeout, ct)) acked++;
                else
                {
                    missed++;
                    reconnects++;
                    c.Dispose();
                    c = null;
                }
            }
        }
        finally { c?.Dispose(); }
        return new SimulationReport(packets.Count, acked, missed, reconnects);
    }

    private sealed class Connection : IDisposable
    {
        private readonly TcpClient _client;
        private readonly NetworkStream _stream;
        private readonly byte[] _buffer = new byte[Hj212Framing.MaxPacketBytes * 2];
        private int _count;

        private Connection(TcpClient client)
        {
            _client = client;
            _stream = client.GetStream();
        }

        public static async Task<Connection> OpenAsync(string host, int port, CancellationToken ct)
        {
            var client = new TcpClient { NoDelay = true };
            await client.ConnectAsync(host, port, ct);
            return new Connection(client);
        }

        /// <summary>True when a CN=9014 with the packet's QN came back; false when the receiver closed or did not answer in time.</summary>
        public async Task<bool> SendAndAwaitAckAsync(byte[] packet, string qn, TimeSpan timeout, CancellationToken ct)
        {
            try { await _stream.WriteAsync(packet, ct); }
            catch (IOException) { return false; }
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(timeout);
            try
            {
                while (true)
                {
                    var frame = Hj212Framing.TryRead(_buffer.AsSpan(0, _count));
                    if (frame.IsPacket)
                    {
                        Array.Copy(_buffer, frame.Consumed, _buffer, 0, _count - frame.Consumed);
                        _count -= frame.Consumed;
                        var reply = Hj212Packet.Parse(frame.DataSegment!, out _);
                        if (reply is { Cn: "9014" } && reply.Qn == qn) return true;
                        continue;
                    }
                    if (!frame.NeedsMore) return false;
                    var n = await _stream.ReadAsync(_buffer.AsMemory(_count), deadline.Token);
                    if (n == 0) return false;
                    _count += n;
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested) { return false; }
            catch (IOException) { return false; }
        }

        public void Dispose()
        {
            _stream.Dispose();
            _client.Dispose();
        }
    }

    /// <summary>Parses <c>w01018=12.5,w21003=0.4</c>.</summary>
    public static IReadOnlyDictionary<string, decimal> ParseValues(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(kv => kv.Split('='))
            .ToDictionary(kv => kv[0], kv => decimal.Parse(kv[1], NumberStyles.Number, CultureInfo.InvariantCulture), StringComparer.Ordinal);

    public static string Describe(SimulationReport r) => new StringBuilder()
        .Append(CultureInfo.InvariantCulture, $"sent {r.Sent}, acknowledged {r.Acknowledged}, not acknowledged {r.NotAcknowledged}").ToString();
}
