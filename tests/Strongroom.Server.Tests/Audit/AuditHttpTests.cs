using System.Net;
using System.Security.Cryptography;
using System.Text;
using Strongroom.Server.Tests.Infrastructure;

namespace Strongroom.Server.Tests.Audit;

/// <summary>Audit devices through the real server: HMACed lines, fail-closed, hash lookup, chain verification, alerts.</summary>
public sealed class AuditHttpTests : IAsyncLifetime
{
    private readonly InMemoryServerFixture _fixture = new();
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "strongroom-audit-" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        await _fixture.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _fixture.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private static string GeneratedKey() => "sk-test-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    [Fact]
    public async Task FileDevice_RecordsEveryRequest_WithNoSecretInPlainText()
    {
        using var root = _fixture.Client();
        var file = Path.Combine(_dir, "audit.log");
        (await root.PutAsync("sys/audit/file", new { type = "file", options = new { file_path = file } })).Expect(HttpStatusCode.NoContent);
        var list = (await root.GetAsync("sys/audit")).Expect(HttpStatusCode.OK);
        Assert.Equal("file", (string)list.Data!["file/"]!["type"]!);

        var secret = GeneratedKey();
        (await root.PostAsync("secret/data/ai/openai", new { data = new { api_key = secret } })).Expect(HttpStatusCode.OK);
        (await root.GetAsync("secret/data/ai/openai")).Expect(HttpStatusCode.OK);

        var bytes = await File.ReadAllBytesAsync(file);
        Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)));
        Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(_fixture.RootToken)));
        var lines = await File.ReadAllLinesAsync(file);
        Assert.Contains(lines, l => l.Contains("\"secret/data/ai/openai\"", StringComparison.Ordinal) && l.Contains("\"type\":\"response\"", StringComparison.Ordinal));

        var hash = (await root.PostAsync("sys/audit-hash/file", new { input = secret })).Expect(HttpStatusCode.OK);
        var hmac = (string)hash.Data!["hash"]!;
        Assert.StartsWith("hmac-sha256:", hmac, StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains(hmac, StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoDeviceCanRecord_RequestIsRefusedAndNothingChanges()
    {
        using var root = _fixture.Client();
        var sub = Path.Combine(_dir, "gone");
        Directory.CreateDirectory(sub);
        (await root.PutAsync("sys/audit/only", new { type = "file", options = new { file_path = Path.Combine(sub, "audit.log") } })).Expect(HttpStatusCode.NoContent);
        (await root.PostAsync("secret/data/before", new { data = new { v = "1" } })).Expect(HttpStatusCode.OK);

        Directory.Delete(sub, recursive: true);
        File.WriteAllText(sub, "a file where the directory was: the device cannot reopen its log");
        var refused = await root.PostAsync("secret/data/after", new { data = new { v = "2" } });
        Assert.Equal(HttpStatusCode.InternalServerError, refused.Status);
        Assert.Contains("audit", refused.FirstError, StringComparison.Ordinal);
        Assert.Null(refused.Json!["data"]);

        // The operator repairs the path; after the device's short backoff it records again.
        File.Delete(sub);
        Directory.CreateDirectory(sub);
        _fixture.Clock.Advance(TimeSpan.FromSeconds(10));
        (await root.GetAsync("secret/data/after")).Expect(HttpStatusCode.NotFound);
        (await root.GetAsync("secret/data/before")).Expect(HttpStatusCode.OK);

        // With a second, working device, losing the first no longer refuses requests.
        (await root.PutAsync("sys/audit/good", new { type = "file", options = new { file_path = Path.Combine(_dir, "good.log") } })).Expect(HttpStatusCode.NoContent);
        Directory.Delete(sub, recursive: true);
        File.WriteAllText(sub, "broken again");
        (await root.PostAsync("secret/data/after", new { data = new { v = "3" } })).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ChainKeyFromServer_VerifiesTheLog_AndDetectsTampering()
    {
        using var root = _fixture.Client();
        var file = Path.Combine(_dir, "chain.log");
        (await root.PutAsync("sys/audit/chain", new { type = "file", options = new { file_path = file } })).Expect(HttpStatusCode.NoContent);
        for (var i = 0; i < 5; i++)
        {
            (await root.PostAsync($"secret/data/chain/{i}", new { data = new { v = i.ToString(System.Globalization.CultureInfo.InvariantCulture) } })).Expect(HttpStatusCode.OK);
        }

        var key = (string)(await root.GetAsync("sys/audit-chain-key/chain")).Expect(HttpStatusCode.OK).Data!["chain_key"]!;
        var keyFile = Path.Combine(_dir, "chain.key");
        await File.WriteAllTextAsync(keyFile, key);

        var (code, output) = await RunCliAsync("audit", "verify", $"-key=@{keyFile}", file);
        Assert.True(code == 0, output);

        var lines = (await File.ReadAllLinesAsync(file)).ToList();
        lines.RemoveAt(3);
        await File.WriteAllLinesAsync(file, lines);
        (code, output) = await RunCliAsync("audit", "verify", $"-key=@{keyFile}", file);
        Assert.Equal(1, code);
        Assert.Contains("4", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PermissionDeniedBurst_RaisesAnAlert()
    {
        using var root = _fixture.Client();
        (await root.PutAsync("sys/audit/alerts", new { type = "file", options = new { file_path = Path.Combine(_dir, "alerts.log") } })).Expect(HttpStatusCode.NoContent);
        var token = (string)(await root.PostAsync("auth/token/create", new { policies = new[] { "default" } })).Expect(HttpStatusCode.OK).Json!["auth"]!["client_token"]!;
        using var intruder = _fixture.Client(token);
        for (var i = 0; i < 30; i++)
        {
            (await intruder.GetAsync($"secret/data/other/{i}")).Expect(HttpStatusCode.Forbidden);
        }

        var alerts = (await root.GetAsync("sys/alerts")).Expect(HttpStatusCode.OK);
        var items = alerts.Data!["alerts"]!.AsArray();
        Assert.NotEmpty(items);
        Assert.DoesNotContain(token, alerts.Raw, StringComparison.Ordinal);

        using var plain = _fixture.Client(token);
        (await plain.GetAsync("sys/alerts")).Expect(HttpStatusCode.Forbidden);
    }

    private static async Task<(int Code, string Output)> RunCliAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await Strongroom.Cli.CliApp.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString() + stderr.ToString());
    }
}
