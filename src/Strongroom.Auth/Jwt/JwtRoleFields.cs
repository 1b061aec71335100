using System.Text.Json;
using System.Text.Json.Nodes;
using Strongroom.Auth.Common;
using Strongroom.Sdk;

namespace Strongroom.Auth.Jwt;

/// <summary>Applies a role write (partial update, Vault field names) to a <see cref="JwtRole"/>.</summary>
internal static class JwtRoleFields
{
    /// <summary>Returns an error message, or null when the role is valid. Throws <see cref="FieldException"/> for wrong types.</summary>
    public static string? Apply(JwtRole role, JsonObject data)
    {
        if (data.GetString("role_type") is { } type)
        {
            if (type is not ("jwt" or "oidc"))
            {
                return $"invalid role_type \"{type}\"";
            }

            role.RoleType = type;
        }

        role.BoundAudiences = data.GetStringList("bound_audiences") ?? role.BoundAudiences;
        role.UserClaim = data.GetString("user_claim") ?? role.UserClaim;
        role.UserClaimJsonPointer = data.GetBool("user_claim_json_pointer") ?? role.UserClaimJsonPointer;
        role.ClockSkewLeeway = Leeway(data, "clock_skew_leeway") ?? role.ClockSkewLeeway;
        role.ExpirationLeeway = Leeway(data, "expiration_leeway") ?? role.ExpirationLeeway;
        role.NotBeforeLeeway = Leeway(data, "not_before_leeway") ?? role.NotBeforeLeeway;
        role.BoundSubject = data.GetString("bound_subject") ?? role.BoundSubject;
        role.GroupsClaim = data.GetString("groups_claim") ?? role.GroupsClaim;
        role.ClaimMappings = data.GetStringMap("claim_mappings") ?? role.ClaimMappings;
        role.AllowedRedirectUris = data.GetStringList("allowed_redirect_uris") ?? role.AllowedRedirectUris;
        role.OidcScopes = data.GetStringList("oidc_scopes") ?? role.OidcScopes;
        if (data.GetString("bound_claims_type") is { } claimsType)
        {
            if (claimsType is not ("string" or "glob"))
            {
                return "invalid 'bound_claims_type': must be 'string' or 'glob'";
            }

            role.BoundClaimsType = claimsType;
        }

        if (data.GetObject("bound_claims") is { } bound)
        {
            var map = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var (claim, value) in bound)
            {
                var values = ClaimReader.AsList(value);
                if (values is null)
                {
                    return $"bound_claims: value of \"{claim}\" must be a string, number, boolean or a list of them";
                }

                map[claim] = values;
            }

            role.BoundClaims = map;
        }

        if (role.Token.Apply(data, legacyAliases: true) is { } tokenError)
        {
            return tokenError;
        }

        if (role.UserClaim.Length == 0)
        {
            return "a user claim must be defined on the role";
        }

        if (role.ClaimMappings.Values.GroupBy(v => v, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            return $"multiple keys are mapped to metadata key \"{duplicate.Key}\"";
        }

        if (role.RoleType == "jwt" && role.BoundAudiences.Count == 0 && role.BoundSubject.Length == 0
            && role.BoundClaims.Count == 0 && role.Token.TokenBoundCidrs.Count == 0)
        {
            return "must have at least one bound constraint when creating/updating a role";
        }

        return null;
    }

    private static TimeSpan? Leeway(JsonObject data, string name) =>
        data[name] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var n) && n < 0
            ? TimeSpan.Zero
            : data.GetDuration(name);
}
