namespace Strongroom.Sdk;

/// <summary>Everything a backend gets from the core when it is mounted.</summary>
public sealed class MountContext
{
    /// <summary>The mount's private storage view.</summary>
    public required IStorageView Storage { get; init; }

    /// <summary>Injected clock; never read DateTime.UtcNow in a backend.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Mount point with trailing slash, e.g. "secret/".</summary>
    public string MountPoint { get; init; } = "";

    /// <summary>The mount's options (e.g. "version" = "2" for kv).</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    /// <summary>Current effective TTLs of the mount (tunable at run time, so read each time).</summary>
    public Func<MountTtls> Ttls { get; init; } = () => new MountTtls(TimeSpan.FromDays(32), TimeSpan.FromDays(32));
}

/// <summary>The effective default and max lease TTL of a mount.</summary>
public readonly record struct MountTtls(TimeSpan Default, TimeSpan Max);
