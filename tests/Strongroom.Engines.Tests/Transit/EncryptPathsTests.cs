using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Strongroom.Sdk;

namespace Strongroom.Engines.Tests.Transit;

public sealed class EncryptPathsTests
{
    private readonly TransitHarness _t = new();

    [Theory]
    [InlineData("aes128-gcm96")]
    [InlineData("aes256-gcm96")]
    [InlineData("chacha20-poly1305")]
    [InlineData("rsa-2048")]
    public void EncryptDecrypt_RoundTrips(string type)
    {
        _t.Write("keys/k", new { type });
        var plaintext = Requests.FakeSecret();

        var ciphertext = _t.Encrypt("k", plaintext);

        Assert.StartsWith("vault:v1:", ciphertext, StringComparison.Ordinal);
        Assert.Equal(plaintext, _t.Decrypt("k", ciphertext));
        Assert.NotEqual(ciphertext, _t.Encrypt("k", plaintext));
    }

    [Theory]
    [InlineData("aes256-gcm96")]
    [InlineData("chacha20-poly1305")]
    public void Ciphertext_IsVaultLayout_NonceCiphertextTag(string type)
    {
        _t.Write("keys/k", new { type, exportable = true });
        var key = Convert.FromBase64String((string)_t.Read("export/encryption-key/k").Data!["keys"]!["1"]!);
        var plaintext = Encoding.UTF8.GetBytes("fake-layout-check");

        var payload = Convert.FromBase64String(_t.Encrypt("k", "fake-layout-check")["vault:v1:".Length..]);

        Assert.Equal(12 + plaintext.Length + 16, payload.Length);
        var opened = new byte[plaintext.Length];
        if (type == "chacha20-poly1305")
        {
            using var chacha = new ChaCha20Poly1305(key);
            chacha.Decrypt(payload.AsSpan(0, 12), payload.AsSpan(12, plaintext.Length), payload.AsSpan(12 + plaintext.Length), opened);
        }
        else
        {
            using var aes = new AesGcm(key, 16);
            aes.Decrypt(payload.AsSpan(0, 12), payload.AsSpan(12, plaintext.Length), payload.AsSpan(12 + plaintext.Length), opened);
        }

        Assert.Equal(plaintext, opened);
    }

    [Fact]
    public void Decrypt_CiphertextMadeOutsideWithTheKey_Works()
    {
        _t.Write("keys/k", new { exportable = true });
        var key = Convert.FromBase64String((string)_t.Read("export/encryption-key/k").Data!["keys"]!["1"]!);
        var plaintext = Encoding.UTF8.GetBytes("fake-made-elsewhere");
        var payload = new byte[12 + plaintext.Length + 16];
        RandomNumberGenerator.Fill(payload.AsSpan(0, 12));
        using (var aes = new AesGcm(key, 16))
        {
            aes.Encrypt(payload.AsSpan(0, 12), plaintext, payload.AsSpan(12, plaintext.Length), payload.AsSpan(12 + plaintext.Length));
        }

        Assert.Equal("fake-made-elsewhere", _t.Decrypt("k", "vault:v1:" + Convert.ToBase64String(payload)));
    }

    [Fact]
    public void Encrypt_UnknownKey_CreateUpserts_UpdateRefuses()
    {
        var refused = _t.Update("encrypt/new", new { plaintext = TransitHarness.B64("x") });
        Assert.Equal(ErrorCode.BadRequest, refused.ErrorCode);
        Assert.Equal("encryption key not found", refused.Errors[0]);

        var ciphertext = _t.Encrypt("new", "fake", new { type = "chacha20-poly1305" });

        Assert.Equal("chacha20-poly1305", (string)_t.Read("keys/new").Data!["type"]!);
        Assert.Equal("fake", _t.Decrypt("new", ciphertext));
    }

    [Fact]
    public void Encrypt_UpsertWithSigningType_Refused()
    {
        var response = _t.Write("encrypt/new", new { plaintext = "", type = "ecdsa-p256" });

        Assert.Equal(ErrorCode.BadRequest, response.ErrorCode);
        Assert.Equal(ErrorCode.NotFound, _t.Read("keys/new").ErrorCode);
    }

