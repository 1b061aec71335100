namespace Strongroom.Auth.Jwt;

/// <summary>auth/jwt/config as stored under "config". Exactly one key source is set.</summary>
internal sealed class JwtConfig
{
    public string OidcDiscoveryUrl { get; set; } = "";

    public string OidcDiscoveryCaPem { get; set; } = "";

    public string OidcClientId { get; set; } = "";

    /// <summary>Stored for interactive OIDC (not implemented); never returned on read.</summary>
    public string OidcClientSecret { get; set; } = "";

    public string JwksUrl { get; set; } = "";

    public string JwksCaPem { get; set; } = "";

    public List<string> JwtValidationPubkeys { get; set; } = [];

    public List<string> JwtSupportedAlgs { get; set; } = [];

    public string BoundIssuer { get; set; } = "";

    public string DefaultRole { get; set; } = "";
}
