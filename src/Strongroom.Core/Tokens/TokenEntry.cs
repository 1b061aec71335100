using System.Text.Json.Serialization;

namespace Strongroom.Core.Tokens;

/// <summary>
/// A token as stored (behind the barrier, keyed by the keyed hash of its id). The token id
/// itself is never stored; <see cref="IdHash"/> is.
/// </summary>
public sealed class TokenEntry
{
    [JsonPropertyName("id_hash")]
    public string IdHash { get; set; } = "";

    [JsonPropertyName("accessor")]
    public string Accessor { get; set; } = "";

    [JsonPropertyName("parent_hash")]
    public string? ParentHash { get; set; }

    [JsonPropertyName("policies")]
    public List<string> Policies { get; set; } = [];

    [JsonPropertyName("meta")]
    public Dictionary<string, string> Meta { get; set; } = [];

    [JsonPropertyName("display_name")]
    public string DisplayName { get; set; } = "";

    [JsonPropertyName("num_uses")]
    public int NumUses { get; set; }

    [JsonPropertyName("creation_time")]
    public DateTimeOffset CreationTime { get; set; }

    /// <summary>TTL at creation or last renewal; zero means no expiry (root tokens).</summary>
    [JsonPropertyName("ttl")]
    public TimeSpan Ttl { get; set; }

    [JsonPropertyName("creation_ttl")]
    public TimeSpan CreationTtl { get; set; }

    [JsonPropertyName("explicit_max_ttl")]
    public TimeSpan ExplicitMaxTtl { get; set; }

    [JsonPropertyName("period")]
    public TimeSpan Period { get; set; }

    /// <summary>Absolute hard limit (explicit max ttl / mount max); null means none.</summary>
    [JsonPropertyName("max_expire_time")]
    public DateTimeOffset? MaxExpireTime { get; set; }

    [JsonPropertyName("expire_time")]
    public DateTimeOffset? ExpireTime { get; set; }

    [JsonPropertyName("last_renewal_time")]
    public DateTimeOffset? LastRenewalTime { get; set; }

    [JsonPropertyName("renewable")]
    public bool Renewable { get; set; }

    [JsonPropertyName("path")]
    public string Path { get; set; } = "auth/token/create";

    [JsonPropertyName("orphan")]
    public bool Orphan { get; set; }

    [JsonPropertyName("entity_id")]
    public string EntityId { get; set; } = "";

    [JsonPropertyName("bound_cidrs")]
    public List<string> BoundCidrs { get; set; } = [];

    [JsonPropertyName("role")]
    public string? Role { get; set; }

    /// <summary>Auth-method-private data (e.g. role name) for renewals.</summary>
    [JsonPropertyName("internal")]
    public Dictionary<string, string> InternalData { get; set; } = [];

    /// <summary>The stable, non-secret scope id handed to per-token backends (cubbyhole).</summary>
    [JsonIgnore]
    public string Scope => IdHash;

    [JsonIgnore]
    public bool IsRoot => Policies.Contains("root", StringComparer.Ordinal);

    public bool IsExpired(DateTimeOffset now) => ExpireTime is { } e && now >= e;

    public override string ToString() => $"token(accessor-hash, policies={string.Join(',', Policies)})";
}
