using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Strongroom.Auth.Tests.Jwt;

/// <summary>A signing key generated at run time (RSA 2048 or ECDSA P-256) that mints JWTs and publishes its JWK.</summary>
internal sealed class TestSigner : IDisposable
{
    private readonly RSA? _rsa;
    private readonly ECDsa? _ecdsa;

    private TestSigner(string kid, RSA? rsa, ECDsa? ecdsa)
    {
        Kid = kid;
        _rsa = rsa;
        _ecdsa = ecdsa;
    }

    public string Kid { get; }

    public string Alg => _rsa is not null ? "RS256" : "ES256";

    public static TestSigner Rsa(string kid) => new(kid, RSA.Create(2048), null);

    public static TestSigner EcP256(string kid) => new(kid, null, ECDsa.Create(ECCurve.NamedCurves.nistP256));

    public string PublicKeyPem() => _rsa is not null ? _rsa.ExportSubjectPublicKeyInfoPem() : _ecdsa!.ExportSubjectPublicKeyInfoPem();

    public JsonObject Jwk()
    {
        if (_rsa is not null)
        {
            var p = _rsa.ExportParameters(false);
            return new JsonObject
            {
                ["kty"] = "RSA", ["kid"] = Kid, ["use"] = "sig", ["alg"] = "RS256",
                ["n"] = Base64UrlEncoder.Encode(p.Modulus), ["e"] = Base64UrlEncoder.Encode(p.Exponent),
            };
        }

        var q = _ecdsa!.ExportParameters(false).Q;
        return new JsonObject
        {
            ["kty"] = "EC", ["kid"] = Kid, ["use"] = "sig", ["alg"] = "ES256", ["crv"] = "P-256",
            ["x"] = Base64UrlEncoder.Encode(q.X), ["y"] = Base64UrlEncoder.Encode(q.Y),
        };
    }

    public string Sign(JsonObject claims, string? kidOverride = null)
    {
        SecurityKey key = _rsa is not null ? new RsaSecurityKey(_rsa) : new ECDsaSecurityKey(_ecdsa);
        key.KeyId = kidOverride ?? Kid;
        var credentials = new SigningCredentials(key, Alg);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(claims.ToJsonString(), credentials);
    }

    /// <summary>A token with header {"alg":"none"} and an empty signature.</summary>
    public static string Unsigned(JsonObject claims, string alg = "none") =>
        Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes($"{{\"alg\":\"{alg}\",\"typ\":\"JWT\"}}")) + "."
        + Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(claims.ToJsonString())) + ".";

    public void Dispose()
    {
        _rsa?.Dispose();
        _ecdsa?.Dispose();
    }
}
