using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Strongroom.Gateway.Tests.Infrastructure;

namespace Strongroom.Gateway.Tests;

/// <summary>The ai engine's API through the real server: providers, roles, rotation, failover, pricing, CIDRs.</summary>
public sealed class AiEngineTests : IClassFixture<GatewayFixture>
{
    private static readonly object Chat = new { model = "gpt-4o", max_tokens = 10, messages = new[] { new { role = "user", content = "hi" } } };
    private readonly GatewayFixture _f;

    public AiEngineTests(GatewayFixture fixture) => _f = fixture;

    private static string FakeKey(string prefix) => prefix + "-fake-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    [Fact]
    public async Task ProviderRead_NeverReturnsUpstreamKeys()
    {
        using var root = _f.Root();
        var read = (await root.GetAsync("ai/providers/openai")).Expect(HttpStatusCode.OK);

        Assert.DoesNotContain(_f.OpenAiKey, read.Raw, StringComparison.Ordinal);
        Assert.Equal("openai", read.Data!["type"]!.GetValue<string>());
        var key = Assert.Single(read.Data!["keys"]!.AsArray())!;
        Assert.Equal("active", key["state"]!.GetValue<string>());
        Assert.Null(key["value"]);
        var list = (await root.ListAsync("ai/providers")).Expect(HttpStatusCode.OK);
        Assert.Contains("openai", list.Data!["keys"]!.AsArray().Select(k => k!.GetValue<string>()));
    }

