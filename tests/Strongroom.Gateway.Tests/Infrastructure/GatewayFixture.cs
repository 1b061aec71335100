using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Strongroom.Server;
using Strongroom.Server.Configuration;

namespace Strongroom.Gateway.Tests.Infrastructure;

/// <summary>
/// A real Strongroom dev server (in memory, on loopback) with an ai mount, a fake provider, a
/// gateway token limited to ai/gateway/*, and two gateway processes-in-process sharing the server.
/// Real provider keys are generated per run.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public string RootToken { get; } = "hvs." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public string OpenAiKey { get; } = "sk-proj-fake-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    public string AnthropicKey { get; } = "sk-ant-fake-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    public ManualClock Clock { get; } = new();

    public StrongroomServer Server { get; private set; } = null!;

    public FakeUpstream Upstream { get; private set; } = null!;

    public GatewayHost Gateway { get; private set; } = null!;

    public GatewayHost Gateway2 { get; private set; } = null!;

    public string GatewayToken { get; private set; } = "";

    public string AuditFile { get; } = Path.Combine(Path.GetTempPath(), "strongroom-gw-audit-" + Guid.NewGuid().ToString("N") + ".log");

    public VaultHttp Root() => new(Server.Address, RootToken);

    public async Task InitializeAsync()
    {
        Upstream = await FakeUpstream.StartAsync();
        Upstream.ValidKeys[OpenAiKey] = true;
        Upstream.ValidKeys[AnthropicKey] = true;
        Server = await StrongroomServer.StartAsync(
            new ServerConfig { Storage = new StorageConfig { Type = "inmem" }, Listener = new ListenerConfig { Address = "127.0.0.1:0", TlsDisable = true } },
            dev: true, RootToken, Clock);
        using var root = Root();
        (await root.PutAsync("sys/audit/file", new { type = "file", options = new { file_path = AuditFile } })).Expect(HttpStatusCode.NoContent);
        (await root.PostAsync("sys/mounts/ai", new { type = "ai" })).Expect(HttpStatusCode.NoContent);
        (await root.PostAsync("ai/providers/openai", new { type = "openai", base_url = Upstream.BaseUrl, api_key = OpenAiKey })).Expect(HttpStatusCode.NoContent);
        (await root.PostAsync("ai/providers/anthropic", new { type = "anthropic", base_url = Upstream.BaseUrl, api_key = AnthropicKey })).Expect(HttpStatusCode.NoContent);
        (await root.PutAsync("sys/policies/acl/ai-gateway", new { policy = "path \"ai/gateway/*\" { capabilities = [\"update\"] }" })).Expect(HttpStatusCode.NoContent);
        var token = (await root.PostAsync("auth/token/create", new { policies = new[] { "ai-gateway" }, ttl = "720h" })).Expect(HttpStatusCode.OK);
        GatewayToken = token.Json!["auth"]!["client_token"]!.GetValue<string>();
        Gateway = await StartGatewayAsync();
        Gateway2 = await StartGatewayAsync();
    }

    /// <summary>The grant validity of the fixture's gateways: advancing <see cref="Clock"/> by it makes every grant stale.</summary>
    public static TimeSpan GrantValidity { get; } = TimeSpan.FromSeconds(1);

    public Task<GatewayHost> StartGatewayAsync(TimeSpan? upstreamTimeout = null, long maxBody = 1024 * 1024, Uri? server = null, HttpMessageHandler? serverHandler = null) =>
        GatewayHost.StartAsync(new GatewayOptions
        {
            ListenAddress = "127.0.0.1:0",
            ServerAddress = server ?? Server.Address,
            ServerToken = GatewayToken,
            MaxBodyBytes = maxBody,
            UpstreamTimeout = upstreamTimeout ?? TimeSpan.FromSeconds(30),
            ServerHandler = serverHandler,
            GrantValidity = GrantValidity,
            Clock = Clock,
        }, Microsoft.Extensions.Logging.Abstractions.NullLoggerProvider.Instance);

    /// <summary>Writes a role and issues a virtual key for it.</summary>
    public async Task<IssuedKey> IssueAsync(string role, object roleConfig)
    {
        using var root = Root();
        (await root.PostAsync("ai/roles/" + role, roleConfig)).Expect(HttpStatusCode.NoContent);
        var creds = (await root.GetAsync("ai/creds/" + role)).Expect(HttpStatusCode.OK);
        return new IssuedKey(creds.Data!["api_key"]!.GetValue<string>(), creds.Data!["accessor"]!.GetValue<string>(), creds.Json!["lease_id"]!.GetValue<string>());
    }

    public async Task<JsonNode> UsageAsync(string accessor)
    {
        await Gateway.FlushAsync();
        await Gateway2.FlushAsync();
        using var root = Root();
        return (await root.GetAsync("ai/keys/" + accessor)).Expect(HttpStatusCode.OK).Data!;
    }

    public static HttpClient Client(GatewayHost gateway) => new() { BaseAddress = gateway.Address, Timeout = TimeSpan.FromSeconds(60) };

    public static HttpRequestMessage Post(string path, string key, object body, bool xApiKey = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body as string ?? System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        if (xApiKey)
        {
            request.Headers.Add("x-api-key", key);
        }
        else
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return request;
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Gateway2.DisposeAsync();
        await Server.DisposeAsync();
        await Upstream.DisposeAsync();
        File.Delete(AuditFile);
    }
}

public sealed record IssuedKey(string Key, string Accessor, string LeaseId);
