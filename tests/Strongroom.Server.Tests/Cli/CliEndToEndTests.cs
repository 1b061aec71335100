using System.Text.Json.Nodes;
using Strongroom.Server.Configuration;
using Strongroom.Server.Tests.Infrastructure;

namespace Strongroom.Server.Tests.Cli;

/// <summary>The `strongroom` CLI driving the real server, as a user would run it.</summary>
public sealed class CliEndToEndTests : IClassFixture<InMemoryServerFixture>
{
    private readonly InMemoryServerFixture _fixture;

    public CliEndToEndTests(InMemoryServerFixture fixture)
    {
        _fixture = fixture;
    }

    private CliEnvironment Env(string? token = null) => new(_fixture.Server.Address, token ?? _fixture.RootToken);

    [Fact]
    public async Task Kv_PutGetPatchListDeleteUndeleteRollback()
    {
        using var env = Env();
        var app = "cli-" + Guid.NewGuid().ToString("N")[..8];
        var put = await env.RunAsync("kv", "put", $"secret/{app}/openai", "api-key=fake-one", "org=research");
        Assert.True(put.Code == 0, put.Stderr);
        Assert.Equal("fake-one", (await env.RunAsync("kv", "get", "-field=api-key", $"secret/{app}/openai")).Stdout.Trim());

        Assert.Equal(0, (await env.RunAsync("kv", "patch", $"secret/{app}/openai", "api-key=fake-two")).Code);
        var json = await env.RunAsync("kv", "get", "-format=json", $"secret/{app}/openai");
        var data = JsonNode.Parse(json.Stdout)!["data"]!;
        Assert.Equal("fake-two", (string)data["data"]!["api-key"]!);
        Assert.Equal("research", (string)data["data"]!["org"]!);
        Assert.Equal(2, (int)data["metadata"]!["version"]!);

        var list = await env.RunAsync("kv", "list", "-format=json", $"secret/{app}");
        Assert.Contains("openai", list.Stdout, StringComparison.Ordinal);

        Assert.Equal(0, (await env.RunAsync("kv", "delete", $"secret/{app}/openai")).Code);
        var deleted = await env.RunAsync("kv", "get", $"secret/{app}/openai");
        Assert.DoesNotContain("fake-two", deleted.Stdout, StringComparison.Ordinal);
        Assert.Contains("deletion_time", deleted.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, (await env.RunAsync("kv", "undelete", "-versions=2", $"secret/{app}/openai")).Code);
        Assert.Equal(0, (await env.RunAsync("kv", "rollback", "-version=1", $"secret/{app}/openai")).Code);
        Assert.Equal("fake-one", (await env.RunAsync("kv", "get", "-field=api-key", $"secret/{app}/openai")).Stdout.Trim());
        var meta = await env.RunAsync("kv", "metadata", "get", "-format=json", $"secret/{app}/openai");
        Assert.Equal(3, (int)JsonNode.Parse(meta.Stdout)!["data"]!["current_version"]!);
    }

