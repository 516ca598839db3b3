using Liuyu.Server.Infrastructure;
using Liuyu.Stations.Receiver;

namespace Liuyu.Server.Features.Stations;

/// <summary>
/// The HJ 212-2017 receiver hosted by the server (issue 14): listens on <c>Liuyu:Hj212:Port</c> when it is set, and
/// not at all otherwise. It writes through the same store as the requests (connected per batch, the store was migrated
/// at start) and reads the registered stations from it, so a station imported on the import page is known at its next
/// packet. Stopped with the server.
/// </summary>
public sealed class StationReceiverService(ServerOptions options, StoreStartup startup, TimeProvider clock, ILogger<StationReceiverService> log) : IHostedService, IAsyncDisposable
{
    private Hj212Receiver? _receiver;

    /// <summary>The running receiver, or null when no port is configured.</summary>
    public Hj212Receiver? Receiver => _receiver;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Hj212.Port is null) return Task.CompletedTask;
        _receiver = new Hj212Receiver(options.Hj212, startup.ConnectStations, clock, log);
        _receiver.Start();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_receiver is { } r)
        {
            _receiver = null;
            await r.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);
}
