namespace Strongroom.Core;

/// <summary>Validated core settings (from the server config file or dev defaults).</summary>
public sealed class CoreOptions
{
    /// <summary>System default lease/token TTL (Vault: 768h).</summary>
    public TimeSpan DefaultLeaseTtl { get; init; } = TimeSpan.FromHours(768);

    /// <summary>System max lease/token TTL (Vault: 768h).</summary>
    public TimeSpan MaxLeaseTtl { get; init; } = TimeSpan.FromHours(768);

    /// <summary>Storage type reported by sys/seal-status ("inmem", "sqlite", "postgresql").</summary>
    public string StorageType { get; init; } = "inmem";

    /// <summary>How often expired tokens are swept.</summary>
    public TimeSpan TidyInterval { get; init; } = TimeSpan.FromSeconds(30);

    public string ClusterName { get; init; } = "strongroom-cluster";

    /// <summary>The server config as JSON, for its alert/alert_sink/alert_settings blocks (null: default rules).</summary>
    public global::System.Text.Json.Nodes.JsonObject? AlertConfig { get; init; }

    public void Validate()
    {
        if (DefaultLeaseTtl <= TimeSpan.Zero || MaxLeaseTtl <= TimeSpan.Zero)
        {
            throw new ArgumentException("default_lease_ttl and max_lease_ttl must be positive");
        }

        if (DefaultLeaseTtl > MaxLeaseTtl)
        {
            throw new ArgumentException("default_lease_ttl cannot exceed max_lease_ttl");
        }
    }
}
