using System.Globalization;
using Strongroom.Sdk;

namespace Strongroom.Auth.Common;

/// <summary>
/// Vault's user lockout settings (sys/auth/:path/tune user_lockout_config), read from the mount
/// options "lockout_threshold", "lockout_duration", "lockout_counter_reset" and "disable_lockout".
/// Defaults as in Vault: 5 failed attempts, locked 15m, counter reset after 15m.
/// </summary>
internal sealed record LockoutPolicy(int Threshold, TimeSpan Duration, TimeSpan CounterReset, bool Disabled)
{
    public static LockoutPolicy Default { get; } = new(5, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15), false);

    public static LockoutPolicy FromOptions(IReadOnlyDictionary<string, string> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var threshold = options.TryGetValue("lockout_threshold", out var t)
            && int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : Default.Threshold;
        var duration = options.TryGetValue("lockout_duration", out var d) && Durations.TryParse(d, out var dv) && dv > TimeSpan.Zero
            ? dv : Default.Duration;
        var reset = options.TryGetValue("lockout_counter_reset", out var r) && Durations.TryParse(r, out var rv) && rv > TimeSpan.Zero
            ? rv : Default.CounterReset;
        var disabled = options.TryGetValue("disable_lockout", out var x) && bool.TryParse(x, out var xv) && xv;
        return new LockoutPolicy(threshold, duration, reset, disabled);
    }
}
