namespace Strongroom.Core.Tests.Barrier;

/// <summary>A TimeProvider whose time only moves when a test says so.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
