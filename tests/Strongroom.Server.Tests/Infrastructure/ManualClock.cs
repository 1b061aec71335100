namespace Strongroom.Server.Tests.Infrastructure;

/// <summary>
/// A clock the test moves by hand: TTL and rate-window logic without sleeping. Safe to read while
/// another thread advances it (servers read it on request threads).
/// </summary>
public sealed class ManualClock : TimeProvider
{
    private readonly object _gate = new();
    private DateTimeOffset _now;

    public ManualClock()
        : this(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>Starts at <paramref name="start"/>, e.g. the real time when an external system checks it.</summary>
    public ManualClock(DateTimeOffset start)
    {
        _now = start;
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate)
        {
            _now += by;
        }
    }
}
