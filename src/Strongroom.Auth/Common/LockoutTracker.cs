using Strongroom.Sdk;

namespace Strongroom.Auth.Common;

/// <summary>
/// Vault-style user lockout: after <see cref="LockoutPolicy.Threshold"/> failed logins, each less than
/// <see cref="LockoutPolicy.CounterReset"/> after the previous one, the alias is refused for
/// <see cref="LockoutPolicy.Duration"/> after the last failure, even with the right credentials,
/// until it expires or an operator unlocks it. State lives in the mount's storage.
/// </summary>
internal sealed class LockoutTracker(IStorageView storage, TimeProvider clock, Func<LockoutPolicy> currentPolicy)
{
    private const string Prefix = "lockout/";

    /// <summary>Read on every use: sys/auth/:path/tune user_lockout_config takes effect at once.</summary>
    private LockoutPolicy Policy => currentPolicy();

    public async ValueTask<bool> IsLockedAsync(string alias, CancellationToken cancellationToken)
    {
        if (Policy.Disabled)
        {
            return false;
        }

        var state = await StoredJson.ReadAsync<LockoutState>(storage, Prefix + alias, cancellationToken).ConfigureAwait(false);
        return state is not null && IsLocked(state, clock.GetUtcNow());
    }

    public async ValueTask RecordFailureAsync(string alias, CancellationToken cancellationToken)
    {
        if (Policy.Disabled)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var state = await StoredJson.ReadAsync<LockoutState>(storage, Prefix + alias, cancellationToken).ConfigureAwait(false)
            ?? new LockoutState();
        if (state.FailedAttempts > 0 && now - state.LastFailure > (IsLocked(state, state.LastFailure) ? Policy.Duration : Policy.CounterReset))
        {
            state.FailedAttempts = 0;
        }

        state.FailedAttempts++;
        state.LastFailure = now;
        await StoredJson.WriteAsync(storage, Prefix + alias, state, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask ResetAsync(string alias, CancellationToken cancellationToken) =>
        storage.DeleteAsync(Prefix + alias, cancellationToken);

    /// <summary>Aliases currently locked out, sorted.</summary>
    public async ValueTask<List<string>> ListLockedAsync(CancellationToken cancellationToken)
    {
        var locked = new List<string>();
        var now = clock.GetUtcNow();
        foreach (var alias in await storage.ListAsync(Prefix, cancellationToken).ConfigureAwait(false))
        {
            var state = await StoredJson.ReadAsync<LockoutState>(storage, Prefix + alias, cancellationToken).ConfigureAwait(false);
            if (state is not null && IsLocked(state, now))
            {
                locked.Add(alias);
            }
        }

        return locked;
    }

    private bool IsLocked(LockoutState state, DateTimeOffset now) =>
        state.FailedAttempts >= Policy.Threshold && now - state.LastFailure < Policy.Duration;
}