    [Fact]
    public async Task WrapTtl_KvGetAnswersWithAWrappingToken_UnwrapWorksOnce()
    {
        using var env = Env();
        var app = "wrap-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(0, (await env.RunAsync("kv", "put", $"secret/{app}/openai", "api-key=fake-wrapped")).Code);

        var wrapped = await env.RunAsync("kv", "get", "-wrap-ttl=5m", "-format=json", $"secret/{app}/openai");
        Assert.True(wrapped.Code == 0, wrapped.Stderr);
        Assert.DoesNotContain("fake-wrapped", wrapped.Stdout, StringComparison.Ordinal);
        var wrapInfo = JsonNode.Parse(wrapped.Stdout)!["wrap_info"]!;
        Assert.Equal(300, (int)wrapInfo["ttl"]!);
        Assert.Equal($"secret/data/{app}/openai", (string)wrapInfo["creation_path"]!);
        var token = (string)wrapInfo["token"]!;

        var unwrapped = await env.RunAsync("unwrap", "-format=json", token);
        Assert.True(unwrapped.Code == 0, unwrapped.Stderr);
        Assert.Equal("fake-wrapped", (string)JsonNode.Parse(unwrapped.Stdout)!["data"]!["data"]!["api-key"]!);

        var again = await env.RunAsync("unwrap", token);
        Assert.Equal(1, again.Code);
        Assert.Contains("Error unwrapping", again.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("fake-wrapped", again.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KvV1_OnAMountEnabledFromTheCli()
    {
        using var env = Env();
        var path = "v1-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(0, (await env.RunAsync("secrets", "enable", $"-path={path}", "kv")).Code);
        var list = await env.RunAsync("secrets", "list", "-format=json");
        Assert.Contains($"{path}/", list.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, (await env.RunAsync("kv", "put", $"{path}/db", "password=fake-pw")).Code);
        Assert.Equal("fake-pw", (await env.RunAsync("kv", "get", "-field=password", $"{path}/db")).Stdout.Trim());
        Assert.Equal(0, (await env.RunAsync("secrets", "tune", "-default-lease-ttl=1h", $"{path}/")).Code);
        Assert.Equal(0, (await env.RunAsync("secrets", "disable", $"{path}/")).Code);
    }

    [Fact]
    public async Task PolicyAndToken_LeastPrivilegeFromTheCli()
    {
        using var env = Env();
        var policy = Path.Combine(env.HomeDirectory, "ai.hcl");
        var name = "ai-" + Guid.NewGuid().ToString("N")[..8];
        await File.WriteAllTextAsync(policy, "path \"secret/data/ai/*\" {\n  capabilities = [\"read\"]\n}\n");
        Assert.Equal(0, (await env.RunAsync("policy", "write", name, policy)).Code);
        Assert.Contains(name, (await env.RunAsync("policy", "list")).Stdout, StringComparison.Ordinal);
        Assert.Contains("secret/data/ai/*", (await env.RunAsync("policy", "read", name)).Stdout, StringComparison.Ordinal);

        var created = await env.RunAsync("token", "create", $"-policy={name}", "-ttl=15m", "-field=token");
        Assert.True(created.Code == 0, created.Stderr);
        var token = created.Stdout.Trim();
        var caps = await env.RunAsync("token", "capabilities", token, "secret/data/ai/openai");
        Assert.Contains("read", caps.Stdout, StringComparison.Ordinal);

        Assert.Equal(0, (await env.RunAsync("kv", "put", "secret/ai/openai", "api-key=fake")).Code);
        using var limited = Env(token);
        Assert.Equal(0, (await limited.RunAsync("kv", "get", "secret/ai/openai")).Code);
        var denied = await limited.RunAsync("kv", "put", "secret/ai/openai", "api-key=other");
        Assert.Equal(1, denied.Code);
        Assert.Contains("permission denied", denied.Stderr, StringComparison.Ordinal);

        Assert.Equal(0, (await env.RunAsync("token", "revoke", token)).Code);
        Assert.Equal(1, (await limited.RunAsync("token", "lookup")).Code);
    }

    [Fact]
    public async Task Login_StoresTokenHelperFile_UsedByLaterCommands()
    {
        using var env = Env();
        env.Variables.Remove("STRONGROOM_TOKEN");
        var login = await env.RunAsync("login", _fixture.RootToken);
        Assert.True(login.Code == 0, login.Stderr);
        var file = Path.Combine(env.HomeDirectory, ".strongroom-token");
        Assert.Equal(_fixture.RootToken, (await File.ReadAllTextAsync(file)).Trim());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(0, (await env.RunAsync("token", "lookup")).Code);
    }

    [Fact]
    public async Task UsageErrors_ExitWith2()
    {
        using var env = Env();
        Assert.Equal(2, (await env.RunAsync("kv", "put")).Code);
        Assert.Equal(2, (await env.RunAsync("no-such-command")).Code);
        Assert.Equal(2, (await env.RunAsync("token", "create", "-ttl=notaduration")).Code);
    }

    [Fact]
    public async Task OperatorInitUnsealSealStatus_OnARealServer()
    {
        var config = new ServerConfig { Storage = new StorageConfig { Type = "inmem" }, Listener = new ListenerConfig { Address = "127.0.0.1:0", TlsDisable = true } };
        await using var server = await StrongroomServer.StartAsync(config, dev: false, null);
        using var env = new CliEnvironment(server.Address, null);
        var init = await env.RunAsync("operator", "init", "-key-shares=3", "-key-threshold=2", "-format=json");
        Assert.True(init.Code == 0, init.Stderr);
        var json = JsonNode.Parse(init.Stdout)!;
        var keys = json["unseal_keys_b64"]?.AsArray() ?? json["keys_base64"]!.AsArray();
        var root = (string)(json["root_token"])!;
        Assert.Equal(2, (await env.RunAsync("status")).Code);
        Assert.Equal(0, (await env.RunAsync("operator", "unseal", (string)keys[0]!)).Code);
        Assert.Equal(0, (await env.RunAsync("operator", "unseal", (string)keys[2]!)).Code);
        Assert.Equal(0, (await env.RunAsync("status")).Code);

        env.Variables["STRONGROOM_TOKEN"] = root;
        Assert.Equal(0, (await env.RunAsync("operator", "rotate")).Code);
        Assert.Contains("2", (await env.RunAsync("operator", "key-status")).Stdout, StringComparison.Ordinal);
        Assert.Equal(0, (await env.RunAsync("operator", "seal")).Code);
        Assert.Equal(2, (await env.RunAsync("status")).Code);
    }
}
