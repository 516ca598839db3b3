using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Liuyu.Stations.Hj212;
using Microsoft.Extensions.Logging;

namespace Liuyu.Stations.Receiver;

/// <summary>
/// The HJ 212-2017 receiver (数据接收端): a TCP listener serving many station connections at once. Each connection
/// reads packets through a bounded buffer (one packet is at most 1036 bytes); checks frame, length and CRC; checks MN
/// and password against the registered stations (<see cref="StationBook"/>); joins split packets; hands the data of
/// CN 2011, 2051, 2061 and 2031 to the <see cref="UploadWriter"/>; and answers CN=9014 with the same QN when the Flag
/// asks for a reply, only after the data are stored. Anything else wrong (garbage, a length over 1024, a bad CRC, an
/// unknown MN, a wrong password, a cut packet, a sender too slow to finish a packet, one connection too many) closes
/// that connection with a log line naming the refusal code; the other connections are not affected.
/// <para>
/// Why <see cref="System.Net.Sockets"/> and not Kestrel's connection middleware: the receiver must run alone
/// (<c>liuyu station serve</c>) as well as inside the server, and it needs nothing of HTTP; a listener, one task per
/// connection and <see cref="PipeReader"/> for bounded buffering are all of it, the same code in both hosts.
/// </para>
/// </summary>
public sealed class Hj212Receiver : IAsyncDisposable
{
    private readonly ReceiverOptions _options;
    private readonly StationBook _book;
    private readonly UploadWriter _writer;
    private readonly TimeProvider _clock;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<long, Task> _connections = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastPacket = new(StringComparer.Ordinal);
    private TcpListener? _listener;
    private Task? _accepting;
    private long _nextId, _packets, _acks, _refused;

    public Hj212Receiver(ReceiverOptions options, Func<IStationStore> open, TimeProvider clock, ILogger log)
    {
        _options = options;
        _clock = clock;
        _log = log;
        _book = new StationBook(open, clock);
        _writer = new UploadWriter(open, options.QueueCapacity, options.BatchSize, log, TimeSpan.FromMilliseconds(options.SummaryRefreshMs));
    }

    /// <summary>The port listened on (the chosen one when the options said 0).</summary>
    public int Port => ((IPEndPoint)(_listener ?? throw new InvalidOperationException("not started")).LocalEndpoint).Port;
    public int OpenConnections => _connections.Count;
    public long PacketsRead => Interlocked.Read(ref _packets);
    public long Acknowledged => Interlocked.Read(ref _acks);
    public long ConnectionsRefused => Interlocked.Read(ref _refused);
    public long ValuesStored => _writer.ValuesStored;
    /// <summary>Transactions the writer committed (each holds the uploads that were waiting from every connection).</summary>
    public long Batches => _writer.Batches;
    /// <summary>Uploads waiting for the writer now.</summary>
    public int UploadsWaiting => _writer.Waiting;
    public StationBook Book => _book;

    /// <summary>When each station's last packet was stored (for the stations page: online, last packet).</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> LastPacket => _lastPacket;

