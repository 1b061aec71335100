using System.Net;
using System.Text.Json.Nodes;
using Strongroom.Gateway.Tests.Infrastructure;

namespace Strongroom.Gateway.Tests;

/// <summary>The gateway end to end: real server, real gateway, fake provider speaking the real wire formats.</summary>
public sealed class GatewayProxyTests : IClassFixture<GatewayFixture>
{
    private static readonly object Chat = new { model = "gpt-4o", max_tokens = 100, messages = new[] { new { role = "user", content = "say hello" } } };
    private readonly GatewayFixture _f;

    public GatewayProxyTests(GatewayFixture fixture) => _f = fixture;

    private static object Role(object? overrides = null) => overrides ?? new { providers = "openai,anthropic", allowed_models = "gpt-4o*,claude-*,text-embedding-*", ttl = "15m", max_ttl = "1h" };

    [Fact]
    public async Task Chat_RealKeyReachesUpstream_VirtualKeyNeverDoes_ClientNeverSeesRealKey()
    {
        var key = await _f.IssueAsync("chat", Role());
        Assert.StartsWith("sk-sr-", key.Key, StringComparison.Ordinal);
        using var client = GatewayFixture.Client(_f.Gateway);
        _f.Upstream.Requests.Clear();

        using var response = await client.SendAsync(GatewayFixture.Post("/v1/chat/completions", key.Key, Chat));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Hello from the fake upstream", JsonNode.Parse(text)!["choices"]![0]!["message"]!["content"]!.GetValue<string>());
        var received = Assert.Single(_f.Upstream.Requests);
        Assert.Equal("Bearer " + _f.OpenAiKey, received.Headers["authorization"]);
        Assert.DoesNotContain(received.Headers, h => h.Value.Contains(key.Key, StringComparison.Ordinal));
        Assert.DoesNotContain(key.Key, received.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(_f.OpenAiKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(response.Headers.Concat(response.Content.Headers), h => h.Value.Any(v => v.Contains(_f.OpenAiKey, StringComparison.Ordinal)));
        Assert.Equal("req_fake", response.Headers.GetValues("x-request-id").Single());

        var usage = await _f.UsageAsync(key.Accessor);
        Assert.Equal(FakeUpstream.ChatPromptTokens, usage["prompt_tokens"]!.GetValue<long>());
        Assert.Equal(FakeUpstream.ChatCompletionTokens, usage["completion_tokens"]!.GetValue<long>());
        Assert.Equal(1, usage["requests"]!.GetValue<long>());
        Assert.Equal(0, usage["reserved_tokens"]!.GetValue<long>());
    }

    [Fact]
    public async Task StreamingChat_PassesChunksThrough_InjectsIncludeUsage_AndMetersIt()
    {
        var key = await _f.IssueAsync("stream", Role());
        using var client = GatewayFixture.Client(_f.Gateway);
        _f.Upstream.Requests.Clear();

        using var response = await client.SendAsync(GatewayFixture.Post("/v1/chat/completions", key.Key,
            new { model = "gpt-4o-mini", stream = true, messages = new[] { new { role = "user", content = "hi" } } }), HttpCompletionOption.ResponseHeadersRead);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("\"content\":\"Hello\"", text, StringComparison.Ordinal);
        Assert.EndsWith("data: [DONE]\n\n", text, StringComparison.Ordinal);
        var sent = JsonNode.Parse(Assert.Single(_f.Upstream.Requests).Body)!;
        Assert.True(sent["stream_options"]!["include_usage"]!.GetValue<bool>());
        Assert.Equal("gpt-4o-mini", sent["model"]!.GetValue<string>());
        var usage = await _f.UsageAsync(key.Accessor);
        Assert.Equal(FakeUpstream.ChatPromptTokens + FakeUpstream.ChatCompletionTokens, usage["total_tokens"]!.GetValue<long>());
    }

    [Fact]
    public async Task NonStreamingBody_IsForwardedByteForByte()
    {
        var key = await _f.IssueAsync("bytes", Role());
        using var client = GatewayFixture.Client(_f.Gateway);
        _f.Upstream.Requests.Clear();
        const string body = "{ \"model\" : \"gpt-4o\",\n \"messages\": [{\"role\":\"user\",\"content\":\"caf\\u00e9\"}], \"temperature\": 0.7 }";

        using var response = await client.SendAsync(GatewayFixture.Post("/v1/chat/completions", key.Key, body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, Assert.Single(_f.Upstream.Requests).Body);
    }

    [Fact]
    public async Task AnthropicMessages_BearerKey_SentUpstreamAsXApiKey_VersionPassedThrough_StreamMetered()
    {
        var key = await _f.IssueAsync("claude", Role());
        using var client = GatewayFixture.Client(_f.Gateway);
        _f.Upstream.Requests.Clear();
        using var request = GatewayFixture.Post("/v1/messages", key.Key,
            new { model = "claude-sonnet-4-5", max_tokens = 256, stream = true, messages = new[] { new { role = "user", content = "hi" } } });
        request.Headers.Add("anthropic-version", "2023-06-01");

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("event: message_stop", text, StringComparison.Ordinal);
        var received = Assert.Single(_f.Upstream.Requests);
        Assert.Equal(_f.AnthropicKey, received.Headers["x-api-key"]);
        Assert.False(received.Headers.ContainsKey("authorization"));
        Assert.Equal("2023-06-01", received.Headers["anthropic-version"]);
        Assert.DoesNotContain("stream_options", received.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(_f.AnthropicKey, text, StringComparison.Ordinal);
        var usage = await _f.UsageAsync(key.Accessor);
        Assert.Equal(FakeUpstream.MessagesInputTokens, usage["prompt_tokens"]!.GetValue<long>());
        Assert.Equal(FakeUpstream.MessagesOutputTokens, usage["completion_tokens"]!.GetValue<long>());
    }

    [Fact]
    public async Task AnthropicMessages_XApiKeyHeader_NonStreaming()
    {
        var key = await _f.IssueAsync("claude2", Role());
        using var client = GatewayFixture.Client(_f.Gateway2);
        _f.Upstream.Requests.Clear();

        using var response = await client.SendAsync(GatewayFixture.Post("/v1/messages", key.Key,
            new { model = "claude-haiku-4-5", max_tokens = 64, messages = new[] { new { role = "user", content = "hi" } } }, xApiKey: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(_f.AnthropicKey, Assert.Single(_f.Upstream.Requests).Headers["x-api-key"]);
        var usage = await _f.UsageAsync(key.Accessor);
        Assert.Equal(FakeUpstream.MessagesInputTokens + FakeUpstream.MessagesOutputTokens, usage["total_tokens"]!.GetValue<long>());
    }

    [Fact]
    public async Task Embeddings_Base64_AreMetered()
    {
        var key = await _f.IssueAsync("embed", Role());
        using var client = GatewayFixture.Client(_f.Gateway);

        using var response = await client.SendAsync(GatewayFixture.Post("/v1/embeddings", key.Key, new { model = "text-embedding-3-small", input = "hello", encoding_format = "base64" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(System.Text.Json.JsonValueKind.String, JsonValueKind(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["data"]![0]!["embedding"]!));
        var usage = await _f.UsageAsync(key.Accessor);
        Assert.Equal(FakeUpstream.EmbeddingTokens, usage["prompt_tokens"]!.GetValue<long>());
    }

    private static System.Text.Json.JsonValueKind JsonValueKind(JsonNode node) => node.GetValueKind();

    [Fact]
    public async Task Models_AreFilteredByTheAllowlist()
    {
        var key = await _f.IssueAsync("models", new { providers = "openai", allowed_models = "gpt-4o*" });
        using var client = GatewayFixture.Client(_f.Gateway);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        request.Headers.Authorization = new("Bearer", key.Key);

        using var response = await client.SendAsync(request);

        var ids = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["data"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(["gpt-4o", "gpt-4o-mini"], ids);
    }

    [Fact]
    public async Task UnknownModel_Is403_InTheProvidersErrorShape()
    {
        var key = await _f.IssueAsync("strict", new { providers = "openai,anthropic", allowed_models = "gpt-4o-mini,claude-haiku-*" });
        using var client = GatewayFixture.Client(_f.Gateway);
        _f.Upstream.Requests.Clear();

        using var openai = await client.SendAsync(GatewayFixture.Post("/v1/chat/completions", key.Key, new { model = "gpt-4o", messages = Array.Empty<object>() }));
        using var anthropic = await client.SendAsync(GatewayFixture.Post("/v1/messages", key.Key, new { model = "claude-opus-4", max_tokens = 5, messages = Array.Empty<object>() }));

        Assert.Equal(HttpStatusCode.Forbidden, openai.StatusCode);
        var error = JsonNode.Parse(await openai.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("model_not_allowed", error["code"]!.GetValue<string>());
        Assert.Contains("gpt-4o", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, anthropic.StatusCode);
        var aerr = JsonNode.Parse(await anthropic.Content.ReadAsStringAsync())!;
        Assert.Equal("error", aerr["type"]!.GetValue<string>());
        Assert.Equal("permission_error", aerr["error"]!["type"]!.GetValue<string>());
        Assert.Empty(_f.Upstream.Requests);
    }

    [Theory]
    [InlineData("{\"model\": \"gpt-4o\", ")]
    [InlineData("[1,2]")]
    [InlineData("{\"model\": 42}")]
    [InlineData("{\"model\": \"gpt-4o\", \"max_tokens\": -5}")]
    [InlineData("{\"model\": \"gpt-4o\"} trailing")]
    public async Task MalformedBody_Is400_AndNothingIsForwarded(string body)
    {
        var key = await _f.IssueAsync("bad-input", Role());
        using var client = GatewayFixture.Client(_f.Gateway);
        _f.Upstream.Requests.Clear();

        using var response = await client.SendAsync(GatewayFixture.Post("/v1/chat/completions", key.Key, body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request_error", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["type"]!.GetValue<string>());
        Assert.Empty(_f.Upstream.Requests);
    }

    [Fact]
    public async Task HugeBody_Is413()
    {
        var key = await _f.IssueAsync("huge", Role());
        using var client = GatewayFixture.Client(_f.Gateway);
        var body = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"" + new string('a', 2 * 1024 * 1024) + "\"}]}";

        using var response = await client.SendAsync(GatewayFixture.Post("/v1/chat/completions", key.Key, body));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task MissingOrUnknownKey_Is401()
    {
        using var client = GatewayFixture.Client(_f.Gateway);
        using var none = await client.PostAsync("/v1/chat/completions", new StringContent("{}"));
        using var wrong = await client.SendAsync(GatewayFixture.Post("/v1/chat/completions", "sk-sr-notarealkeyjustatestvalue", Chat));
        using var upstreamShaped = await client.SendAsync(GatewayFixture.Post("/v1/chat/completions", _f.OpenAiKey, Chat));

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, upstreamShaped.StatusCode);
        Assert.Equal("invalid_api_key", JsonNode.Parse(await wrong.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task RevokedLease_IsRefusedByEveryGateway_OnceTheirGrantsAreStale()
    {
        var key = await _f.IssueAsync("revoke", Role());
        using var g1 = GatewayFixture.Client(_f.Gateway);
        using var g2 = GatewayFixture.Client(_f.Gateway2);
        using (var ok = await g1.SendAsync(GatewayFixture.Post("/v1/chat/completions", key.Key, Chat)))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var root = _f.Root();
        (await root.PutAsync("sys/leases/revoke", new { lease_id = key.LeaseId })).Expect(HttpStatusCode.NoContent);
        _f.Clock.Advance(GatewayFixture.GrantValidity);

        using var after1 = await g1.SendAsync(GatewayFixture.Post("/v1/chat/completions", key.Key, Chat));
        using var after2 = await g2.SendAsync(GatewayFixture.Post("/v1/chat/completions", key.Key, Chat));
        Assert.Equal(HttpStatusCode.Unauthorized, after1.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after2.StatusCode);
        Assert.Contains("revoked", await after2.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True((await _f.UsageAsync(key.Accessor))["revoked"]!.GetValue<bool>());
    }

    [Fact]
    public async Task RevokePrefix_RevokesEveryKeyOfTheRole()
    {
        var a = await _f.IssueAsync("prefix", Role());
        using var root = _f.Root();
        var b = (await root.GetAsync("ai/creds/prefix")).Expect(HttpStatusCode.OK).Data!["api_key"]!.GetValue<string>();
        (await root.PutAsync("sys/leases/revoke-prefix/ai/creds/prefix", null)).Expect(HttpStatusCode.NoContent);
        using var client = GatewayFixture.Client(_f.Gateway);

        foreach (var k in new[] { a.Key, b })
        {
            using var response = await client.SendAsync(GatewayFixture.Post("/v1/chat/completions", k, Chat));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task ExpiredKey_IsRefused_RenewedKeyWorks()
    {
        var key = await _f.IssueAsync("expiry", new { providers = "openai", allowed_models = "*", ttl = "10m", max_ttl = "1h" });
        using var client = GatewayFixture.Client(_f.Gateway);
        using var root = _f.Root();
        _f.Clock.Advance(TimeSpan.FromMinutes(8));
        var renewed = (await root.PutAsync("sys/leases/renew", new { lease_id = key.LeaseId, increment = "10m" })).Expect(HttpStatusCode.OK);
        Assert.Equal(600, renewed.Json!["lease_duration"]!.GetValue<long>());
        _f.Clock.Advance(TimeSpan.FromMinutes(8));
        using (var ok = await client.SendAsync(GatewayFixture.Post("/v1/chat/completions", key.Key, Chat)))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        _f.Clock.Advance(TimeSpan.FromMinutes(3));
        using var expired = await client.SendAsync(GatewayFixture.Post("/v1/chat/completions", key.Key, Chat));
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
    }

    [Fact]
    public async Task Budget_UnderConcurrency_AcrossTwoGateways_IsNeverOverspent()
    {
        // Each request reserves its prompt estimate + max_tokens (100) and uses 18 tokens.
        const long budget = 1000;
        var key = await _f.IssueAsync("budget", new { providers = "openai", allowed_models = "gpt-*", token_budget = budget });
        using var g1 = GatewayFixture.Client(_f.Gateway);
        using var g2 = GatewayFixture.Client(_f.Gateway2);

        var statuses = new List<HttpStatusCode>();
        for (var round = 0; round < 6; round++)
        {
            var tasks = Enumerable.Range(0, 24).Select(async i =>
            {
                using var response = await (i % 2 == 0 ? g1 : g2).SendAsync(GatewayFixture.Post("/v1/chat/completions", key.Key, Chat));
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
                    Assert.Equal("insufficient_quota", error["code"]!.GetValue<string>());
                }

                return response.StatusCode;
            });
            statuses.AddRange(await Task.WhenAll(tasks));
        }

        // Then sequentially until refused: once settled, what concurrency held back in reservations is usable again.
        await _f.Gateway.FlushAsync();
        await _f.Gateway2.FlushAsync();
        for (var i = 0; i < 80; i++)
        {
            using var response = await g1.SendAsync(GatewayFixture.Post("/v1/chat/completions", key.Key, Chat));
            statuses.Add(response.StatusCode);
            await _f.Gateway.FlushAsync(); // settlement is asynchronous: until it lands the reservation is still held
            if (response.StatusCode != HttpStatusCode.OK)
            {
                break;
            }
        }

        var usage = await _f.UsageAsync(key.Accessor);
        var used = usage["total_tokens"]!.GetValue<long>();
        var succeeded = statuses.Count(s => s == HttpStatusCode.OK);
        Assert.True(used <= budget, $"spent {used} of {budget}");
        Assert.Equal(succeeded * (FakeUpstream.ChatPromptTokens + FakeUpstream.ChatCompletionTokens), used);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.TooManyRequests));
        Assert.True(budget - used < 130, $"budget left unused: {budget - used} tokens (one reservation is ~125)");
    }

    [Fact]
    public async Task RateLimit_HoldsAcrossTwoGateways_WithRetryAfter_AndResetsNextMinute()
    {
        var key = await _f.IssueAsync("rpm", new { providers = "openai", allowed_models = "*", requests_per_minute = 4 });
        using var g1 = GatewayFixture.Client(_f.Gateway);
        using var g2 = GatewayFixture.Client(_f.Gateway2);
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var r = await (i % 2 == 0 ? g1 : g2).SendAsync(GatewayFixture.Post("/v1/chat/completions", key.Key, Chat));
            codes.Add(r.StatusCode);
        }

        using var limited = await g2.SendAsync(GatewayFixture.Post("/v1/chat/completions", key.Key, Chat));
        Assert.All(codes, c => Assert.Equal(HttpStatusCode.OK, c));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter!.Delta > TimeSpan.Zero);
        Assert.Equal("rate_limit_exceeded", JsonNode.Parse(await limited.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<string>());

        _f.Clock.Advance(TimeSpan.FromMinutes(1));
        using var again = await g1.SendAsync(GatewayFixture.Post("/v1/chat/completions", key.Key, Chat));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task ClientDisconnectMidStream_CancelsUpstream_AndStillCharges()
    {
        var key = await _f.IssueAsync("disconnect", Role());
        _f.Upstream.ResetSignals();
        _f.Upstream.StreamGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            using (var client = GatewayFixture.Client(_f.Gateway))
            {
                using var response = await client.SendAsync(GatewayFixture.Post("/v1/chat/completions", key.Key,
                    new { model = "gpt-4o", stream = true, max_tokens = 50, messages = new[] { new { role = "user", content = "long story" } } }), HttpCompletionOption.ResponseHeadersRead);
                var stream = await response.Content.ReadAsStreamAsync();
                var buffer = new byte[4096];
                var read = await stream.ReadAsync(buffer);
                Assert.Contains("Hello", System.Text.Encoding.UTF8.GetString(buffer, 0, read), StringComparison.Ordinal);
            }

            await _f.Upstream.UpstreamCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            _f.Upstream.StreamGate = null;
        }

        var usage = await WaitForRequestsAsync(key.Accessor, 1);
        Assert.True(usage["completion_tokens"]!.GetValue<long>() >= 1, usage.ToJsonString());
        Assert.True(usage["prompt_tokens"]!.GetValue<long>() >= 1, usage.ToJsonString());
        Assert.Equal(0, usage["in_flight"]!.GetValue<long>());
    }

    [Fact]
    public async Task UpstreamTimeout_Is504_AndTheRequestIsRecorded()
    {
        var key = await _f.IssueAsync("timeout", Role());
        await using var gateway = await _f.StartGatewayAsync(TimeSpan.FromMilliseconds(300));
        using var client = GatewayFixture.Client(gateway);
        _f.Upstream.Hang = true;
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(GatewayFixture.Post("/v1/chat/completions", key.Key, Chat));
        }
        finally
        {
            _f.Upstream.Hang = false;
        }

        using (response)
        {
            Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
            Assert.Equal("upstream_timeout", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<string>());
        }

        await gateway.FlushAsync();
        var usage = await _f.UsageAsync(key.Accessor);
        Assert.Equal(1, usage["requests"]!.GetValue<long>());
        Assert.Equal(1, usage["errors"]!.GetValue<long>());
        Assert.Equal(0, usage["reserved_tokens"]!.GetValue<long>());
    }

    [Fact]
    public async Task Upstream5xx_IsPassedThrough_AndRecorded()
    {
        var key = await _f.IssueAsync("fivexx", Role());
        using var client = GatewayFixture.Client(_f.Gateway);
        _f.Upstream.FailWith = 503;
        try
        {
            using var response = await client.SendAsync(GatewayFixture.Post("/v1/chat/completions", key.Key, Chat));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("server_error", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["type"]!.GetValue<string>());
        }
        finally
        {
            _f.Upstream.FailWith = null;
        }

        var usage = await _f.UsageAsync(key.Accessor);
        Assert.Equal(1, usage["errors"]!.GetValue<long>());
    }

    [Fact]
    public async Task AuditLog_HasGatewayCalls_WithoutKeysOrPrompts()
    {
        var key = await _f.IssueAsync("audited", Role());
        using var client = GatewayFixture.Client(_f.Gateway);
        const string prompt = "a prompt that must never be audited";
        using (var response = await client.SendAsync(GatewayFixture.Post("/v1/chat/completions", key.Key,
            new { model = "gpt-4o", messages = new[] { new { role = "user", content = prompt } } })))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await _f.UsageAsync(key.Accessor);
        var log = await File.ReadAllTextAsync(_f.AuditFile);
        Assert.Contains("ai/gateway/lease", log, StringComparison.Ordinal);
        Assert.Contains("ai/gateway/settle", log, StringComparison.Ordinal);
        Assert.DoesNotContain(key.Key, log, StringComparison.Ordinal);
        Assert.DoesNotContain(_f.OpenAiKey, log, StringComparison.Ordinal);
        Assert.DoesNotContain(prompt, log, StringComparison.Ordinal);
    }

    private async Task<JsonNode> WaitForRequestsAsync(string accessor, long requests)
    {
        // The gateway settles after noticing the disconnect; poll its acknowledgement (bounded).
        for (var i = 0; i < 200; i++)
        {
            var usage = await _f.UsageAsync(accessor);
            if (usage["requests"]!.GetValue<long>() >= requests)
            {
                return usage;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException("usage was never settled");
    }
}
