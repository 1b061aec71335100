namespace Strongroom.Auth.Common;

/// <summary>Failed-login bookkeeping for one alias (stored under "lockout/&lt;alias&gt;").</summary>
internal sealed class LockoutState
{
    public int FailedAttempts { get; set; }

    public DateTimeOffset LastFailure { get; set; }
}
