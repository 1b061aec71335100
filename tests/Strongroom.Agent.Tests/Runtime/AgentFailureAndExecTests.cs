using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Strongroom.Server;
using Strongroom.Server.Configuration;
using Strongroom.Server.Tests.Infrastructure;

namespace Strongroom.Agent.Tests.Runtime;

/// <summary>Outages (the real server stopped and started again on the same port), exec mode, the CLI process, the API proxy.</summary>
public sealed class AgentFailureAndExecTests : IClassFixture<InMemoryServerFixture>
{
    private readonly InMemoryServerFixture _fixture;

    public AgentFailureAndExecTests(InMemoryServerFixture fixture)
    {
        _fixture = fixture;
    }

    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    private static Task<StrongroomServer> StartServerAsync(int port, string rootToken) =>
        StrongroomServer.StartAsync(
            new ServerConfig { Storage = new StorageConfig { Type = "inmem" }, Listener = new ListenerConfig { Address = $"127.0.0.1:{port}", TlsDisable = true } },
            dev: true, rootToken);

    private static string TokenFileConfig(AgentHarness h, string address, string path, bool exitOnRetryFailure) => $$$"""
        vault {
          address = "{{{address}}}"
          retry {
            num_retries = 2
            backoff = "1s"
            max_backoff = "2s"
          }
        }
        auto_auth {
          method "token_file" {
            config = { token_file_path = "{{{h.PathOf("root-token")}}}" }
          }
        }
        template_config {
          static_secret_render_interval = "30s"
          exit_on_retry_failure = {{{(exitOnRetryFailure ? "true" : "false")}}}
        }
        template {
          destination = "{{{h.PathOf("k.txt")}}}"
          contents = <<-EOT
            {{ with secret "secret/data/{{{path}}}" }}{{ .Data.data.v }}{{ end -}}
          EOT
        }
        """;

    [Fact]
    public async Task ServerOutage_KeepsLastGoodFile_AndRecoversWhenTheServerIsBack()
    {
        var port = ServerProcess.FreePort();
        var rootToken = "hvs.fake-root-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var server = await StartServerAsync(port, rootToken);
        await using var h = new AgentHarness();
        h.WriteFile("root-token", rootToken);
        using (var root = new VaultHttp(server.Address, rootToken))
        {
            await AgentHarness.PutKvAsync(root, "app/k", new { v = "fake-1" });
        }

        h.Start(TokenFileConfig(h, server.Address.ToString().TrimEnd('/'), "app/k", exitOnRetryFailure: false));
        await h.WaitUntilAsync(() => h.ReadFile("k.txt") == "fake-1", "the first render");

        await server.DisposeAsync();
        h.Clock.Advance(TimeSpan.FromSeconds(31));
        await h.WaitUntilAsync(() => h.Runner!.ConsecutiveFailures >= 1, "a failed static re-read");
        for (var i = 0; i < 4; i++)
        {
            await h.AdvanceAsync(TimeSpan.FromSeconds(3));
        }

        Assert.True(h.Runner!.ConsecutiveFailures > 2, "retries went past num_retries without exit_on_retry_failure");
        Assert.False(h.Run!.IsCompleted);
        Assert.Equal("fake-1", h.ReadFile("k.txt"));

        // The server comes back (same port, same root token) with a rotated value: the agent catches up.
        await using var again = await StartServerAsync(port, rootToken);
        using (var root = new VaultHttp(again.Address, rootToken))
        {
            await AgentHarness.PutKvAsync(root, "app/k", new { v = "fake-2" });
        }

        for (var i = 0; i < 10 && h.ReadFile("k.txt") != "fake-2"; i++)
        {
            await h.AdvanceAsync(TimeSpan.FromSeconds(3));
        }

        await h.WaitUntilAsync(() => h.ReadFile("k.txt") == "fake-2", "the render after the outage");
        Assert.Equal(0, h.Runner.ConsecutiveFailures);
    }

