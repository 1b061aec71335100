using System.Text.Json.Nodes;
using Strongroom.Sdk;

namespace Strongroom.Engines.Tests.Transit;

public sealed class KeysPathTests
{
    private readonly TransitHarness _t = new();

    [Fact]
    public void Create_Default_IsAes256AndReadShowsVaultShape()
    {
        var created = _t.Write("keys/app");
        var read = _t.Read("keys/app");

        Assert.False(created.IsError);
        var data = read.Data!;
        Assert.Equal("aes256-gcm96", (string)data["type"]!);
        Assert.Equal(1, (int)data["latest_version"]!);
        Assert.Equal(1, (int)data["min_decryption_version"]!);
        Assert.Equal(0, (int)data["min_encryption_version"]!);
        Assert.False((bool)data["deletion_allowed"]!);
        Assert.False((bool)data["exportable"]!);
        Assert.True((bool)data["supports_encryption"]!);
        Assert.True((bool)data["supports_derivation"]!);
        Assert.False((bool)data["supports_signing"]!);
        Assert.Equal(_t.Clock.GetUtcNow().ToUnixTimeSeconds(), (long)data["keys"]!["1"]!);
        Assert.DoesNotContain("\"key\"", data.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("aes128-gcm96", true, false)]
    [InlineData("chacha20-poly1305", true, false)]
    [InlineData("ecdsa-p256", false, true)]
    [InlineData("ecdsa-p384", false, true)]
    [InlineData("rsa-2048", true, true)]
    [InlineData("hmac", false, false)]
    public void Create_EachType_ReportsCapabilities(string type, bool encryption, bool signing)
    {
        var created = _t.Write("keys/k", new { type });

        Assert.False(created.IsError, string.Join(";", created.Errors));
        Assert.Equal(type, (string)created.Data!["type"]!);
        Assert.Equal(encryption, (bool)created.Data["supports_encryption"]!);
        Assert.Equal(signing, (bool)created.Data["supports_signing"]!);
        if (signing)
        {
            Assert.False(string.IsNullOrEmpty((string?)created.Data["keys"]!["1"]!["public_key"]));
        }
    }

    [Fact]
    public void Create_Existing_KeepsKeyAndWarns()
    {
        _t.Write("keys/app");
        var ciphertext = _t.Encrypt("app", "fake-plaintext");

        var again = _t.Write("keys/app", new { type = "chacha20-poly1305" });

        Assert.Contains(again.Warnings, w => w.Contains("already existed", StringComparison.Ordinal));
        Assert.Equal("aes256-gcm96", (string)_t.Read("keys/app").Data!["type"]!);
        Assert.Equal("fake-plaintext", _t.Decrypt("app", ciphertext));
    }

    [Theory]
    [InlineData("""{"type": "aes512"}""", "unknown key type")]
    [InlineData("""{"type": 7}""", "unknown key type")]
    [InlineData("""{"type": ["aes256-gcm96"]}""", "type")]
    [InlineData("""{"derived": "maybe"}""", "derived")]
    [InlineData("""{"type": "ecdsa-p256", "derived": true}""", "derivation")]
    [InlineData("""{"convergent_encryption": true, "derived": true}""", "convergent")]
    [InlineData("""{"auto_rotate_period": "10m"}""", "at least an hour")]
    [InlineData("""{"type": "hmac", "key_size": 8}""", "key_size")]
    public void Create_BadInput_BadRequestAndNothingStored(string body, string message)
    {
        var response = _t.Write("keys/bad", body);

        Assert.Equal(ErrorCode.BadRequest, response.ErrorCode);
        Assert.Contains(message, response.Errors[0], StringComparison.Ordinal);
        Assert.Equal(ErrorCode.NotFound, _t.Read("keys/bad").ErrorCode);
    }

    [Theory]
    [InlineData("keys/-bad")]
    [InlineData("keys/a b")]
    [InlineData("encrypt/x$")]
    public void Handle_InvalidKeyName_BadRequest(string path)
    {
        Assert.Equal(ErrorCode.BadRequest, _t.Write(path, new { plaintext = "" }).ErrorCode);
    }

    [Fact]
    public void Read_UnknownKey_NotFound()
    {
        Assert.Equal(ErrorCode.NotFound, _t.Read("keys/nope").ErrorCode);
    }

    [Fact]
    public void List_ReturnsNames_NotFoundWhenEmpty()
    {
        Assert.Equal(ErrorCode.NotFound, _t.List("keys").ErrorCode);
        _t.Write("keys/b");
        _t.Write("keys/a");

        var listed = _t.List("keys/");

        Assert.Equal(["a", "b"], listed.Data!["keys"]!.AsArray().Select(k => (string)k!));
    }

    [Fact]
    public void Delete_OnlyAfterDeletionAllowed()
    {
        _t.Write("keys/app");

        var refused = _t.Delete("keys/app");
        _t.Write("keys/app/config", new { deletion_allowed = true });
        var deleted = _t.Delete("keys/app");

        Assert.Equal(ErrorCode.BadRequest, refused.ErrorCode);
        Assert.Contains("deletion is not allowed", refused.Errors[0], StringComparison.Ordinal);
        Assert.False(deleted.IsError);
        Assert.Equal(ErrorCode.NotFound, _t.Read("keys/app").ErrorCode);
        Assert.Empty(_t.Storage.ListAsync("policy/").AsTask().GetAwaiter().GetResult());
    }

    [Fact]
    public void Rotate_AddsVersion_OldCiphertextStillDecrypts()
    {
        _t.Write("keys/app");
        var v1 = _t.Encrypt("app", "fake-one");

        var rotated = _t.Write("keys/app/rotate");
        var v2 = _t.Encrypt("app", "fake-two");

        Assert.Equal(2, (int)rotated.Data!["latest_version"]!);
        Assert.StartsWith("vault:v1:", v1, StringComparison.Ordinal);
        Assert.StartsWith("vault:v2:", v2, StringComparison.Ordinal);
        Assert.Equal("fake-one", _t.Decrypt("app", v1));
        Assert.Equal("fake-two", _t.Decrypt("app", v2));
    }

    [Fact]
    public void Config_MinVersions_AreValidatedAndEnforced()
    {
        _t.Write("keys/app");
        var v1 = _t.Encrypt("app", "fake-old");
        _t.Write("keys/app/rotate");
        _t.Write("keys/app/rotate");

        Assert.Equal(ErrorCode.BadRequest, _t.Write("keys/app/config", new { min_decryption_version = 4 }).ErrorCode);
        Assert.Equal(ErrorCode.BadRequest, _t.Write("keys/app/config", new { min_encryption_version = -1 }).ErrorCode);
        Assert.Equal(ErrorCode.BadRequest, _t.Write("keys/app/config", new { min_decryption_version = "two" }).ErrorCode);
        var config = _t.Write("keys/app/config", new { min_decryption_version = 2, min_encryption_version = 3 });
        Assert.Equal(2, (int)config.Data!["min_decryption_version"]!);
        Assert.Equal(ErrorCode.BadRequest, _t.Write("keys/app/config", new { min_encryption_version = 1 }).ErrorCode);

        var tooOld = _t.Write("decrypt/app", new { ciphertext = v1 });
        var encryptOld = _t.Write("encrypt/app", new { plaintext = TransitHarness.B64("x"), key_version = 2 });

        Assert.Contains("disallowed by policy", tooOld.Errors[0], StringComparison.Ordinal);
        Assert.Contains("minimum encryption key version", encryptOld.Errors[0], StringComparison.Ordinal);
        Assert.StartsWith("vault:v3:", _t.Encrypt("app", "fake-new"), StringComparison.Ordinal);
    }

    [Fact]
    public void Config_UnknownKey_BadRequest()
    {
        Assert.Equal(ErrorCode.BadRequest, _t.Write("keys/ghost/config", new { deletion_allowed = true }).ErrorCode);
        Assert.Equal(ErrorCode.BadRequest, _t.Write("keys/ghost/rotate").ErrorCode);
    }

    [Fact]
    public void Config_Exportable_CannotBeDisabled()
    {
        _t.Write("keys/app");
        _t.Write("keys/app/config", new { exportable = true });

        var response = _t.Write("keys/app/config", new { exportable = false });

        Assert.Equal(ErrorCode.BadRequest, response.ErrorCode);
        Assert.True((bool)_t.Read("keys/app").Data!["exportable"]!);
    }

    [Fact]
    public void AutoRotate_RotatesOnUseAfterThePeriod()
    {
        _t.Write("keys/app", new { auto_rotate_period = "24h" });
        _t.Clock.Advance(TimeSpan.FromHours(23));
        Assert.StartsWith("vault:v1:", _t.Encrypt("app", "fake"), StringComparison.Ordinal);

        _t.Clock.Advance(TimeSpan.FromHours(2));

        Assert.StartsWith("vault:v2:", _t.Encrypt("app", "fake"), StringComparison.Ordinal);
        Assert.Equal(86400, (long)_t.Read("keys/app").Data!["auto_rotate_period"]!);
        _t.Write("keys/app/config", new { auto_rotate_period = 0 });
        _t.Clock.Advance(TimeSpan.FromDays(3));
        Assert.Equal(2, (int)_t.Read("keys/app").Data!["latest_version"]!);
    }

    [Fact]
    public void Export_RefusedUnlessExportable_PublicKeyAlways()
    {
        _t.Write("keys/app");
        _t.Write("keys/sig", new { type = "ecdsa-p256" });

        Assert.Contains("not exportable", _t.Read("export/encryption-key/app").Errors[0], StringComparison.Ordinal);
        Assert.Equal(ErrorCode.BadRequest, _t.Read("export/signing-key/app").ErrorCode);
        Assert.Equal(ErrorCode.BadRequest, _t.Read("export/bogus-key/app").ErrorCode);
        Assert.Equal(ErrorCode.NotFound, _t.Read("export/encryption-key/nope").ErrorCode);
        var pub = _t.Read("export/public-key/sig");
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", (string)pub.Data!["keys"]!["1"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_Exportable_ReturnsEveryVersionOrOne()
    {
        _t.Write("keys/app", new { exportable = true });
        _t.Write("keys/app/rotate");

        var all = _t.Read("export/encryption-key/app").Data!["keys"]!.AsObject();
        var latest = _t.Read("export/encryption-key/app/latest").Data!["keys"]!.AsObject();

        Assert.Equal(["1", "2"], all.Select(p => p.Key));
        Assert.Equal(32, Convert.FromBase64String((string)all["1"]!).Length);
        Assert.Equal((string)all["2"]!, (string)latest["2"]!);
        Assert.Equal(ErrorCode.BadRequest, _t.Read("export/encryption-key/app/9").ErrorCode);
    }

    [Fact]
    public void Storage_HoldsKeyMaterialOnlyUnderPolicyPrefix()
    {
        _t.Write("keys/app");

        Assert.Equal(["policy/"], _t.Storage.ListAsync("").AsTask().GetAwaiter().GetResult());
        var stored = JsonNode.Parse(_t.Storage.GetAsync("policy/app").AsTask().GetAwaiter().GetResult()!)!;
        Assert.Equal("app", (string)stored["name"]!);
    }
}
