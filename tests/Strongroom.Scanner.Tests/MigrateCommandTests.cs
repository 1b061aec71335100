using System.Text.Json.Nodes;
using Strongroom.Scanner.Detection;
using Strongroom.Scanner.Migration;
using static Strongroom.Scanner.Tests.CommandHarness;
using static Strongroom.Scanner.Tests.KeyFactory;

namespace Strongroom.Scanner.Tests;

public sealed class MigrateCommandTests
{
    [Fact]
    public async Task Migrate_DryRun_PrintsPlanAndChangesNothing()
    {
        using var dir = new TempDirectory();
        var key = "gsk_" + R(Alnum, 52);
        var env = dir.Write(".env", $"GROQ_API_KEY={key}\nDEBUG=1\n");
        var (code, stdout, _) = await ScanAsync([dir.Path, "--migrate", "--app", "demo"]);
        Assert.Equal(1, code);
        Assert.Contains("would move .env:1", stdout, StringComparison.Ordinal);
        Assert.Contains("strongroom://secret/demo/groq-api-key#value", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(key, stdout, StringComparison.Ordinal);
        Assert.Contains(key, File.ReadAllText(env), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_Apply_StoresValuesAndRewritesOnlyConfigFiles()
    {
        using var server = new FakeKvServer();
        using var dir = new TempDirectory();
        var groq = "gsk_" + R(Alnum, 52);
        var hf = "hf_" + R(Letters, 34);
        dir.Write(".env", $"# app\nGROQ_API_KEY={groq}\nHF_TOKEN=\"{hf}\"\nDEBUG=1\n");
        dir.Write("config/settings.yaml", $"huggingface:\n  token: {hf}\n");
        var code = dir.Write("src/main.py", $"KEY = \"pplx-{R(Alnum, 48)}\"\n");

        var (exit, stdout, stderr) = await ScanAsync([dir.Path, "--migrate", "--apply", "--app", "demo", "--addr", server.Address, "--token", server.Token]);

        Assert.Equal(1, exit); // the key in code is reported, not moved
        Assert.Equal(groq, server.Data["secret/demo/groq-api-key"]["value"]!.GetValue<string>());
        Assert.Equal(hf, server.Data["secret/demo/hf-token"]["value"]!.GetValue<string>());
        Assert.Equal(2, server.Data.Count);
        var envText = File.ReadAllText(Path.Combine(dir.Path, ".env"));
        Assert.Equal("# app\nGROQ_API_KEY=strongroom://secret/demo/groq-api-key#value\nHF_TOKEN=\"strongroom://secret/demo/hf-token#value\"\nDEBUG=1\n", envText);
        Assert.Equal("huggingface:\n  token: strongroom://secret/demo/hf-token#value\n", File.ReadAllText(Path.Combine(dir.Path, "config/settings.yaml")));
        Assert.Contains("pplx-", File.ReadAllText(code), StringComparison.Ordinal);
        Assert.DoesNotContain(groq, stdout + stderr, StringComparison.Ordinal);
        Assert.Equal(0, (await ScanAsync([Path.Combine(dir.Path, "config")])).Code);
    }

    [Fact]
    public async Task Migrate_ServerRejectsToken_LeavesFilesUnchanged()
    {
        using var server = new FakeKvServer();
        using var dir = new TempDirectory();
        var key = "gsk_" + R(Alnum, 52);
        var env = dir.Write(".env", $"GROQ_API_KEY={key}\n");
        var (exit, _, stderr) = await ScanAsync([dir.Path, "--migrate", "--apply", "--addr", server.Address, "--token", "wrong"]);
        Assert.Equal(1, exit);
        Assert.Contains("HTTP 403", stderr, StringComparison.Ordinal);
        Assert.Contains(key, File.ReadAllText(env), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("OPENAI_API_KEY=", "openai-api-key")]
    [InlineData("  \"apiKey\": \"", "apikey")]
    [InlineData("", "groq-api-key")]
    public void NameFor_LineWithAssignment_UsesTheKeyName(string prefix, string expected)
    {
        var finding = new Finding { RuleId = "groq-api-key", Description = "d", Severity = "high", Path = ".env", Line = 1, Column = prefix.Length + 1, Secret = "gsk_" + R(Alnum, 52) };
        Assert.Equal(expected, MigrationPlanner.NameFor(prefix + finding.Secret + "\"", finding));
    }

    [Fact]
    public async Task KvClient_WriteThenRead_RoundTripsThroughKvV2Json()
    {
        using var server = new FakeKvServer();
        using var kv = new KvClient(new VaultEndpoint(new Uri(server.Address), server.Token));
        Assert.Null(await kv.WriteAsync("secret", "app/db", new Dictionary<string, string> { ["password"] = "p-" + R(Alnum, 10) }, default));
        var (data, error) = await kv.ReadAsync("secret", "app/db", default);
        Assert.Null(error);
        Assert.StartsWith("p-", data!["password"], StringComparison.Ordinal);
        var (missing, missingError) = await kv.ReadAsync("secret", "app/none", default);
        Assert.Null(missing);
        Assert.Contains("not found", missingError, StringComparison.Ordinal);
    }

    [Fact]
    public void VaultEndpoint_Resolve_PrefersFlagsThenStrongroomThenVaultVariables()
    {
        var env = new Dictionary<string, string?> { ["STRONGROOM_ADDR"] = "http://a:1", ["VAULT_ADDR"] = "http://b:2", ["VAULT_TOKEN"] = "vt" };
        var (fromEnv, _) = VaultEndpoint.Resolve(null, null, k => env.GetValueOrDefault(k));
        Assert.Equal("http://a:1/", fromEnv!.Address.ToString());
        Assert.Equal("vt", fromEnv.Token);
        var (fromFlags, _) = VaultEndpoint.Resolve("https://c:3", "ft", k => env.GetValueOrDefault(k));
        Assert.Equal("https://c:3/", fromFlags!.Address.ToString());
        Assert.Equal("ft", fromFlags.Token);
        var (fallback, _) = VaultEndpoint.Resolve(null, null, _ => null);
        Assert.Equal("http://127.0.0.1:8200/", fallback!.Address.ToString());
        Assert.NotNull(VaultEndpoint.Resolve("ftp://x", null, _ => null).Error);
    }
}
