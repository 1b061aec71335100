using System.Text.Json.Nodes;

namespace Strongroom.Audit.Tests;

public sealed class AuditCliTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<(string Log, string KeyFile)> WriteLogAsync(int lines)
    {
        var key = TestData.Key();
        var log = _dir.File("audit.log");
        var keyFile = _dir.File("chain.key");
        await File.WriteAllTextAsync(keyFile, Convert.ToHexString(key));
        await using var broker = new AuditBroker();
        Assert.True(broker.Enable("file", TestData.FileOptions(log), TestData.Key(), key).Success);
        for (var i = 0; i < lines; i++)
        {
            await broker.LogAsync(TestData.Request(path: $"secret/data/{i}"), default);
        }

        return (log, keyFile);
    }

    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await AuditCli.RunAsync(args, stdout, stderr, default);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task RunAsync_VerifyCleanLog_ExitsZeroWithCount()
    {
        var (log, keyFile) = await WriteLogAsync(5);

        var (code, output, _) = await RunAsync("audit", "verify", $"-key=@{keyFile}", log);

        Assert.Equal(0, code);
        Assert.Contains("5 lines", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_VerifyTamperedLog_ExitsOneWithLineNumber()
    {
        var (log, keyFile) = await WriteLogAsync(5);
        var lines = File.ReadAllLines(log).ToList();
        lines.RemoveAt(2);
        File.WriteAllLines(log, lines);

        var (code, output, _) = await RunAsync("verify", $"-key=@{keyFile}", log);

        Assert.Equal(1, code);
        Assert.Contains($"{log}:3: deleted", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_VerifyWithoutKey_ExitsTwo()
    {
        var (log, _) = await WriteLogAsync(1);
        Environment.SetEnvironmentVariable(AuditCli.ChainKeyVariable, null);

        var (code, _, error) = await RunAsync("verify", log);

        Assert.Equal(2, code);
        Assert.Contains(AuditCli.ChainKeyVariable, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_BadUsage_ExitsTwo()
    {
        Assert.Equal(2, (await RunAsync()).Code);
        Assert.Equal(2, (await RunAsync("audit", "frobnicate", "x")).Code);
        Assert.Equal(2, (await RunAsync("audit", "verify", _dir.File("missing.log"))).Code);
    }

    [Fact]
    public async Task RunAsync_AnalyzeOurLog_PrintsAlerts()
    {
        var log = _dir.File("audit.log");
        await using (var broker = new AuditBroker())
        {
            Assert.True(broker.Enable("file", TestData.FileOptions(log), TestData.Key(), TestData.Key()).Success);
            var t = new DateTimeOffset(2025, 1, 6, 10, 0, 0, TimeSpan.Zero);
            for (var i = 0; i < 7; i++)
            {
                await broker.LogAsync(TestData.Response(path: "auth/userpass/login/alice", operation: "update", time: t.AddSeconds(i), error: "invalid username or password", remote: "203.0.113.9"), default);
            }
        }

        var (code, output, _) = await RunAsync("audit", "analyze", log);

        Assert.Equal(0, code);
        Assert.Contains("auth-failures-by-address", output, StringComparison.Ordinal);
        Assert.Contains("203.0.113.9", output, StringComparison.Ordinal);
        Assert.Contains("from 7 audit entries", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_AnalyzeVaultFormatWithConfig_UsesConfiguredRules()
    {
        var log = _dir.File("vault_audit.log");
        // Vault's own format: nanosecond times, HMACed accessors, no seq/chain.
        var line = """{"time":"2025-01-04T23:30:00.123456789Z","type":"response","auth":{"client_token":"hmac-sha256:aa","accessor":"hmac-sha256:bb","display_name":"approle","policies":["default"],"token_policies":["default"],"metadata":{"role_name":"ci"},"entity_id":"e-42","token_type":"service"},"request":{"id":"r1","operation":"read","mount_type":"kv","client_token":"hmac-sha256:aa","namespace":{"id":"root"},"path":"secret/data/prod/db","remote_address":"198.51.100.4"},"response":{"mount_type":"kv","data":{"data":{"password":"hmac-sha256:cc"}}},"error":""}""";
        await File.WriteAllLinesAsync(log, [line, "not json", ""]);
        var config = _dir.File("alerts.json");
        await File.WriteAllTextAsync(config, new JsonObject
        {
            ["alert_settings"] = new JsonObject { ["defaults"] = false },
            ["alert"] = new JsonObject { ["weekend-read"] = new JsonObject { ["type"] = "off_hours_read", ["timezone"] = "Europe/Paris" } },
        }.ToJsonString());

        var (code, output, _) = await RunAsync("audit", "analyze", $"-config={config}", "-format=json", log);

        Assert.Equal(0, code);
        var alert = JsonNode.Parse(output.Trim())!;
        Assert.Equal("weekend-read", (string?)alert["rule"]);
        Assert.Equal("e-42", (string?)alert["who"]!["entity_id"]);
        Assert.Equal("hmac-sha256:bb", (string?)alert["who"]!["accessor"]);
        Assert.Equal("secret/data/prod/db", (string?)alert["what"]!["path"]);
    }
}
