namespace Strongroom.Server.Tests.Infrastructure;

/// <summary>A clock the test moves by hand: TTL logic without sleeping.</summary>
public sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