    [Fact]
    public async Task ServerOutage_WithExitOnRetryFailure_ExitsNonZero_KeepingTheFile()
    {
        var port = ServerProcess.FreePort();
        var rootToken = "hvs.fake-root-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var server = await StartServerAsync(port, rootToken);
        await using var h = new AgentHarness();
        h.WriteFile("root-token", rootToken);
        using (var root = new VaultHttp(server.Address, rootToken))
        {
            await AgentHarness.PutKvAsync(root, "app/k", new { v = "fake-1" });
        }

        h.Start(TokenFileConfig(h, server.Address.ToString().TrimEnd('/'), "app/k", exitOnRetryFailure: true));
        await h.WaitUntilAsync(() => h.ReadFile("k.txt") == "fake-1", "the first render");
        await server.DisposeAsync();
        h.Clock.Advance(TimeSpan.FromSeconds(31));
        for (var i = 0; i < 10 && !h.Run!.IsCompleted; i++)
        {
            await h.WaitUntilAsync(() => h.Runner!.ConsecutiveFailures > i || h.Run.IsCompleted, "another failure");
            if (!h.Run.IsCompleted)
            {
                h.Clock.Advance(TimeSpan.FromSeconds(3));
            }
        }

        Assert.Equal(1, await h.Run!.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("fake-1", h.ReadFile("k.txt"));
    }

    [Fact]
    public async Task Exec_RestartsTheChildWithNewEnvironment_WhenTheSecretChanges()
    {
        using var root = _fixture.Client();
        var app = Unique("exec");
        var (mount, roleId, secretId) = await AgentHarness.SetUpAppRoleAsync(root, app);
        await AgentHarness.PutKvAsync(root, $"{app}/k", new { v = "fake-1" });
        await using var h = new AgentHarness();
        h.WriteFile("role-id", roleId);
        h.WriteFile("secret-id", secretId);
        h.Start($$$"""
            vault { address = "{{{_fixture.Server.Address.ToString().TrimEnd('/')}}}" }
            auto_auth {
              method "approle" {
                mount_path = "auth/{{{mount}}}"
                config = {
                  role_id_file_path = "{{{h.PathOf("role-id")}}}"
                  secret_id_file_path = "{{{h.PathOf("secret-id")}}}"
                }
              }
            }
            template_config { static_secret_render_interval = "10s" }
            env_template "FAKE_KEY" {
              contents = "{{ with secret \"secret/data/{{{app}}}/k\" }}{{ .Data.data.v }}{{ end }}"
            }
            exec {
              command = ["/bin/sh", "-c", "echo \"start $FAKE_KEY\" >> {{{h.PathOf("child.log")}}}; exec sleep 120"]
              restart_on_secret_changes = "always"
              restart_stop_signal = "SIGTERM"
            }
            """);
        await h.WaitUntilAsync(() => h.ReadFile("child.log") == "start fake-1\n", "the child's first start");

        await AgentHarness.PutKvAsync(root, $"{app}/k", new { v = "fake-2" });
        h.Clock.Advance(TimeSpan.FromSeconds(11));
        await h.WaitUntilAsync(() => h.ReadFile("child.log") == "start fake-1\nstart fake-2\n", "the restart with the new value");

        // No change: no restart.
        await h.AdvanceAsync(TimeSpan.FromSeconds(11));
        Assert.Equal("start fake-1\nstart fake-2\n", h.ReadFile("child.log"));
    }

    [Fact]
    public async Task Exec_ChildExit_StopsTheAgentWithItsCode()
    {
        var rootToken = _fixture.RootToken;
        await using var h = new AgentHarness();
        h.WriteFile("root-token", rootToken);
        h.Start($$$"""
            vault { address = "{{{_fixture.Server.Address.ToString().TrimEnd('/')}}}" }
            auto_auth {
              method "token_file" { config = { token_file_path = "{{{h.PathOf("root-token")}}}" } }
            }
            exec { command = ["/bin/sh", "-c", "exit 3"] }
            """);
        Assert.Equal(3, await h.Run!.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task CliProcess_ExitAfterAuth_WritesSinkAndTemplates_ThenExitsZero()
    {
        using var root = _fixture.Client();
        var app = Unique("init");
        var (mount, roleId, secretId) = await AgentHarness.SetUpAppRoleAsync(root, app);
        await AgentHarness.PutKvAsync(root, $"{app}/k", new { v = "fake-init" });
        await using var h = new AgentHarness();
        h.WriteFile("role-id", roleId);
        h.WriteFile("secret-id", secretId);
        h.WriteFile("agent.hcl", $$$"""
            vault { address = "{{{_fixture.Server.Address.ToString().TrimEnd('/')}}}" }
            pid_file = "{{{h.PathOf("agent.pid")}}}"
            auto_auth {
              method "approle" {
                mount_path = "auth/{{{mount}}}"
                config = {
                  role_id_file_path = "{{{h.PathOf("role-id")}}}"
                  secret_id_file_path = "{{{h.PathOf("secret-id")}}}"
                }
              }
              sink "file" { config = { path = "{{{h.PathOf("token")}}}" } }
            }
            template {
              destination = "{{{h.PathOf("secrets/k")}}}"
              contents = "{{ with secret \"secret/data/{{{app}}}/k\" }}{{ .Data.data.v }}{{ end }}"
            }
            """);

        var (code, output) = await RunCliAsync("agent", "-config=" + h.PathOf("agent.hcl"), "-exit-after-auth", "-log-level=debug");
        Assert.True(code == 0, output);
        Assert.Equal("fake-init", h.ReadFile("secrets/k"));
        Assert.StartsWith("hvs.", h.ReadFile("token"), StringComparison.Ordinal);
        Assert.False(File.Exists(h.PathOf("agent.pid")), "the pid file is removed on exit");
        Assert.DoesNotContain(h.ReadFile("token")!, output, StringComparison.Ordinal);
        Assert.DoesNotContain("fake-init", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CliProcess_BadConfig_ExitsOneWithPosition()
    {
        await using var h = new AgentHarness();
        h.WriteFile("agent.hcl", "vault {\n  address = \"http://127.0.0.1:1\"\n}\nnot_a_block {\n}\n");
        var (code, output) = await RunCliAsync("agent", "-config=" + h.PathOf("agent.hcl"));
        Assert.Equal(1, code);
        Assert.Contains("unknown block \"not_a_block\"", output, StringComparison.Ordinal);
        Assert.Contains("agent.hcl: 4:1", output, StringComparison.Ordinal);

        (code, output) = await RunCliAsync("agent");
        Assert.Equal(2, code);
        Assert.Contains("-config=FILE is required", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiProxy_AddsTheAutoAuthToken()
    {
        using var root = _fixture.Client();
        var app = Unique("proxy");
        var (mount, roleId, secretId) = await AgentHarness.SetUpAppRoleAsync(root, app);
        await AgentHarness.PutKvAsync(root, $"{app}/k", new { v = "fake-proxied" });
        var port = ServerProcess.FreePort();
        await using var h = new AgentHarness();
        h.WriteFile("role-id", roleId);
        h.WriteFile("secret-id", secretId);
        h.Start($$$"""
            vault { address = "{{{_fixture.Server.Address.ToString().TrimEnd('/')}}}" }
            auto_auth {
              method "approle" {
                mount_path = "auth/{{{mount}}}"
                config = {
                  role_id_file_path = "{{{h.PathOf("role-id")}}}"
                  secret_id_file_path = "{{{h.PathOf("secret-id")}}}"
                }
              }
            }
            api_proxy { use_auto_auth_token = true }
            listener "tcp" {
              address = "127.0.0.1:{{{port}}}"
              tls_disable = true
            }
            """);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        HttpResponseMessage? response = null;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (response is null)
        {
            try
            {
                response = await http.GetAsync($"/v1/secret/data/{app}/k");
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }

        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("fake-proxied", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // A request with its own (bad) token keeps it: use_auto_auth_token = true does not override.
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/secret/data/{app}/k");
        request.Headers.Add("X-Vault-Token", "hvs.fake-not-a-token");
        using var denied = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
    }

    private static async Task<(int Code, string Output)> RunCliAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(ServerProcess.CliDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
