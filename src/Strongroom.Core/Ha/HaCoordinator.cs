using Strongroom.Core.Storage;

namespace Strongroom.Core.Ha;

/// <summary>
/// Runs on an unsealed HA node: keeps a heartbeat, competes for the lock while standby, renews it
/// while active. Becoming active reloads every cached service from storage (mount table, policies,
/// tokens, leases, audit), so a promoted standby serves fresh state; stepping down unloads them
/// again. A standby holds no cached state: the HTTP layer forwards its requests to the active node.
/// If renewal keeps failing for a whole TTL (PostgreSQL unreachable) the node steps down, because
/// its lock may have expired; fenced writes make that safe in the meantime.
/// </summary>
public sealed class HaCoordinator : IAsyncDisposable
{
    private readonly IHaLock _lock;
    private readonly Func<string> _apiAddr;
    private readonly Func<CancellationToken, ValueTask> _activate;
    private readonly Func<ValueTask> _deactivate;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private volatile bool _active;
    private volatile HaNode? _leader;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DateTimeOffset _lastRenewed;
    private DateTimeOffset _holdOffUntil;

    public HaCoordinator(IHaLock haLock, Func<string> apiAddr, Func<CancellationToken, ValueTask> activate, Func<ValueTask> deactivate, TimeProvider clock)
    {
        _lock = haLock;
        _apiAddr = apiAddr;
        _activate = activate;
        _deactivate = deactivate;
        _clock = clock;
        _loop = Task.Run(RunAsync);
    }

    public bool IsActive => _active;

    /// <summary>
    /// Active and the last successful renewal (timed from before it was sent) is less than one TTL
    /// old, so no other node can hold the lock yet. A node whose renewals stall (GC pause, slow
    /// database) stops serving as active by itself before a standby can take over.
    /// </summary>
    public bool HoldsFreshLock => _active && _clock.GetUtcNow() - _lastRenewed < _lock.Ttl;

    /// <summary>The last known holder of the lock (refreshed every poll), or null.</summary>
    public HaNode? Leader => _leader;

    /// <summary>When this node last became active (for sys/leader's active_time).</summary>
    public DateTimeOffset ActiveSince { get; private set; }

    /// <summary>
    /// sys/step-down: an active node unloads its state, releases the lock and stays out of the
    /// election for one TTL, so a standby takes over. No-op on a standby.
    /// </summary>
    public async ValueTask StepDownAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_active)
            {
                return;
            }

            _holdOffUntil = _clock.GetUtcNow() + _lock.Ttl;
            await StepDownAsync().ConfigureAwait(false);
            await _lock.ReleaseAsync(cancellationToken).ConfigureAwait(false);
            _leader = null;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        if (_active)
        {
            _active = false;
            await _deactivate().ConfigureAwait(false);
            try
            {
                await _lock.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (StorageUnavailableException)
            {
                // the lock expires on its own
            }
        }

        _stop.Dispose();
        _gate.Dispose();
    }

    private async Task RunAsync()
    {
        var token = _stop.Token;
        var poll = _lock.Ttl / 4;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await _gate.WaitAsync(token).ConfigureAwait(false);
                try
                {
                    await TickAsync(token).ConfigureAwait(false);
                }
                finally
                {
                    _gate.Release();
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // the background loop must survive any failure of one round; the next round retries
            catch (Exception) when (!token.IsCancellationRequested)
#pragma warning restore CA1031
            {
                if (_active && _clock.GetUtcNow() - _lastRenewed > _lock.Ttl)
                {
                    await StepDownAsync().ConfigureAwait(false);
                }
            }

            try
            {
                await Task.Delay(poll, _clock, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task TickAsync(CancellationToken token)
    {
        var addr = _apiAddr();
        await _lock.HeartbeatAsync(addr, token).ConfigureAwait(false);
        var before = _clock.GetUtcNow();
        if (!_active && before < _holdOffUntil)
        {
            // Just stepped down: leave the lock to the other nodes for a while.
            _leader = await _lock.GetLeaderAsync(token).ConfigureAwait(false);
            return;
        }

        var held = await _lock.TryHoldAsync(addr, token).ConfigureAwait(false);
        if (held)
        {
            _lastRenewed = before;
            if (!_active)
            {
                try
                {
                    await _activate(token).ConfigureAwait(false);
                }
                catch
                {
                    // Could not load state: give the lock back so another node can try.
                    await _lock.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
                    throw;
                }

                ActiveSince = _clock.GetUtcNow();
                _active = true;
            }
        }
        else if (_active)
        {
            await StepDownAsync().ConfigureAwait(false);
        }

        _leader = await _lock.GetLeaderAsync(token).ConfigureAwait(false);
    }

    private async Task StepDownAsync()
    {
        _active = false;
        await _deactivate().ConfigureAwait(false);
    }
}
