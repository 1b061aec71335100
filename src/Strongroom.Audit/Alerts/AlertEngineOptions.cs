namespace Strongroom.Audit;

/// <summary>Runtime dependencies of an <see cref="AlertEngine"/> (the rules come from configuration).</summary>
public sealed record AlertEngineOptions
{
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Salt (from behind the barrier) used to HMAC raw accessors in alerts. Pass the salt of the main
    /// audit device so alert accessors match the log. Null: a random per-process salt.
    /// </summary>
    public byte[]? IdentitySalt { get; init; }

    /// <summary>HttpClient for webhook sinks; null: one owned by the engine.</summary>
    public HttpClient? HttpClient { get; init; }

    /// <summary>How often tracked lease/token expiries are checked; zero disables the timer (call PublishDueExpiries).</summary>
    public TimeSpan ExpiryCheckInterval { get; init; } = TimeSpan.FromSeconds(30);
}