    [Fact]
    public void Decrypt_UnknownKey_BadRequest()
    {
        var response = _t.Write("decrypt/nope", new { ciphertext = "vault:v1:AAAA" });

        Assert.Equal(ErrorCode.BadRequest, response.ErrorCode);
        Assert.Equal("encryption key not found", response.Errors[0]);
    }

    [Fact]
    public void Decrypt_TamperedCiphertext_FailsWithOneMessage()
    {
        _t.Write("keys/k");
        var payload = Convert.FromBase64String(_t.Encrypt("k", "fake-tamper")["vault:v1:".Length..]);

        for (var i = 0; i < payload.Length; i += 7)
        {
            var copy = (byte[])payload.Clone();
            copy[i] ^= 0x01;
            var response = _t.Write("decrypt/k", new { ciphertext = "vault:v1:" + Convert.ToBase64String(copy) });
            Assert.Equal(ErrorCode.BadRequest, response.ErrorCode);
            Assert.Equal("cipher: message authentication failed", response.Errors[0]);
        }
    }

    [Theory]
    [InlineData("vault:v1:!!!notbase64", "could not decode base64")]
    [InlineData("v1:AAAA", "no prefix")]
    [InlineData("vault:vX:AAAA", "version")]
    [InlineData("vault:v0:AAAA", "version")]
    [InlineData("vault:v1:AAAA", "too short")]
    [InlineData("vault:v9:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "invalid key version")]
    public void Decrypt_MalformedCiphertext_BadRequest(string ciphertext, string message)
    {
        _t.Write("keys/k");

        var response = _t.Write("decrypt/k", new { ciphertext });

        Assert.Equal(ErrorCode.BadRequest, response.ErrorCode);
        Assert.Contains(message, response.Errors[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"plaintext": "%%%"}""", "base64")]
    [InlineData("""{"plaintext": {"a": 1}}""", "plaintext")]
    [InlineData("""{}""", "missing plaintext")]
    [InlineData("""{"plaintext": "", "key_version": 3}""", "invalid key version")]
    [InlineData("""{"plaintext": "", "key_version": "x"}""", "key_version")]
    [InlineData("""{"batch_input": "nope"}""", "batch_input")]
    [InlineData("""{"batch_input": []}""", "missing batch input")]
    [InlineData("""{"batch_input": [1]}""", "batch_input")]
    public void Encrypt_BadInput_BadRequest(string body, string message)
    {
        _t.Write("keys/k");

        var response = _t.Write("encrypt/k", body);

        Assert.Equal(ErrorCode.BadRequest, response.ErrorCode);
        Assert.Contains(message, response.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Batch_PartialFailure_ReportsEachItemAnd400()
    {
        _t.Write("keys/k");
        var good = TransitHarness.B64("fake-good");

        var response = _t.Write("encrypt/k", new
        {
            batch_input = new object[]
            {
                new { plaintext = good, reference = "first" },
                new { plaintext = "not base64!" },
                new { plaintext = good, key_version = 7 },
            },
        });

        Assert.Equal(ErrorCode.BadRequest, response.ErrorCode);
        var results = response.Data!["batch_results"]!.AsArray();
        Assert.Equal(3, results.Count);
        Assert.StartsWith("vault:v1:", (string)results[0]!["ciphertext"]!, StringComparison.Ordinal);
        Assert.Equal("first", (string)results[0]!["reference"]!);
        Assert.Contains("base64", (string)results[1]!["error"]!, StringComparison.Ordinal);
        Assert.Equal("invalid key version", (string)results[2]!["error"]!);

        var decrypted = _t.Write("decrypt/k", new
        {
            batch_input = new object[] { new { ciphertext = (string)results[0]!["ciphertext"]! }, new { ciphertext = "vault:v1:AAAA" } },
            partial_failure_response_code = 200,
        });
        Assert.False(decrypted.IsError);
        Assert.Equal(good, (string)decrypted.Data!["batch_results"]![0]!["plaintext"]!);
        Assert.NotNull(decrypted.Data!["batch_results"]![1]!["error"]);
    }

    [Fact]
    public void Batch_AllGood_IsOk()
    {
        _t.Write("keys/k");
        var items = Enumerable.Range(0, 100).Select(i => new { plaintext = TransitHarness.B64("fake-" + i) }).ToArray();

        var encrypted = _t.Write("encrypt/k", new { batch_input = items });
        var decrypted = _t.Write("decrypt/k", new { batch_input = encrypted.Data!["batch_results"]!.AsArray().Select(r => new { ciphertext = (string)r!["ciphertext"]! }).ToArray() });

        Assert.False(encrypted.IsError);
        Assert.Equal(items.Select(i => i.plaintext), decrypted.Data!["batch_results"]!.AsArray().Select(r => (string)r!["plaintext"]!));
    }

    [Fact]
    public void Derived_RequiresContext_AndContextSelectsTheKey()
    {
        _t.Write("keys/d", new { derived = true, exportable = true });
        var ctxA = TransitHarness.B64("tenant-a");
        var ctxB = TransitHarness.B64("tenant-b");

        var missing = _t.Write("encrypt/d", new { plaintext = TransitHarness.B64("x") });
        var ciphertext = _t.Encrypt("d", "fake-derived", new { context = ctxA });
        var wrongContext = _t.Write("decrypt/d", new { ciphertext, context = ctxB });
        var noContext = _t.Write("decrypt/d", new { ciphertext });

        Assert.Contains("missing 'context'", missing.Errors[0], StringComparison.Ordinal);
        Assert.Equal("fake-derived", _t.Decrypt("d", ciphertext, new { context = ctxA }));
        Assert.Equal("cipher: message authentication failed", wrongContext.Errors[0]);
        Assert.Contains("missing 'context'", noContext.Errors[0], StringComparison.Ordinal);
        Assert.Equal("hkdf_sha256", (string)_t.Read("keys/d").Data!["kdf"]!);

        // HKDF-SHA256(key, no salt, info = context), like Vault: decrypt independently.
        var baseKey = Convert.FromBase64String((string)_t.Read("export/encryption-key/d").Data!["keys"]!["1"]!);
        var derived = HKDF.DeriveKey(HashAlgorithmName.SHA256, baseKey, 32, [], Encoding.UTF8.GetBytes("tenant-a"));
        var payload = Convert.FromBase64String(ciphertext["vault:v1:".Length..]);
        var opened = new byte[payload.Length - 28];
        using var aes = new AesGcm(derived, 16);
        aes.Decrypt(payload.AsSpan(0, 12), payload.AsSpan(12, opened.Length), payload.AsSpan(12 + opened.Length), opened);
        Assert.Equal("fake-derived", Encoding.UTF8.GetString(opened));
    }

    [Fact]
    public void Encrypt_ContextInSomeBatchItemsOnly_Refused()
    {
        _t.Write("keys/d", new { derived = true });

        var response = _t.Write("encrypt/d", new { batch_input = new object[] { new { plaintext = "", context = TransitHarness.B64("a") }, new { plaintext = "" } } });

        Assert.Contains("either in all the request blocks or in none", response.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Upsert_WithContext_CreatesDerivedKey()
    {
        _t.Encrypt("auto", "fake", new { context = TransitHarness.B64("c") });

        Assert.True((bool)_t.Read("keys/auto").Data!["derived"]!);
    }

    [Fact]
    public void AssociatedData_IsAuthenticated()
    {
        _t.Write("keys/k");
        var aad = TransitHarness.B64("row-42");

        var ciphertext = _t.Encrypt("k", "fake-aad", new { associated_data = aad });
        var wrong = _t.Write("decrypt/k", new { ciphertext, associated_data = TransitHarness.B64("row-43") });
        var rsa = _t.Write("keys/r", new { type = "rsa-2048" });
        var rsaAad = _t.Write("encrypt/r", new { plaintext = "", associated_data = aad });

        Assert.Equal("fake-aad", _t.Decrypt("k", ciphertext, new { associated_data = aad }));
        Assert.Equal("cipher: message authentication failed", wrong.Errors[0]);
        Assert.False(rsa.IsError);
        Assert.Contains("non-AEAD", rsaAad.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Encrypt_WithSigningOrHmacKey_Refused()
    {
        _t.Write("keys/s", new { type = "ecdsa-p256" });
        _t.Write("keys/h", new { type = "hmac" });

        Assert.Contains("does not support encryption", _t.Write("encrypt/s", new { plaintext = "" }).Errors[0], StringComparison.Ordinal);
        Assert.Contains("does not support decryption", _t.Write("decrypt/h", new { ciphertext = "vault:v1:AAAA" }).Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Rewrap_MovesToLatestVersion_WithoutRevealingPlaintext()
    {
        _t.Write("keys/k");
        var v1 = _t.Encrypt("k", "fake-rewrap");
        _t.Write("keys/k/rotate");

        var rewrapped = _t.Write("rewrap/k", new { ciphertext = v1 });
        var batch = _t.Write("rewrap/k", new { batch_input = new object[] { new { ciphertext = v1 }, new { ciphertext = "garbage" } } });

        Assert.Null(rewrapped.Data!["plaintext"]);
        Assert.Equal(2, (int)rewrapped.Data["key_version"]!);
        Assert.Equal("fake-rewrap", _t.Decrypt("k", (string)rewrapped.Data["ciphertext"]!));
        Assert.Equal(ErrorCode.BadRequest, batch.ErrorCode);
        Assert.StartsWith("vault:v2:", (string)batch.Data!["batch_results"]![0]!["ciphertext"]!, StringComparison.Ordinal);
        Assert.Equal(ErrorCode.BadRequest, _t.Write("rewrap/k", new { }).ErrorCode);
    }

    [Fact]
    public void DataKey_PlaintextAndWrapped()
    {
        _t.Write("keys/k");

        var plain = _t.Write("datakey/plaintext/k", new { bits = 512 });
        var wrapped = _t.Write("datakey/wrapped/k", new { });

        var key = (string)plain.Data!["plaintext"]!;
        Assert.Equal(64, Convert.FromBase64String(key).Length);
        var unwrapped = _t.Write("decrypt/k", new { ciphertext = (string)plain.Data["ciphertext"]! });
        Assert.Equal(key, (string)unwrapped.Data!["plaintext"]!);
        Assert.Null(wrapped.Data!["plaintext"]);
        Assert.Equal(32, Convert.FromBase64String((string)_t.Write("decrypt/k", new { ciphertext = (string)wrapped.Data["ciphertext"]! }).Data!["plaintext"]!).Length);
        Assert.Equal(ErrorCode.BadRequest, _t.Write("datakey/other/k", new { }).ErrorCode);
        Assert.Equal(ErrorCode.BadRequest, _t.Write("datakey/plaintext/k", new { bits = 100 }).ErrorCode);
        Assert.Equal(ErrorCode.BadRequest, _t.Write("datakey/plaintext/nope", new { }).ErrorCode);
    }

    [Fact]
    public void Read_OnEncrypt_Unsupported()
    {
        Assert.Equal(ErrorCode.UnsupportedOperation, _t.Read("encrypt/k").ErrorCode);
        Assert.Equal(ErrorCode.NotFound, _t.Write("nothing/here", new { }).ErrorCode);
    }

    [Fact]
    public void Plaintext_IsNeverStored()
    {
        _t.Write("keys/k");
        var marker = Requests.FakeSecret("fake-marker-");
        _t.Encrypt("k", marker);

        var stored = Encoding.UTF8.GetString(_t.Storage.GetAsync("policy/k").AsTask().GetAwaiter().GetResult()!);

        Assert.DoesNotContain(marker, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(TransitHarness.B64(marker), stored, StringComparison.Ordinal);
        _ = JsonNode.Parse(stored);
    }
}
