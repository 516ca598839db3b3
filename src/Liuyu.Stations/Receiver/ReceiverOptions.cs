using System.Net;

namespace Liuyu.Stations.Receiver;

/// <summary>
/// How the HJ 212 receiver listens (configuration section <c>Liuyu:Hj212</c>; the server starts it only when
/// <see cref="Port"/> is set). Timeouts follow the standard's defaults (Table 1: 10 s over mobile networks) with room.
/// </summary>
public sealed class ReceiverOptions
{
    /// <summary>TCP port; 0 picks a free one (tests). Null: no receiver.</summary>
    public int? Port { get; set; }
    /// <summary>Address to listen on; default every interface.</summary>
    public string Address { get; set; } = "0.0.0.0";
    /// <summary>Connections served at once; the next ones are closed at once and logged.</summary>
    public int MaxConnections { get; set; } = 2000;
    /// <summary>A connection with no byte for this long is closed (stations reconnect for their next upload).</summary>
    public int IdleTimeoutMs { get; set; } = 120_000;
    /// <summary>A packet must arrive whole within this long after its first byte: a slow sender cannot hold a connection.</summary>
    public int PacketTimeoutMs { get; set; } = 15_000;
    /// <summary>Uploads written in one transaction at most.</summary>
    public int BatchSize { get; set; } = 512;
    /// <summary>Uploads waiting for the writer at most; a connection whose upload finds it full waits (back-pressure).</summary>
    public int QueueCapacity { get; set; } = 8192;

    /// <summary>
    /// How often the receiver stores again the classes of the section-months that values arrived for (the summary the
    /// scheme reads), on a connection of its own beside the batches; between two, loading the scheme evaluates those
    /// months from their values itself.
    /// </summary>
    public int SummaryRefreshMs { get; set; } = 60_000;

    public IPAddress ListenAddress => IPAddress.Parse(Address);
}
