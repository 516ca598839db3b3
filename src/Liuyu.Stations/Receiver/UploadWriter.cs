using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Liuyu.Stations.Receiver;

/// <summary>
/// The receiver's one writer (group commit): connections hand their uploads to a bounded queue and wait; the writer
/// takes everything queued by then from all connections (up to a batch), stores it in one transaction, and only after
/// that commit tells each connection, which acknowledges. While one batch commits the next one gathers, so the more
/// connections send, the larger the batches and the fewer the commits (one fsync serves them all). The writer keeps
/// one store (one database connection) open across batches and opens a new one after a failure.
/// </summary>
public sealed class UploadWriter : IAsyncDisposable
{
    private readonly Channel<(StationUpload Upload, TaskCompletionSource Done)> _queue;
    private readonly Func<IStationStore> _open;
    private readonly int _batchSize;
    private readonly ILogger _log;
    private readonly Task _loop;
    private IStationStore? _store;
    private long _stored, _already, _batches;

    private readonly TimeSpan _refreshEvery;
    private readonly CancellationTokenSource _stopRefresh = new();
    private readonly Task _refreshing;
    private int _storedSinceRefresh;

    public UploadWriter(Func<IStationStore> open, int capacity, int batchSize, ILogger log, TimeSpan? refreshEvery = null)
    {
        _refreshEvery = refreshEvery ?? TimeSpan.FromMinutes(1);
        _open = open;
        _batchSize = batchSize;
        _log = log;
        _queue = Channel.CreateBounded<(StationUpload, TaskCompletionSource)>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _loop = Task.Run(RunAsync);
        _refreshing = Task.Run(RefreshAsync);
    }

    public long ValuesStored => Interlocked.Read(ref _stored);
    public long ValuesAlreadyStored => Interlocked.Read(ref _already);
    public long Batches => Interlocked.Read(ref _batches);
    public int Waiting => _queue.Reader.Count;

    /// <summary>Completes when the upload is stored; throws when it could not be (then it must not be acknowledged).</summary>
    public async Task StoreAsync(StationUpload upload, CancellationToken ct)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync((upload, done), ct);
        await done.Task.WaitAsync(ct);
    }

    private async Task RunAsync()
    {
        var batch = new List<(StationUpload Upload, TaskCompletionSource Done)>(_batchSize);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < _batchSize && _queue.Reader.TryRead(out var item)) batch.Add(item);
            try
            {
                _store ??= _open();
                var report = _store.StoreUploads(batch.Select(b => b.Upload).ToList());
                Interlocked.Add(ref _stored, report.Stored);
                Interlocked.Add(ref _already, report.AlreadyStored);
                Interlocked.Increment(ref _batches);
                foreach (var b in batch) b.Done.TrySetResult();
                if (report.Stored > 0) Interlocked.Exchange(ref _storedSinceRefresh, 1);
            }
            catch (Exception e)
            {
                // Nothing of the batch is acknowledged; the stations send it again.
                _log.LogError(e, "{Code}: {Count} uploads not stored", Hj212.Hj212Refusals.StoreFailed, batch.Count);
                foreach (var b in batch) b.Done.TrySetException(e);
                try { _store?.Dispose(); } catch (Exception) { /* a broken connection may fail to close */ }
                _store = null;
            }
        }
    }

    /// <summary>
    /// Now and then (every <c>refreshEvery</c>, when uploads were stored since), the section-months that values arrived
    /// for are evaluated again and stored (the summary loading the scheme reads), on a store of its own beside the
    /// batches, so that the evaluation does not hold the uploads up. A failure loses nothing: the months stay stale and
    /// are evaluated from their values when read.
    /// </summary>
    private async Task RefreshAsync()
    {
        using var timer = new PeriodicTimer(_refreshEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopRefresh.Token))
            {
                if (Interlocked.Exchange(ref _storedSinceRefresh, 0) == 0) continue;
                try
                {
                    using var store = _open();
                    store.RefreshStationMonths();
                }
                catch (Exception e)
                {
                    _log.LogWarning("station month summaries not refreshed: {Error}", e.Message);
                }
            }
        }
        catch (OperationCanceledException) { }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        _store?.Dispose();
        _stopRefresh.Cancel();
        await _refreshing;
        _stopRefresh.Dispose();
    }
}
