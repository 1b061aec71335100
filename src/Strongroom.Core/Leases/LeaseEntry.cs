using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Strongroom.Core.Leases;

/// <summary>A lease on a dynamic secret, persisted behind the barrier under its id.</summary>
public sealed class LeaseEntry
{
    [JsonPropertyName("lease_id")]
    public string LeaseId { get; set; } = "";

    /// <summary>The full request path that created it (e.g. "database/creds/readonly").</summary>
    [JsonPropertyName("path")]
    public string Path { get; set; } = "";

    /// <summary>The mount (full path, "database/") whose backend renews and revokes it.</summary>
    [JsonPropertyName("mount")]
    public string Mount { get; set; } = "";

    [JsonPropertyName("issue_time")]
    public DateTimeOffset IssueTime { get; set; }

    [JsonPropertyName("expire_time")]
    public DateTimeOffset ExpireTime { get; set; }

    [JsonPropertyName("max_expire_time")]
    public DateTimeOffset MaxExpireTime { get; set; }

    [JsonPropertyName("last_renewal_time")]
    public DateTimeOffset? LastRenewalTime { get; set; }

    [JsonPropertyName("renewable")]
    public bool Renewable { get; set; }

    /// <summary>Backend-private data for renew/revoke; never returned to clients.</summary>
    [JsonPropertyName("internal")]
    public JsonObject InternalData { get; set; } = new();

    /// <summary>Keyed hash of the token that created it: revoking the token revokes the lease.</summary>
    [JsonPropertyName("token_hash")]
    public string? TokenHash { get; set; }

    [JsonPropertyName("revoke_attempts")]
    public int RevokeAttempts { get; set; }

    [JsonPropertyName("last_revoke_error")]
    public string? LastRevokeError { get; set; }

    [JsonPropertyName("next_revoke_attempt")]
    public DateTimeOffset? NextRevokeAttempt { get; set; }

    /// <summary>When the lease is due for (re)revocation.</summary>
    [JsonIgnore]
    public DateTimeOffset DueTime => NextRevokeAttempt ?? ExpireTime;
}
