using System.Security.Cryptography;
using System.Text;
using Strongroom.Sdk;

namespace Strongroom.Engines.Tests.Transit;

public sealed class SignPathsTests
{
    private readonly TransitHarness _t = new();
    private static readonly string Input = TransitHarness.B64("fake message to sign");

    [Theory]
    [InlineData("ecdsa-p256", null)]
    [InlineData("ecdsa-p384", "sha2-384")]
    [InlineData("rsa-2048", "sha2-512")]
    public void SignVerify_RoundTrips_AndRejectsOtherInput(string type, string? hash)
    {
        _t.Write("keys/s", new { type });
        var path = hash is null ? "s" : "s/" + hash;

        var signed = _t.Write("sign/" + path, new { input = Input });
        var signature = (string)signed.Data!["signature"]!;

        Assert.StartsWith("vault:v1:", signature, StringComparison.Ordinal);
        Assert.Equal(1, (int)signed.Data["key_version"]!);
        Assert.True((bool)_t.Write("verify/" + path, new { input = Input, signature }).Data!["valid"]!);
        Assert.False((bool)_t.Write("verify/" + path, new { input = TransitHarness.B64("other"), signature }).Data!["valid"]!);
    }

    [Fact]
    public void Ecdsa_SignatureVerifiesWithThePublishedPublicKey_Asn1AndJws()
    {
        _t.Write("keys/s", new { type = "ecdsa-p256" });
        var pem = (string)_t.Read("keys/s").Data!["keys"]!["1"]!["public_key"]!;
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(pem);
        var message = Convert.FromBase64String(Input);

        var der = Convert.FromBase64String(((string)_t.Write("sign/s", new { input = Input }).Data!["signature"]!)["vault:v1:".Length..]);
        var jws = (string)_t.Write("sign/s", new { input = Input, marshaling_algorithm = "jws" }).Data!["signature"]!;
        var raw = Convert.FromBase64String(jws["vault:v1:".Length..].Replace('-', '+').Replace('_', '/') + "==");

        Assert.True(ecdsa.VerifyData(message, der, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        Assert.True(ecdsa.VerifyData(message, raw, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        Assert.True((bool)_t.Write("verify/s", new { input = Input, signature = jws, marshaling_algorithm = "jws" }).Data!["valid"]!);
    }

    [Theory]
    [InlineData("pss")]
    [InlineData("pkcs1v15")]
    public void Rsa_SignatureVerifiesWithThePublishedPublicKey(string algorithm)
    {
        _t.Write("keys/r", new { type = "rsa-2048" });
        using var rsa = RSA.Create();
        rsa.ImportFromPem((string)_t.Read("keys/r").Data!["keys"]!["1"]!["public_key"]!);

        var signature = (string)_t.Write("sign/r", new { input = Input, signature_algorithm = algorithm }).Data!["signature"]!;

        var padding = algorithm == "pss" ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
        Assert.True(rsa.VerifyData(Convert.FromBase64String(Input), Convert.FromBase64String(signature["vault:v1:".Length..]), HashAlgorithmName.SHA256, padding));
        Assert.True((bool)_t.Write("verify/r", new { input = Input, signature, signature_algorithm = algorithm }).Data!["valid"]!);
    }

    [Fact]
    public void Ed25519_Refused_WithTheReason()
    {
        var created = _t.Write("keys/e", new { type = "ed25519" });

        Assert.Equal(ErrorCode.BadRequest, created.ErrorCode);
        Assert.Contains("ed25519 is not supported", created.Errors[0], StringComparison.Ordinal);
        Assert.Equal("signing key not found", _t.Write("sign/e", new { input = Input }).Errors[0]);
    }

    [Fact]
    public void Verify_TamperedOrMalformedSignature()
    {
        _t.Write("keys/s", new { type = "ecdsa-p256" });
        var signature = (string)_t.Write("sign/s", new { input = Input }).Data!["signature"]!;
        var bytes = Convert.FromBase64String(signature["vault:v1:".Length..]);
        bytes[^1] ^= 1;

        var tampered = _t.Write("verify/s", new { input = Input, signature = "vault:v1:" + Convert.ToBase64String(bytes) });
        var badBase64 = _t.Write("verify/s", new { input = Input, signature = "vault:v1:***" });
        var noPrefix = _t.Write("verify/s", new { input = Input, signature = "abc" });
        var futureVersion = _t.Write("verify/s", new { input = Input, signature = "vault:v2:" + Convert.ToBase64String(bytes) });
        var neither = _t.Write("verify/s", new { input = Input });

        Assert.False((bool)tampered.Data!["valid"]!);
        Assert.Contains("base64", badBase64.Errors[0], StringComparison.Ordinal);
        Assert.Contains("no prefix", noPrefix.Errors[0], StringComparison.Ordinal);
        Assert.Equal("invalid key version", futureVersion.Errors[0]);
        Assert.Equal(ErrorCode.BadRequest, neither.ErrorCode);
    }

    [Fact]
    public void Sign_AfterRotate_OldSignaturesVerifyUntilMinDecryptionVersion()
    {
        _t.Write("keys/s", new { type = "ecdsa-p256" });
        var old = (string)_t.Write("sign/s", new { input = Input }).Data!["signature"]!;
        _t.Write("keys/s/rotate");
        var fresh = (string)_t.Write("sign/s", new { input = Input }).Data!["signature"]!;

        Assert.StartsWith("vault:v2:", fresh, StringComparison.Ordinal);
        Assert.True((bool)_t.Write("verify/s", new { input = Input, signature = old }).Data!["valid"]!);
        _t.Write("keys/s/config", new { min_decryption_version = 2 });
        Assert.Contains("disallowed by policy", _t.Write("verify/s", new { input = Input, signature = old }).Errors[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"input": "aGk=", "signature_algorithm": "nope"}""", "signature algorithm")]
    [InlineData("""{"input": "aGk=", "marshaling_algorithm": "der"}""", "marshaling")]
    [InlineData("""{"input": "aGk=", "hash_algorithm": "sha2-224"}""", "unsupported hash algorithm")]
    [InlineData("""{"input": "aGk=", "hash_algorithm": "md5"}""", "unsupported hash algorithm")]
    [InlineData("""{"input": "aGk=", "prehashed": true}""", "wrong length")]
    [InlineData("""{"input": "@@"}""", "base64")]
    public void Sign_BadInput_BadRequest(string body, string message)
    {
        _t.Write("keys/s", new { type = "ecdsa-p256" });

        var response = _t.Write("sign/s", body);

        Assert.Equal(ErrorCode.BadRequest, response.ErrorCode);
        Assert.Contains(message, response.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_Prehashed_SignsTheGivenDigest()
    {
        _t.Write("keys/s", new { type = "ecdsa-p256" });
        var digest = Convert.ToBase64String(SHA256.HashData(Convert.FromBase64String(Input)));

        var signature = (string)_t.Write("sign/s", new { input = digest, prehashed = true }).Data!["signature"]!;

        Assert.True((bool)_t.Write("verify/s", new { input = Input, signature }).Data!["valid"]!);
    }

    [Fact]
    public void Sign_WithAesKeyOrUnknownKey_BadRequest()
    {
        _t.Write("keys/a");

        Assert.Contains("does not support signing", _t.Write("sign/a", new { input = Input }).Errors[0], StringComparison.Ordinal);
        Assert.Equal("signing key not found", _t.Write("sign/nope", new { input = Input }).Errors[0]);
    }

    [Fact]
    public void Sign_Batch_PartialErrors()
    {
        _t.Write("keys/s", new { type = "ecdsa-p256" });

        var response = _t.Write("sign/s", new { batch_input = new object[] { new { input = Input }, new { input = "%" } } });
        var results = response.Data!["batch_results"]!.AsArray();
        var verified = _t.Write("verify/s", new { batch_input = new object[] { new { input = Input, signature = (string)results[0]!["signature"]! }, new { input = Input, signature = "vault:v1:AAAA" } } });

        Assert.Equal(ErrorCode.BadRequest, response.ErrorCode);
        Assert.NotNull(results[1]!["error"]);
        Assert.False(verified.IsError);
        Assert.True((bool)verified.Data!["batch_results"]![0]!["valid"]!);
        Assert.False((bool)verified.Data!["batch_results"]![1]!["valid"]!);
    }

    [Theory]
    [InlineData("hmac", null)]
    [InlineData("aes256-gcm96", "sha2-512")]
    public void Hmac_MatchesIndependentHmac_AndVerifies(string type, string? algorithm)
    {
        _t.Write("keys/h", new { type, exportable = true });
        var hmacKey = Convert.FromBase64String((string)_t.Read("export/hmac-key/h").Data!["keys"]!["1"]!);
        var path = algorithm is null ? "hmac/h" : "hmac/h/" + algorithm;

        var hmac = (string)_t.Write(path, new { input = Input }).Data!["hmac"]!;

        var expected = algorithm is null
            ? HMACSHA256.HashData(hmacKey, Convert.FromBase64String(Input))
            : HMACSHA512.HashData(hmacKey, Convert.FromBase64String(Input));
        Assert.Equal("vault:v1:" + Convert.ToBase64String(expected), hmac);
        var verifyPath = algorithm is null ? "verify/h" : "verify/h/" + algorithm;
        Assert.True((bool)_t.Write(verifyPath, new { input = Input, hmac }).Data!["valid"]!);
        Assert.False((bool)_t.Write(verifyPath, new { input = TransitHarness.B64("other"), hmac }).Data!["valid"]!);
    }

    [Fact]
    public void Hmac_KeySize_AndVersions()
    {
        _t.Write("keys/h", new { type = "hmac", key_size = 64, exportable = true });
        var first = (string)_t.Write("hmac/h", new { input = Input }).Data!["hmac"]!;
        _t.Write("keys/h/rotate");

        var second = (string)_t.Write("hmac/h", new { input = Input }).Data!["hmac"]!;

        Assert.Equal(64, Convert.FromBase64String((string)_t.Read("export/hmac-key/h/2").Data!["keys"]!["2"]!).Length);
        Assert.StartsWith("vault:v2:", second, StringComparison.Ordinal);
        Assert.True((bool)_t.Write("verify/h", new { input = Input, hmac = first }).Data!["valid"]!);
        Assert.Equal("HMAC key not found", _t.Write("hmac/none", new { input = Input }).Errors[0]);
        Assert.Contains("unsupported hash algorithm", _t.Write("hmac/h/sha2-999", new { input = Input }).Errors[0], StringComparison.Ordinal);
    }
}
