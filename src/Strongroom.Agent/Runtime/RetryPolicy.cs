namespace Strongroom.Agent;

/// <summary>Exponential backoff with jitter: backoff, 2×, 4×, ... capped at max; counts consecutive failures.</summary>
internal sealed class RetryPolicy
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private readonly int _maxRetries;

    public RetryPolicy(TimeSpan initial, TimeSpan max, int maxRetries)
    {
        _initial = initial;
        _max = max;
        _maxRetries = maxRetries;
    }

    public int Failures { get; private set; }

    /// <summary>True once more consecutive failures happened than retries allowed (never when retries are -1).</summary>
    public bool Exhausted => _maxRetries >= 0 && Failures > _maxRetries;

    /// <summary>Records a failure and returns how long to wait before the next attempt.</summary>
    public TimeSpan Fail()
    {
        Failures++;
        var factor = Math.Pow(2, Math.Min(Failures - 1, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(_initial.Ticks * factor, _max.Ticks));
        // Up to 10% jitter so a fleet of agents does not retry in lockstep.
        var jitter = TimeSpan.FromTicks((long)(delay.Ticks * 0.1 * Random.Shared.NextDouble()));
        return delay - jitter;
    }

    public void Succeed() => Failures = 0;
}
