namespace Strongroom.Audit;

/// <summary>The "auth" block of an audit entry: who made the request.</summary>
public sealed record AuditAuth
{
    /// <summary>Raw client token; HMACed by the formatter, never written in plaintext unless log_raw.</summary>
    public string ClientToken { get; init; } = "";

    /// <summary>Raw token accessor; HMACed unless the device sets hmac_accessor=false.</summary>
    public string Accessor { get; init; } = "";

    public string DisplayName { get; init; } = "";

    public IReadOnlyList<string> Policies { get; init; } = [];

    public IReadOnlyList<string> TokenPolicies { get; init; } = [];

    public string EntityId { get; init; } = "";

    /// <summary>Token metadata (role names, usernames); written as-is like Vault does.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    public string TokenType { get; init; } = "service";

    public string RemoteAddress { get; init; } = "";

    public override string ToString() => $"auth {DisplayName}";
}
