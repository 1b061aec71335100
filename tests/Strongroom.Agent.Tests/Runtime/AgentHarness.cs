using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Strongroom.Agent.Config;
using Strongroom.Server.Tests.Infrastructure;

namespace Strongroom.Agent.Tests.Runtime;

/// <summary>A temp dir, an AppRole on the real server, and the real agent run in-process on a fake clock.</summary>
internal sealed class AgentHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();

    public AgentHarness()
    {
        Directory.CreateDirectory(Dir);
    }

    public string Dir { get; } = Path.Combine(Path.GetTempPath(), "strongroom-agent-" + Guid.NewGuid().ToString("N")[..12]);

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public AgentRunner? Runner { get; private set; }

    public Task<int>? Run { get; private set; }

    public string PathOf(string name) => Path.Combine(Dir, name);

    /// <summary>Enables a fresh approle mount with a role reading secret/data/{app}/* and dyn creds; writes role_id/secret_id files.</summary>
    public static async Task<(string Mount, string RoleId, string SecretId)> SetUpAppRoleAsync(VaultHttp root, string app, string extraPolicy = "")
    {
        var mount = "approle" + Guid.NewGuid().ToString("N")[..8];
        (await root.PostAsync($"sys/auth/{mount}", new { type = "approle" })).Expect(HttpStatusCode.NoContent);
        var policy = $"path \"secret/data/{app}/*\" {{ capabilities = [\"read\"] }}\n{extraPolicy}";
        (await root.PutAsync($"sys/policies/acl/{app}", new { policy })).Expect(HttpStatusCode.NoContent);
        (await root.PostAsync($"auth/{mount}/role/{app}", new { token_policies = app, token_ttl = "1h", token_max_ttl = "24h" })).Expect(HttpStatusCode.NoContent);
        var roleId = (string)(await root.GetAsync($"auth/{mount}/role/{app}/role-id")).Expect(HttpStatusCode.OK).Data!["role_id"]!;
        var secretId = (string)(await root.PostAsync($"auth/{mount}/role/{app}/secret-id", new { })).Expect(HttpStatusCode.OK).Data!["secret_id"]!;
        return (mount, roleId, secretId);
    }

    public static Task PutKvAsync(VaultHttp root, string path, object data) =>
        root.PostAsync("secret/data/" + path, new { data }).ContinueWith(t => t.Result.Expect(HttpStatusCode.OK), TaskScheduler.Default);

    public void WriteFile(string name, string text) => File.WriteAllText(PathOf(name), text);

    public string? ReadFile(string name) => File.Exists(PathOf(name)) ? File.ReadAllText(PathOf(name)) : null;

    public void Start(string hcl)
    {
        var config = AgentConfigLoader.Load([(PathOf("agent.hcl"), hcl)]);
        Runner = new AgentRunner(config, new AgentRunnerOptions { Clock = Clock, Environment = n => n == "FAKE_ENV" ? "from-env" : null });
        Run = Task.Run(() => Runner.RunAsync(_stop.Token));
    }

    /// <summary>Polls (real time) until the condition holds or the agent stopped; fails after 30 s.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            if (Run is { IsCompleted: true })
            {
                Assert.Fail($"agent stopped (exit {(Run.IsCompletedSuccessfully ? Run.Result.ToString(System.Globalization.CultureInfo.InvariantCulture) : Run.Exception?.ToString())}) while waiting for: {what}");
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("timed out waiting for: " + what);
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Moves the agent's clock and waits until the loop has made at least one more pass.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        var passes = Runner!.Passes;
        Clock.Advance(by);
        await WaitUntilAsync(() => Runner.Passes > passes, "a pass of the agent loop after advancing the clock");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (Run is not null)
        {
            try
            {
                await Run.WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (Exception)
            {
                // the test already reported what matters
            }
        }

        _stop.Dispose();
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
