using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Strongroom.Server.Tests.Infrastructure;

namespace Strongroom.Server.Tests.Transit;

/// <summary>The transit engine through the real server (Kestrel on loopback), per storage backend.</summary>
public abstract class TransitHttpTests<TFixture> : IClassFixture<TFixture>, IAsyncLifetime
    where TFixture : ServerFixture
{
    private readonly TFixture _fixture;
    private readonly string _mount = "transit-" + Guid.NewGuid().ToString("N")[..8];

    protected TransitHttpTests(TFixture fixture)
    {
        _fixture = fixture;
    }

    public async Task InitializeAsync()
    {
        using var root = _fixture.Client();
        (await root.PostAsync($"sys/mounts/{_mount}", new { type = "transit" })).Expect(HttpStatusCode.NoContent);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task Create_Encrypt_Rotate_DecryptOld_Rewrap()
    {
        using var vault = _fixture.Client();
        var created = (await vault.PostAsync($"{_mount}/keys/orders", new { type = "aes256-gcm96" })).Expect(HttpStatusCode.OK);
        Assert.Equal("aes256-gcm96", (string)created.Data!["type"]!);

        var secret = "fake-card-" + Guid.NewGuid().ToString("N");
        var v1 = (string)(await vault.PostAsync($"{_mount}/encrypt/orders", new { plaintext = B64(secret) })).Expect(HttpStatusCode.OK).Data!["ciphertext"]!;
        Assert.StartsWith("vault:v1:", v1, StringComparison.Ordinal);

        var rotated = (await vault.PostAsync($"{_mount}/keys/orders/rotate")).Expect(HttpStatusCode.OK);
        Assert.Equal(2, (int)rotated.Data!["latest_version"]!);
        var v2 = (await vault.PostAsync($"{_mount}/encrypt/orders", new { plaintext = B64(secret) })).Expect(HttpStatusCode.OK);
        Assert.Equal(2, (int)v2.Data!["key_version"]!);

        var old = (await vault.PostAsync($"{_mount}/decrypt/orders", new { ciphertext = v1 })).Expect(HttpStatusCode.OK);
        Assert.Equal(B64(secret), (string)old.Data!["plaintext"]!);

        var rewrapped = (await vault.PostAsync($"{_mount}/rewrap/orders", new { ciphertext = v1 })).Expect(HttpStatusCode.OK);
        var newCiphertext = (string)rewrapped.Data!["ciphertext"]!;
        Assert.StartsWith("vault:v2:", newCiphertext, StringComparison.Ordinal);
        (await vault.PostAsync($"{_mount}/keys/orders/config", new { min_decryption_version = 2 })).Expect(HttpStatusCode.OK);
        (await vault.PostAsync($"{_mount}/decrypt/orders", new { ciphertext = v1 })).Expect(HttpStatusCode.BadRequest);
        var decrypted = (await vault.PostAsync($"{_mount}/decrypt/orders", new { ciphertext = newCiphertext })).Expect(HttpStatusCode.OK);
        Assert.Equal(B64(secret), (string)decrypted.Data!["plaintext"]!);

        var read = (await vault.GetAsync($"{_mount}/keys/orders")).Expect(HttpStatusCode.OK);
        Assert.Equal(["1", "2"], read.Data!["keys"]!.AsObject().Select(p => p.Key));
        Assert.DoesNotContain(secret, read.Raw, StringComparison.Ordinal);
        var listed = (await vault.ListAsync($"{_mount}/keys")).Expect(HttpStatusCode.OK);
        Assert.Contains("orders", listed.Data!["keys"]!.AsArray().Select(k => (string)k!));
    }

    [Fact]
    public async Task Batch_PartialFailure_Is400WithPerItemResults()
    {
        using var vault = _fixture.Client();
        (await vault.PostAsync($"{_mount}/keys/batch")).Expect(HttpStatusCode.OK);

        var reply = (await vault.PostAsync($"{_mount}/encrypt/batch", new
        {
            batch_input = new object[] { new { plaintext = B64("fake-a") }, new { plaintext = "**" }, new { plaintext = B64("fake-c") } },
        })).Expect(HttpStatusCode.BadRequest);

        var results = reply.Data!["batch_results"]!.AsArray();
        Assert.Equal(3, results.Count);
        Assert.NotNull(results[0]!["ciphertext"]);
        Assert.NotNull(results[1]!["error"]);
        Assert.NotNull(results[2]!["ciphertext"]);
    }

    [Fact]
    public async Task Policies_SeparateEncryptFromDecrypt_AndUpsertNeedsCreate()
    {
        using var root = _fixture.Client();
        (await root.PostAsync($"{_mount}/keys/payroll")).Expect(HttpStatusCode.OK);
        var encryptPolicy = "enc-" + Guid.NewGuid().ToString("N")[..8];
        var decryptPolicy = "dec-" + Guid.NewGuid().ToString("N")[..8];
        (await root.PutAsync($"sys/policies/acl/{encryptPolicy}", new { policy = $"path \"{_mount}/encrypt/*\" {{ capabilities = [\"update\"] }}" })).Expect(HttpStatusCode.NoContent);
        (await root.PutAsync($"sys/policies/acl/{decryptPolicy}", new { policy = $"path \"{_mount}/decrypt/payroll\" {{ capabilities = [\"update\"] }}" })).Expect(HttpStatusCode.NoContent);
        using var encryptor = _fixture.Client(await TokenAsync(root, encryptPolicy));
        using var decryptor = _fixture.Client(await TokenAsync(root, decryptPolicy));

        var ciphertext = (string)(await encryptor.PostAsync($"{_mount}/encrypt/payroll", new { plaintext = B64("fake-salary") })).Expect(HttpStatusCode.OK).Data!["ciphertext"]!;
        (await encryptor.PostAsync($"{_mount}/decrypt/payroll", new { ciphertext })).Expect(HttpStatusCode.Forbidden);
        (await encryptor.PostAsync($"{_mount}/keys/payroll/rotate")).Expect(HttpStatusCode.Forbidden);
        // Encrypting under a key that does not exist would create it: that needs "create".
        (await encryptor.PostAsync($"{_mount}/encrypt/brand-new", new { plaintext = B64("x") })).Expect(HttpStatusCode.Forbidden);
        (await root.GetAsync($"{_mount}/keys/brand-new")).Expect(HttpStatusCode.NotFound);

        var plaintext = (await decryptor.PostAsync($"{_mount}/decrypt/payroll", new { ciphertext })).Expect(HttpStatusCode.OK);
        Assert.Equal(B64("fake-salary"), (string)plaintext.Data!["plaintext"]!);
        (await decryptor.PostAsync($"{_mount}/encrypt/payroll", new { plaintext = B64("x") })).Expect(HttpStatusCode.Forbidden);

        // Root may upsert.
        (await root.PostAsync($"{_mount}/encrypt/brand-new", new { plaintext = B64("x") })).Expect(HttpStatusCode.OK);
        (await root.GetAsync($"{_mount}/keys/brand-new")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SignVerify_Hmac_Random_Hash()
    {
        using var vault = _fixture.Client();
        (await vault.PostAsync($"{_mount}/keys/signer", new { type = "ecdsa-p256" })).Expect(HttpStatusCode.OK);
        var input = B64("fake release manifest");
        var signature = (string)(await vault.PostAsync($"{_mount}/sign/signer/sha2-256", new { input })).Expect(HttpStatusCode.OK).Data!["signature"]!;
        var valid = (await vault.PostAsync($"{_mount}/verify/signer/sha2-256", new { input, signature })).Expect(HttpStatusCode.OK);
        Assert.True((bool)valid.Data!["valid"]!);

        var hmac = (string)(await vault.PostAsync($"{_mount}/hmac/signer", new { input })).Expect(HttpStatusCode.OK).Data!["hmac"]!;
        Assert.True((bool)(await vault.PostAsync($"{_mount}/verify/signer", new { input, hmac })).Expect(HttpStatusCode.OK).Data!["valid"]!);

        var random = (await vault.PostAsync($"{_mount}/random/16", new { format = "hex" })).Expect(HttpStatusCode.OK);
        Assert.Equal(32, ((string)random.Data!["random_bytes"]!).Length);
        var sum = (await vault.PostAsync($"{_mount}/hash/sha2-256", new { input = B64("") })).Expect(HttpStatusCode.OK);
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", (string)sum.Data!["sum"]!);
    }

    [Fact]
    public async Task BadInput_And_UnknownKeys()
    {
        using var vault = _fixture.Client();
        (await vault.PostAsync($"{_mount}/keys/strict")).Expect(HttpStatusCode.OK);

        (await vault.SendAsync(HttpMethod.Post, $"{_mount}/encrypt/strict", "{\"plaintext\": ")).Expect(HttpStatusCode.BadRequest);
        (await vault.PostAsync($"{_mount}/encrypt/strict", new { plaintext = new[] { 1 } })).Expect(HttpStatusCode.BadRequest);
        var tampered = (await vault.PostAsync($"{_mount}/decrypt/strict", new { ciphertext = "vault:v1:" + Convert.ToBase64String(new byte[40]) })).Expect(HttpStatusCode.BadRequest);
        Assert.Equal("cipher: message authentication failed", tampered.FirstError);
        (await vault.PostAsync($"{_mount}/decrypt/missing", new { ciphertext = "vault:v1:AAAA" })).Expect(HttpStatusCode.BadRequest);
        (await vault.GetAsync($"{_mount}/keys/missing")).Expect(HttpStatusCode.NotFound);
        (await vault.PostAsync($"{_mount}/keys/bad", new { type = "des" })).Expect(HttpStatusCode.BadRequest);
        (await vault.GetAsync($"{_mount}/export/encryption-key/strict")).Expect(HttpStatusCode.BadRequest);

        (await vault.DeleteAsync($"{_mount}/keys/strict")).Expect(HttpStatusCode.BadRequest);
        (await vault.PostAsync($"{_mount}/keys/strict/config", new { deletion_allowed = true })).Expect(HttpStatusCode.OK);
        (await vault.DeleteAsync($"{_mount}/keys/strict")).Expect(HttpStatusCode.NoContent);
        (await vault.GetAsync($"{_mount}/keys/strict")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DerivedKey_RequiresContext_OverHttp()
    {
        using var vault = _fixture.Client();
        (await vault.PostAsync($"{_mount}/keys/tenants", new { derived = true })).Expect(HttpStatusCode.OK);

        (await vault.PostAsync($"{_mount}/encrypt/tenants", new { plaintext = B64("fake") })).Expect(HttpStatusCode.BadRequest);
        var ciphertext = (string)(await vault.PostAsync($"{_mount}/encrypt/tenants", new { plaintext = B64("fake"), context = B64("tenant-1") })).Expect(HttpStatusCode.OK).Data!["ciphertext"]!;
        (await vault.PostAsync($"{_mount}/decrypt/tenants", new { ciphertext, context = B64("tenant-2") })).Expect(HttpStatusCode.BadRequest);
        var plain = (await vault.PostAsync($"{_mount}/decrypt/tenants", new { ciphertext, context = B64("tenant-1") })).Expect(HttpStatusCode.OK);
        Assert.Equal(B64("fake"), (string)plain.Data!["plaintext"]!);
    }

    private static async Task<string> TokenAsync(VaultHttp root, string policy)
    {
        var created = (await root.PostAsync("auth/token/create", new { policies = new[] { policy } })).Expect(HttpStatusCode.OK);
        return (string)created.Json!["auth"]!["client_token"]!;
    }
}

public sealed class InMemoryTransitHttpTests : TransitHttpTests<InMemoryServerFixture>
{
    public InMemoryTransitHttpTests(InMemoryServerFixture fixture)
        : base(fixture)
    {
    }
}

public sealed class SqliteTransitHttpTests : TransitHttpTests<SqliteServerFixture>
{
    public SqliteTransitHttpTests(SqliteServerFixture fixture)
        : base(fixture)
    {
    }
}