    [Theory]
    [InlineData("{\"type\":\"not-a-provider\",\"api_key\":\"x-fake\"}", "unknown provider type")]
    [InlineData("{\"type\":\"openai\"}", "missing api_key")]
    [InlineData("{\"type\":\"openai-compatible\",\"api_key\":\"x-fake\"}", "base_url is required")]
    [InlineData("{\"type\":\"openai\",\"api_key\":\"x-fake\",\"base_url\":\"ftp://example.com\"}", "base_url")]
    [InlineData("{\"type\":\"openai\",\"api_key\":\"x-fake\",\"headers\":[1]}", "headers")]
    public async Task ProviderWrite_BadInput_Is400(string body, string message)
    {
        using var root = _f.Root();
        var reply = (await root.PostAsync("ai/providers/broken", body)).Expect(HttpStatusCode.BadRequest);
        Assert.Contains(message, reply.Raw, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"allowed_models\":\"*\"}", "missing providers")]
    [InlineData("{\"providers\":\"openai\",\"allowed_endpoints\":\"chat,teleport\"}", "unknown endpoint")]
    [InlineData("{\"providers\":\"openai\",\"allowed_cidrs\":\"10.0.0.0/99\"}", "invalid CIDR")]
    [InlineData("{\"providers\":\"openai\",\"token_budget\":\"lots\"}", "token_budget")]
    [InlineData("{\"providers\":\"openai\",\"ttl\":\"2h\",\"max_ttl\":\"1h\"}", "ttl must not exceed max_ttl")]
    [InlineData("{\"providers\":\"openai\",\"requests_per_minute\":-1}", "must not be negative")]
    public async Task RoleWrite_BadInput_Is400(string body, string message)
    {
        using var root = _f.Root();
        var reply = (await root.PostAsync("ai/roles/broken", body)).Expect(HttpStatusCode.BadRequest);
        Assert.Contains(message, reply.Raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Creds_UnknownRole_Is400_AndKeysLookupOfUnknownAccessorIs404()
    {
        using var root = _f.Root();
        (await root.GetAsync("ai/creds/nope")).Expect(HttpStatusCode.BadRequest);
        (await root.GetAsync("ai/keys/0123abcd")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GatewayEndpoints_NeedTheGatewayPolicy()
    {
        var key = await _f.IssueAsync("acl", new { providers = "openai", allowed_models = "*" });
        using var root = _f.Root();
        var token = (await root.PostAsync("auth/token/create", new { policies = new[] { "default" } })).Expect(HttpStatusCode.OK).Json!["auth"]!["client_token"]!.GetValue<string>();
        using var other = new VaultHttp(_f.Server.Address, token);

        (await other.PostAsync("ai/gateway/reserve", new { api_key = key.Key, endpoint = "chat", model = "gpt-4o" })).Expect(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Rotate_NewKeyUsedAtOnce_OldKeyRetired_ReportListsOldKeys()
    {
        using var root = _f.Root();
        var first = FakeKey("sk-proj");
        var second = FakeKey("sk-proj");
        _f.Upstream.ValidKeys[first] = true;
        _f.Upstream.ValidKeys[second] = true;
        (await root.PostAsync("ai/providers/rotating", new { type = "openai", base_url = _f.Upstream.BaseUrl, api_key = first, max_key_age = "30s" })).Expect(HttpStatusCode.NoContent);
        var key = await _f.IssueAsync("rotating", new { providers = "rotating", allowed_models = "*" });
        using var client = GatewayFixture.Client(_f.Gateway);

        _f.Clock.Advance(TimeSpan.FromSeconds(31));
        var report = (await root.GetAsync("ai/rotation-report")).Expect(HttpStatusCode.OK);
        Assert.Contains(report.Data!["keys"]!.AsArray(), k => k!["provider"]!.GetValue<string>() == "rotating" && k["reason"]!.GetValue<string>().Contains("max_key_age", StringComparison.Ordinal));

        var cli = new StringWriter();
        var err = new StringWriter();
        var code = await Cli.CliApp.RunAsync(["ai", "rotate", "-format=json", "rotating", "api_key=" + second], cli, err,
            new TestCliEnvironment(_f.Server.Address, _f.RootToken), CancellationToken.None);
        Assert.True(code == 0, err.ToString());
        Assert.DoesNotContain(second, cli.ToString(), StringComparison.Ordinal);

        _f.Upstream.Requests.Clear();
        using (var response = await client.SendAsync(GatewayFixture.Post("/v1/chat/completions", key.Key, Chat)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal("Bearer " + second, Assert.Single(_f.Upstream.Requests).Headers["authorization"]);
        var provider = (await root.GetAsync("ai/providers/rotating")).Expect(HttpStatusCode.OK);
        Assert.Single(provider.Data!["keys"]!.AsArray());
        var after = (await root.GetAsync("ai/rotation-report")).Expect(HttpStatusCode.OK);
        Assert.DoesNotContain(after.Data!["keys"]!.AsArray(), k => k!["provider"]!.GetValue<string>() == "rotating");
    }

    [Fact]
    public async Task Upstream401_FailsOverToAnotherKey_MarksTheBadOne_AndReportsIt()
    {
        using var root = _f.Root();
        var good = FakeKey("sk-proj");
        var revokedUpstream = FakeKey("sk-proj");
        _f.Upstream.ValidKeys[good] = true;
        (await root.PostAsync("ai/providers/failing", new { type = "openai", base_url = _f.Upstream.BaseUrl, api_key = good })).Expect(HttpStatusCode.NoContent);
        (await root.PostAsync("ai/providers/failing/keys", new { api_key = revokedUpstream })).Expect(HttpStatusCode.OK);
        var key = await _f.IssueAsync("failing", new { providers = "failing", allowed_models = "*" });
        using var client = GatewayFixture.Client(_f.Gateway);
        _f.Upstream.Requests.Clear();

        using var response = await client.SendAsync(GatewayFixture.Post("/v1/chat/completions", key.Key, Chat));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = _f.Upstream.Requests.Select(r => r.Headers["authorization"]).ToList();
        Assert.Equal(["Bearer " + revokedUpstream, "Bearer " + good], sent);
        var report = (await root.GetAsync("ai/rotation-report")).Expect(HttpStatusCode.OK);
        Assert.Contains(report.Data!["keys"]!.AsArray(), k => k!["provider"]!.GetValue<string>() == "failing" && k["state"]!.GetValue<string>() == "bad");
        Assert.Contains(File.ReadAllLines(_f.AuditFile), l => l.Contains("ai/gateway/failover", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Upstream401_WithNoOtherKey_IsPassedToTheClient()
    {
        using var root = _f.Root();
        (await root.PostAsync("ai/providers/dead", new { type = "openai", base_url = _f.Upstream.BaseUrl, api_key = FakeKey("sk-proj") })).Expect(HttpStatusCode.NoContent);
        var key = await _f.IssueAsync("dead", new { providers = "dead", allowed_models = "*" });
        using var client = GatewayFixture.Client(_f.Gateway);

        using var response = await client.SendAsync(GatewayFixture.Post("/v1/chat/completions", key.Key, Chat));
        using var next = await client.SendAsync(GatewayFixture.Post("/v1/chat/completions", key.Key, Chat));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, next.StatusCode);
        Assert.Contains("no usable upstream key", await next.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CostBudget_UsesThePriceTable()
    {
        using var root = _f.Root();
        // 1 USD per token both ways (obviously fake prices): each chat costs 18 USD, reserves (~20 + 10) USD.
        (await root.PostAsync("ai/config/pricing", new { prices = new Dictionary<string, object> { ["gpt-4o*"] = new { input = 1_000_000, output = 1_000_000 } } })).Expect(HttpStatusCode.NoContent);
        try
        {
            var key = await _f.IssueAsync("costly", new { providers = "openai", allowed_models = "*", cost_budget = 50 });
            using var client = GatewayFixture.Client(_f.Gateway);
            var codes = new List<HttpStatusCode>();
            for (var i = 0; i < 4; i++)
            {
                using var r = await client.SendAsync(GatewayFixture.Post("/v1/chat/completions", key.Key, Chat));
                codes.Add(r.StatusCode);
                await _f.Gateway.FlushAsync();
            }

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], codes);
            var usage = await _f.UsageAsync(key.Accessor);
            Assert.Equal(36.0, usage["cost_usd"]!.GetValue<double>(), 3);
        }
        finally
        {
            (await root.DeleteAsync("ai/config/pricing")).Expect(HttpStatusCode.NoContent);
        }
    }

    [Fact]
    public async Task AllowedCidrs_RefuseOtherClients()
    {
        var key = await _f.IssueAsync("cidr", new { providers = "openai", allowed_models = "*", allowed_cidrs = "10.9.0.0/16" });
        using var client = GatewayFixture.Client(_f.Gateway);

        using var response = await client.SendAsync(GatewayFixture.Post("/v1/chat/completions", key.Key, Chat));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("cidr_not_allowed", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task EndpointAllowlist_AndProviderSelectionByWireFormat()
    {
        var key = await _f.IssueAsync("embed-only", new { providers = "openai,anthropic", allowed_models = "*", allowed_endpoints = "embeddings,messages" });
        using var client = GatewayFixture.Client(_f.Gateway);

        using var chat = await client.SendAsync(GatewayFixture.Post("/v1/chat/completions", key.Key, Chat));
        using var messages = await client.SendAsync(GatewayFixture.Post("/v1/messages", key.Key, new { model = "claude-x", max_tokens = 5, messages = Array.Empty<object>() }));

        Assert.Equal(HttpStatusCode.Forbidden, chat.StatusCode);
        Assert.Equal("endpoint_not_allowed", JsonNode.Parse(await chat.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, messages.StatusCode);
    }

    [Fact]
    public async Task GatewayCommand_Help_AndMissingToken()
    {
        var output = new StringWriter();
        Assert.Equal(0, await Strongroom.Gateway.GatewayCommand.RunAsync(["-help"], output, new StringWriter(), CancellationToken.None));
        Assert.Contains("-address=ADDR", output.ToString(), StringComparison.Ordinal);
        var err = new StringWriter();
        Assert.Equal(2, await Strongroom.Gateway.GatewayCommand.RunAsync(["-bogus"], new StringWriter(), err, CancellationToken.None));
    }
}
