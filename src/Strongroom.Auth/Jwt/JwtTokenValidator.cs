using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Strongroom.Auth.Common;

namespace Strongroom.Auth.Jwt;

/// <summary>
/// Validates a login JWT against the mount config and a role: the signature with
/// Microsoft.IdentityModel (signed tokens only, allowed algorithms only), then the registered and
/// bound claims by hand against the mount clock. Returns the payload or a clear error; never the token.
/// </summary>
internal sealed class JwtTokenValidator(JwtConfig config, JwtKeySource keys, TimeProvider clock)
{
    /// <summary>What Microsoft.IdentityModel verifies on .NET 10 (no EdDSA: the framework has no Ed25519).</summary>
    public static readonly IReadOnlyList<string> SupportedAlgorithms =
        ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"];

    private static readonly JsonWebTokenHandler Handler = new();

    public async ValueTask<(JsonObject? Claims, string? Error)> ValidateAsync(string jwt, JwtRole role, CancellationToken ct)
    {
        JsonWebToken token;
        try
        {
            token = new JsonWebToken(jwt);
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenMalformedException)
        {
            return (null, "error parsing token: not a well-formed JWT");
        }

        var alg = token.Alg ?? "";
        if (alg.Length == 0 || alg.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return (null, "token is not signed (alg \"none\" is not allowed)");
        }

        var allowed = config.JwtSupportedAlgs.Count > 0 ? config.JwtSupportedAlgs : SupportedAlgorithms;
        if (!allowed.Contains(alg, StringComparer.Ordinal) || !SupportedAlgorithms.Contains(alg, StringComparer.Ordinal))
        {
            return (null, $"unsupported signing algorithm \"{alg}\"");
        }

        var signatureError = await VerifySignatureAsync(jwt, token.Kid, allowed, ct).ConfigureAwait(false);
        if (signatureError is not null)
        {
            return (null, signatureError);
        }

        JsonObject claims;
        try
        {
            claims = JsonNode.Parse(Base64UrlEncoder.Decode(token.EncodedPayload)) as JsonObject
                ?? throw new JsonException();
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException)
        {
            return (null, "error parsing token: payload is not a JSON object");
        }

        return (claims, ValidateClaims(claims, role));
    }

    private async ValueTask<string?> VerifySignatureAsync(string jwt, string? kid, IReadOnlyList<string> allowed, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var (signingKeys, error) = await keys.GetKeysAsync(kid, ct).ConfigureAwait(false);
            if (error is not null)
            {
                return error;
            }

            var parameters = new TokenValidationParameters
            {
                ValidateIssuer = false,
                ValidateAudience = false,
                ValidateLifetime = false,
                RequireExpirationTime = false,
                RequireAudience = false,
                ValidateIssuerSigningKey = false,
                RequireSignedTokens = true,
                TryAllIssuerSigningKeys = true,
                IssuerSigningKeys = signingKeys,
                ValidAlgorithms = allowed,
            };
            var result = await Handler.ValidateTokenAsync(jwt, parameters).ConfigureAwait(false);
            if (result.IsValid)
            {
                return null;
            }

            var knownKid = !string.IsNullOrEmpty(kid) && signingKeys.Any(k => k.KeyId == kid);
            if (knownKid || attempt == 1)
            {
                return knownKid || string.IsNullOrEmpty(kid)
                    ? "error validating token: signature verification failed"
                    : "error validating token: signed by an unknown key (no matching key ID)";
            }
        }

        return "error validating token: signature verification failed";
    }

    private string? ValidateClaims(JsonObject claims, JwtRole role)
    {
        var now = clock.GetUtcNow();
        var skew = role.ClockSkewLeeway;
        var exp = ClaimReader.AsTime(claims["exp"]);
        if (claims["exp"] is not null && exp is null)
        {
            return "invalid exp claim";
        }

        if (exp is { } e && now > e + skew + role.ExpirationLeeway)
        {
            return "token is expired (exp)";
        }

        var nbf = ClaimReader.AsTime(claims["nbf"]);
        if (nbf is { } n && now < n - skew - role.NotBeforeLeeway)
        {
            return "token is not yet valid (nbf)";
        }

        if (ClaimReader.AsTime(claims["iat"]) is { } iat && now < iat - skew)
        {
            return "token issued in the future (iat)";
        }

        var expectedIssuer = config.BoundIssuer.Length > 0 ? config.BoundIssuer : keys.DiscoveredIssuer;
        if (expectedIssuer.Length > 0 && ClaimReader.AsScalar(claims["iss"]) != expectedIssuer)
        {
            return "invalid issuer (iss) claim";
        }

        var audiences = ClaimReader.AsList(claims["aud"]) ?? [];
        if (role.BoundAudiences.Count > 0)
        {
            if (!audiences.Any(role.BoundAudiences.Contains))
            {
                return "invalid audience (aud) claim: audience claim does not match any expected audience";
            }
        }
        else if (audiences.Count > 0)
        {
            return "audience claim found in JWT but no audiences bound to the role";
        }

        if (role.BoundSubject.Length > 0 && ClaimReader.AsScalar(claims["sub"]) != role.BoundSubject)
        {
            return "sub claim does not match bound subject";
        }

        foreach (var (claim, expected) in role.BoundClaims)
        {
            var actual = ClaimReader.AsList(ClaimReader.Get(claims, claim));
            if (actual is null)
            {
                return $"claim \"{claim}\" is missing";
            }

            var glob = role.BoundClaimsType == "glob";
            if (!actual.Any(a => expected.Any(x => glob ? Glob.IsMatch(x, a) : x == a)))
            {
                return $"claim \"{claim}\" does not match any associated bound claim values";
            }
        }

        return null;
    }
}
