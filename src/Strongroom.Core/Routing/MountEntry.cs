using System.Text.Json.Serialization;

namespace Strongroom.Core.Routing;

/// <summary>One row of the mount table (secrets engines under "", auth methods under "auth/").</summary>
public sealed class MountEntry
{
    /// <summary>Path with trailing slash, relative to its table ("secret/", or "approle/" for auth/approle/).</summary>
    [JsonPropertyName("path")]
    public string Path { get; set; } = "";

    [JsonPropertyName("type")]
    public string Type { get; set; } = "";

    [JsonPropertyName("description")]
    public string Description { get; set; } = "";

    [JsonPropertyName("uuid")]
    public string Uuid { get; set; } = "";

    [JsonPropertyName("accessor")]
    public string Accessor { get; set; } = "";

    [JsonPropertyName("options")]
    public Dictionary<string, string> Options { get; set; } = [];

    [JsonPropertyName("default_lease_ttl")]
    public TimeSpan DefaultLeaseTtl { get; set; }

    [JsonPropertyName("max_lease_ttl")]
    public TimeSpan MaxLeaseTtl { get; set; }

    [JsonPropertyName("local")]
    public bool Local { get; set; }

    [JsonPropertyName("seal_wrap")]
    public bool SealWrap { get; set; }

    [JsonPropertyName("audit_non_hmac_request_keys")]
    public List<string> AuditNonHmacRequestKeys { get; set; } = [];

    [JsonPropertyName("audit_non_hmac_response_keys")]
    public List<string> AuditNonHmacResponseKeys { get; set; } = [];

    [JsonPropertyName("listing_visibility")]
    public string ListingVisibility { get; set; } = "";

    [JsonPropertyName("passthrough_request_headers")]
    public List<string> PassthroughRequestHeaders { get; set; } = [];

    /// <summary>True for built-in mounts that cannot be disabled (sys/, cubbyhole/, identity/, token/).</summary>
    [JsonPropertyName("builtin")]
    public bool BuiltIn { get; set; }
}
