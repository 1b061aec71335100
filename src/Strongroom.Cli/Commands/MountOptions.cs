using System.Text.Json.Nodes;
using Strongroom.Cli.Flags;

namespace Strongroom.Cli.Commands;

/// <summary>The flags shared by "secrets enable/tune" and "auth enable/tune" and the JSON they produce.</summary>
internal sealed class MountOptions
{
    public MountOptions(FlagSet flags, bool withVersion)
    {
        Description = flags.String("description", null, "Human-friendly description of the mount.");
        DefaultLeaseTtl = flags.Duration("default-lease-ttl", "Default lease TTL for this mount; \"system\" default when unset.");
        MaxLeaseTtl = flags.Duration("max-lease-ttl", "Maximum lease TTL for this mount.");
        Options = flags.List("options", "Engine-specific key=value options (repeatable).", splitCommas: false);
        if (withVersion)
        {
            Version = flags.Int("version", 0, "Engine version (kv: 1 or 2). Same as -options=version=N.");
        }
    }

    public StringFlag Description { get; }

    public DurationFlag DefaultLeaseTtl { get; }

    public DurationFlag MaxLeaseTtl { get; }

    public StringListFlag Options { get; }

    public IntFlag? Version { get; }

    /// <summary>Adds description/config/options to the body; only flags that were given are sent.</summary>
    public void AddTo(JsonObject body, ICliEnvironment environment, bool tune, int? impliedVersion = null)
    {
        if (Description.IsSet)
        {
            body["description"] = Description.Value;
        }

        var config = tune ? body : new JsonObject();
        if (DefaultLeaseTtl.IsSet)
        {
            config["default_lease_ttl"] = DefaultLeaseTtl.Value;
        }

        if (MaxLeaseTtl.IsSet)
        {
            config["max_lease_ttl"] = MaxLeaseTtl.Value;
        }

        if (!tune && config.Count > 0)
        {
            body["config"] = config;
        }

        var options = KeyValueArgs.Parse(Options.Values, environment);
        var version = Version is { IsSet: true } v ? v.Value : impliedVersion;
        if (version is > 0)
        {
            options["version"] = version.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (options.Count > 0)
        {
            body["options"] = options;
        }
    }
}
