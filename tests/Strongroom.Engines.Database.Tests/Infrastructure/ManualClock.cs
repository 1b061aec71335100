namespace Strongroom.Engines.Database.Tests.Infrastructure;

/// <summary>
/// A clock the test moves by hand. It starts at the real current time because PostgreSQL checks
/// VALID UNTIL against its own clock: a credential issued "in the past" could not log in.
/// </summary>
public sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
