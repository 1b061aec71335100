namespace Strongroom.Engines.Tests;

/// <summary>A clock that only moves when told to.</summary>
public sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now;

    public ManualClock(DateTimeOffset? start = null)
    {
        _now = start ?? new DateTimeOffset(2025, 3, 22, 2, 24, 6, TimeSpan.Zero).AddTicks(9453192);
    }

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
