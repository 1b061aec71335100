namespace Strongroom.Core.Tokens;

/// <summary>Validated parameters for a new token (from auth/token/create or a login).</summary>
public sealed class TokenCreateRequest
{
    /// <summary>Custom id (root only, or dev mode's -dev-root-token-id); null to generate.</summary>
    public string? Id { get; init; }

    public List<string> Policies { get; init; } = [];

    public Dictionary<string, string> Meta { get; init; } = [];

    public string DisplayName { get; init; } = "token";

    public int NumUses { get; init; }

    public TimeSpan Ttl { get; init; }

    public TimeSpan ExplicitMaxTtl { get; init; }

    public TimeSpan Period { get; init; }

    public bool Renewable { get; init; } = true;

    public bool Orphan { get; init; }

    public string? ParentHash { get; init; }

    public string Path { get; init; } = "auth/token/create";

    public string EntityId { get; init; } = "";

    public List<string> BoundCidrs { get; init; } = [];

    public string? Role { get; init; }

    public Dictionary<string, string> InternalData { get; init; } = [];

    /// <summary>Root tokens (policy "root") with no TTL never expire.</summary>
    public bool NoExpiry { get; init; }
}