    public void Start()
    {
        _listener = new TcpListener(_options.ListenAddress, _options.Port ?? throw new InvalidOperationException("no port"));
        _listener.Start(backlog: 1024);
        _accepting = Task.Run(AcceptAsync);
        _log.LogInformation("HJ 212 receiver listening on {Address}:{Port}", _options.Address, Port);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try { socket = await _listener!.AcceptSocketAsync(_stop.Token); }
            catch (OperationCanceledException) { break; }
            catch (ObjectDisposedException) { break; }
            catch (SocketException e)
            {
                _log.LogWarning("accept failed: {Error}", e.SocketErrorCode);
                continue;
            }
            if (_connections.Count >= _options.MaxConnections)
            {
                Interlocked.Increment(ref _refused);
                _log.LogWarning("{Code}: {Remote} closed, {Open} connections open", Hj212Refusals.TooManyConnections, socket.RemoteEndPoint, _connections.Count);
                socket.Dispose();
                continue;
            }
            var id = Interlocked.Increment(ref _nextId);
            socket.NoDelay = true;
            var served = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _connections[id] = served.Task;
            _ = Task.Run(async () =>
            {
                try { await ServeAsync(socket); }
                finally
                {
                    socket.Dispose();
                    _connections.TryRemove(id, out _);
                    served.SetResult();
                }
            });
        }
    }

    /// <summary>A refusal that ends a connection.</summary>
    private sealed class Refused(string code, string? mn = null) : Exception(code)
    {
        public string Code { get; } = code;
        public string? Mn { get; } = mn;
    }

    private async Task ServeAsync(Socket socket)
    {
        var remote = socket.RemoteEndPoint?.ToString();
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024, leaveOpen: true));
        var reassembly = new Hj212Reassembly();
        var scratch = new byte[Hj212Framing.MaxPacketBytes];
        DateTimeOffset? packetStarted = null;
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        try
        {
            while (true)
            {
                // The deadline of this read: idle between packets, the rest of the packet's time once it has begun.
                var now = _clock.GetUtcNow();
                var wait = packetStarted is { } started
                    ? TimeSpan.FromMilliseconds(_options.PacketTimeoutMs) - (now - started)
                    : TimeSpan.FromMilliseconds(_options.IdleTimeoutMs);
                if (wait <= TimeSpan.Zero) throw new Refused(Hj212Refusals.Timeout);
                // One deadline source per connection, reset for each read (not a new timer source a packet).
                if (!deadline.TryReset())
                {
                    deadline.Dispose();
                    deadline = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                }
                deadline.CancelAfter(wait);
                ReadResult result;
                try { result = await reader.ReadAsync(deadline.Token); }
                catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
                {
                    if (packetStarted is null) return; // idle: a quiet close, not a refusal
                    throw new Refused(Hj212Refusals.Timeout);
                }
                var buffer = result.Buffer;
                while (!buffer.IsEmpty)
                {
                    var window = buffer.Length <= Hj212Framing.MaxPacketBytes ? buffer : buffer.Slice(0, Hj212Framing.MaxPacketBytes);
                    ReadOnlySpan<byte> span;
                    if (window.IsSingleSegment) span = window.FirstSpan;
                    else
                    {
                        window.CopyTo(scratch);
                        span = scratch.AsSpan(0, (int)window.Length);
                    }
                    var frame = Hj212Framing.TryRead(span);
                    if (frame.NeedsMore) break;
                    if (!frame.IsPacket) throw new Refused(Hj212Refusals.Of(frame.Error));
                    Interlocked.Increment(ref _packets);
                    await HandleAsync(frame.DataSegment!, stream, reassembly, deadline.Token);
                    buffer = buffer.Slice(frame.Consumed);
                }
                packetStarted = buffer.IsEmpty ? null : packetStarted ?? _clock.GetUtcNow();
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty) throw new Refused(Hj212Refusals.PacketCut);
                    return;
                }
            }
        }
        catch (Refused r)
        {
            Interlocked.Increment(ref _refused);
            _log.LogWarning("{Code}: connection from {Remote} closed (MN {Mn})", r.Code, remote, r.Mn);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested) { }
        catch (IOException e)
        {
            _log.LogInformation("connection from {Remote} lost: {Error}", remote, e.Message);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A store failure (logged by the writer) or a bug on one connection: that connection ends, the others go on.
            Interlocked.Increment(ref _refused);
            _log.LogWarning("{Code}: connection from {Remote} closed: {Error}", Hj212Refusals.StoreFailed, remote, e.Message);
        }
        finally
        {
            deadline.Dispose();
            await reader.CompleteAsync();
        }
    }

    private async Task HandleAsync(string segment, Stream stream, Hj212Reassembly reassembly, CancellationToken ct)
    {
        var packet = Hj212Packet.Parse(segment, out var refusal) ?? throw new Refused(refusal!);
        _ = _book.Check(packet.Mn, packet.Pw, out var accepted) ?? throw new Refused(Hj212Refusals.MnUnknown, packet.Mn);
        if (!accepted) throw new Refused(Hj212Refusals.PasswordWrong, packet.Mn);
        // Only uploads are stored; any other command (a reply, a heartbeat, a notification) is neither stored nor acknowledged.
        if (!Hj212Data.UploadCommands.Contains(packet.Cn)) return;

        IReadOnlyList<Hj212Packet> parts = [packet];
        if (packet.IsSplit)
        {
            var joined = reassembly.Add(packet, out refusal);
            if (refusal is not null) throw new Refused(refusal, packet.Mn);
            if (joined is null) return;
            (packet, parts) = joined.Value;
        }
        var upload = Hj212Data.ParseUpload(packet.Cn, packet.Cp, out refusal) ?? throw new Refused(refusal!, packet.Mn);
        var received = _clock.GetUtcNow();
        await _writer.StoreAsync(new StationUpload(packet.Mn, packet.Cn, packet.Qn, upload.DataTime,
            upload.Values.Select(v => new StationValue(v.Code, v.Value, v.Flag)).ToList(), received), ct);
        _lastPacket[packet.Mn] = received;
        foreach (var part in parts.Where(p => p.WantsReply))
        {
            await stream.WriteAsync(Hj212Framing.Encode(part.DataAck().ToSegment()), ct);
            Interlocked.Increment(ref _acks);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener?.Stop();
        if (_accepting is not null) await _accepting;
        await Task.WhenAll(_connections.Values);
        await _writer.DisposeAsync();
        _stop.Dispose();
    }
}
