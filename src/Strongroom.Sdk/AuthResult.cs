namespace Strongroom.Sdk;

/// <summary>
/// Returned by auth methods on a successful login; the core turns it into a token.
/// </summary>
public sealed class AuthResult
{
    public List<string> Policies { get; init; } = [];

    public string DisplayName { get; init; } = "";

    public Dictionary<string, string> Metadata { get; init; } = [];

    public TimeSpan Ttl { get; init; }

    public TimeSpan MaxTtl { get; init; }

    public TimeSpan Period { get; init; }

    public int NumUses { get; init; }

    public bool Renewable { get; init; } = true;

    /// <summary>CIDRs the token may be used from; empty means anywhere.</summary>
    public List<string> BoundCidrs { get; init; } = [];

    /// <summary>The identity-alias name for this login (e.g. role name, username, sub claim).</summary>
    public string? AliasName { get; init; }

    /// <summary>Backend-private state kept with the token (e.g. role name for renew checks).</summary>
    public Dictionary<string, string> InternalData { get; init; } = [];
}
