using System.Text.Json.Nodes;

namespace Strongroom.Sdk;

/// <summary>
/// Lease options a backend attaches to a secret it returns. The core registers the lease,
/// assigns lease_id, and later calls the backend's Renew/Revoke with <see cref="InternalData"/>.
/// </summary>
public sealed class SecretLease
{
    public TimeSpan Ttl { get; set; }

    public TimeSpan MaxTtl { get; set; }

    public bool Renewable { get; set; }

    /// <summary>Backend-private state needed to renew or revoke (never returned to clients).</summary>
    public JsonObject InternalData { get; set; } = new();

    /// <summary>
    /// When false the response only reports lease_duration (like KV v1's ttl) and no lease is
    /// registered or id issued.
    /// </summary>
    public bool Register { get; set; } = true;

    /// <summary>Set by the core on renew and revoke: when the lease was issued.</summary>
    public DateTimeOffset? IssueTime { get; set; }

    /// <summary>Set by the core on renew and revoke: the latest the lease may ever expire (its max TTL).</summary>
    public DateTimeOffset? MaxExpireTime { get; set; }
}
