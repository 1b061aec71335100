using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Strongroom.Audit;

/// <summary>
/// A sink that hands notifications to a background loop through a bounded channel (the oldest is
/// dropped when 10,000 are waiting), so a slow receiver never blocks a request.
/// </summary>
internal abstract class BackgroundAlertSink : IAlertSink
{
    private readonly Channel<JsonObject> _queue = Channel.CreateBounded<JsonObject>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    protected BackgroundAlertSink(string name)
    {
        Name = name;
        _loop = Task.Run(RunAsync);
    }

    public string Name { get; }

    /// <summary>Notifications that could not be delivered (after retries).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    private long _dropped;

    public void Deliver(JsonObject notification)
    {
        _queue.Writer.TryWrite(notification);
    }

    /// <summary>Delivers what is queued (bounded by <paramref name="drainTimeout"/>), then stops.</summary>
    public async ValueTask DisposeAsync(TimeSpan drainTimeout)
    {
        _queue.Writer.TryComplete();
        try
        {
            await _loop.WaitAsync(drainTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
        }

        await ReleaseAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    public ValueTask DisposeAsync() => DisposeAsync(TimeSpan.FromSeconds(5));

    /// <summary>Sends one notification; false when it could not be delivered.</summary>
    protected abstract Task<bool> SendAsync(JsonObject notification, CancellationToken cancellationToken);

    protected virtual ValueTask ReleaseAsync() => ValueTask.CompletedTask;

    private async Task RunAsync()
    {
        try
        {
            await foreach (var notification in _queue.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                if (!await SendAsync(notification, _stop.Token).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref _dropped);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped while draining.
        }
    }
}
