using System.Text.Json.Nodes;
using Strongroom.Auth.Common;

namespace Strongroom.Auth.Jwt;

/// <summary>One JWT/OIDC role as stored under "role/&lt;name&gt;".</summary>
internal sealed class JwtRole
{
    public string RoleType { get; set; } = "oidc";

    public List<string> BoundAudiences { get; set; } = [];

    public string UserClaim { get; set; } = "";

    public bool UserClaimJsonPointer { get; set; }

    public TimeSpan ClockSkewLeeway { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan ExpirationLeeway { get; set; } = TimeSpan.FromSeconds(150);

    public TimeSpan NotBeforeLeeway { get; set; } = TimeSpan.FromSeconds(150);

    public string BoundSubject { get; set; } = "";

    /// <summary>Claim name (or JSON pointer) to the accepted values.</summary>
    public Dictionary<string, List<string>> BoundClaims { get; set; } = [];

    /// <summary>"string" (exact) or "glob".</summary>
    public string BoundClaimsType { get; set; } = "string";

    public string GroupsClaim { get; set; } = "";

    /// <summary>Claim name (or JSON pointer) to token metadata key.</summary>
    public Dictionary<string, string> ClaimMappings { get; set; } = [];

    public List<string> AllowedRedirectUris { get; set; } = [];

    public List<string> OidcScopes { get; set; } = [];

    public TokenSettings Token { get; set; } = new();

    public JsonObject Describe()
    {
        var data = new JsonObject
        {
            ["role_type"] = RoleType,
            ["bound_audiences"] = TokenSettings.ToArray(BoundAudiences),
            ["user_claim"] = UserClaim,
            ["user_claim_json_pointer"] = UserClaimJsonPointer,
            ["clock_skew_leeway"] = (long)ClockSkewLeeway.TotalSeconds,
            ["expiration_leeway"] = (long)ExpirationLeeway.TotalSeconds,
            ["not_before_leeway"] = (long)NotBeforeLeeway.TotalSeconds,
            ["bound_subject"] = BoundSubject,
            ["bound_claims"] = BoundClaims.Count == 0 ? null : new JsonObject([.. BoundClaims.Select(kv =>
                KeyValuePair.Create(kv.Key, (JsonNode?)TokenSettings.ToArray(kv.Value)))]),
            ["bound_claims_type"] = BoundClaimsType,
            ["groups_claim"] = GroupsClaim,
            ["claim_mappings"] = ClaimMappings.Count == 0 ? null : new JsonObject([.. ClaimMappings.Select(kv =>
                KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))]),
            ["allowed_redirect_uris"] = TokenSettings.ToArray(AllowedRedirectUris),
            ["oidc_scopes"] = TokenSettings.ToArray(OidcScopes),
        };
        Token.WriteTo(data);
        return data;
    }
}
