using System.Net;
using System.Text.Json.Nodes;
using Strongroom.Gateway.Tests.Infrastructure;

namespace Strongroom.Gateway.Tests;

/// <summary>
/// Grants: requests are decided in the gateway against a budget slice leased from the server. These
/// tests pin the bounds docs/gateway.md promises: budgets exact across slices, revocation within the
/// grant validity (injected clock), rate limits, expiry, an unreachable server, and a graceful stop
/// that loses no usage.
/// </summary>
public sealed class GatewayGrantTests : IClassFixture<GatewayFixture>
{
    private const string ChatBody = "{\"model\":\"gpt-4o\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"say hello\"}]}";
    private static readonly long Need = ((System.Text.Encoding.UTF8.GetByteCount(ChatBody) + 3) / 4) + 100;
    private static readonly long Used = FakeUpstream.ChatPromptTokens + FakeUpstream.ChatCompletionTokens;
    private readonly GatewayFixture _f;

    public GatewayGrantTests(GatewayFixture fixture) => _f = fixture;

    private static async Task<HttpStatusCode> ChatAsync(HttpClient client, string key)
    {
        using var response = await client.SendAsync(GatewayFixture.Post("/v1/chat/completions", key, ChatBody));
        return response.StatusCode;
    }

    [Fact]
    public async Task Budget_SequentialAcrossSlices_IsSpentUntilLessThanOneRequestIsLeft()
    {
        const long budget = 2000;
        var key = await _f.IssueAsync("seq-budget", new { providers = "openai", allowed_models = "gpt-*", token_budget = budget });
        using var client = GatewayFixture.Client(_f.Gateway);

        // No flush between requests: slices are drawn, returned and leased again by the gateway itself. Waiting
        // for the request to finish only makes sure its usage is queued (the client can see the last byte first).
        var ok = 0;
        HttpStatusCode last;
        while ((last = await ChatAsync(client, key.Key)) == HttpStatusCode.OK && ok < 200)
        {
            ok++;
            await _f.Gateway.WaitIdleAsync();
        }

        var usage = await _f.UsageAsync(key.Accessor);
        var used = usage["total_tokens"]!.GetValue<long>();
        Assert.Equal(HttpStatusCode.TooManyRequests, last);
        Assert.Equal(ok * Used, used);
        Assert.True(used <= budget, $"spent {used} of {budget}");
        Assert.True(budget - used < Need, $"refused with {budget - used} tokens left, one request needs {Need}");
        Assert.Equal(0, usage["reserved_tokens"]!.GetValue<long>());
        Assert.Equal(0, usage["in_flight"]!.GetValue<long>());
    }

    [Fact]
    public async Task Revocation_IsSeenWithinTheGrantValidity()
    {
        var key = await _f.IssueAsync("grant-revoke", new { providers = "openai", allowed_models = "*" });
        using var g1 = GatewayFixture.Client(_f.Gateway);
        using var g2 = GatewayFixture.Client(_f.Gateway2);
        Assert.Equal(HttpStatusCode.OK, await ChatAsync(g1, key.Key));
        Assert.Equal(HttpStatusCode.OK, await ChatAsync(g2, key.Key));
        using var root = _f.Root();
        (await root.PutAsync("sys/leases/revoke", new { lease_id = key.LeaseId })).Expect(HttpStatusCode.NoContent);

        // Within the validity the gateways still hold a grant (the documented revocation delay)...
        Assert.Equal(HttpStatusCode.OK, await ChatAsync(g1, key.Key));
        _f.Clock.Advance(GatewayFixture.GrantValidity / 2);
        Assert.Equal(HttpStatusCode.OK, await ChatAsync(g2, key.Key));

        // ...and once it passed, every gateway refuses the key.
        _f.Clock.Advance(GatewayFixture.GrantValidity / 2);
        Assert.Equal(HttpStatusCode.Unauthorized, await ChatAsync(g1, key.Key));
        Assert.Equal(HttpStatusCode.Unauthorized, await ChatAsync(g2, key.Key));
        var usage = await _f.UsageAsync(key.Accessor);
        Assert.Equal(4, usage["requests"]!.GetValue<long>());
        Assert.Equal(0, usage["in_flight"]!.GetValue<long>());
    }

    [Fact]
    public async Task RateLimit_IsExactWithinOneGateway_EvenUnderConcurrency()
    {
        var key = await _f.IssueAsync("grant-rpm", new { providers = "openai", allowed_models = "*", requests_per_minute = 10 });
        using var client = GatewayFixture.Client(_f.Gateway);
        var codes = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => ChatAsync(client, key.Key)));
        Assert.True(codes.Count(c => c == HttpStatusCode.OK) <= 10, string.Join(",", codes));
        Assert.All(codes, c => Assert.True(c is HttpStatusCode.OK or HttpStatusCode.TooManyRequests));

        _f.Clock.Advance(TimeSpan.FromMinutes(1));
        var sequential = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++)
        {
            sequential.Add(await ChatAsync(client, key.Key));
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 10).Append(HttpStatusCode.TooManyRequests), sequential);
    }

    [Fact]
    public async Task ExpiredKey_IsRefusedOnceExpired_WhateverTheGrant()
    {
        var key = await _f.IssueAsync("grant-expiry", new { providers = "openai", allowed_models = "*", ttl = "1m", max_ttl = "1m" });
        using var client = GatewayFixture.Client(_f.Gateway);
        _f.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, await ChatAsync(client, key.Key));

        _f.Clock.Advance(TimeSpan.FromSeconds(31));
        using var response = await client.SendAsync(GatewayFixture.Post("/v1/chat/completions", key.Key, ChatBody));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("expired", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerUnreachable_WithoutAGrant_Is503()
    {
        var key = await _f.IssueAsync("grant-noserver", new { providers = "openai", allowed_models = "*" });
        await using var gateway = await _f.StartGatewayAsync(server: new Uri("http://127.0.0.1:1"));
        using var client = GatewayFixture.Client(gateway);

        using var response = await client.SendAsync(GatewayFixture.Post("/v1/chat/completions", key.Key, ChatBody));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("gateway_unavailable", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task ServerOutage_GrantServesUntilStale_Then503_AndUsageIsSettledAfterRecovery()
    {
        var key = await _f.IssueAsync("grant-outage", new { providers = "openai", allowed_models = "*" });
        using var handler = new SwitchableHandler();
        await using var gateway = await _f.StartGatewayAsync(serverHandler: handler);
        using var client = GatewayFixture.Client(gateway);
        Assert.Equal(HttpStatusCode.OK, await ChatAsync(client, key.Key));

        handler.Down = true;
        Assert.Equal(HttpStatusCode.OK, await ChatAsync(client, key.Key));
        _f.Clock.Advance(GatewayFixture.GrantValidity);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await ChatAsync(client, key.Key));

        handler.Down = false;
        Assert.Equal(HttpStatusCode.OK, await ChatAsync(client, key.Key));
        await gateway.FlushAsync();
        var usage = await _f.UsageAsync(key.Accessor);
        Assert.Equal(3, usage["requests"]!.GetValue<long>());
        Assert.Equal(3 * Used, usage["total_tokens"]!.GetValue<long>());
        Assert.Equal(0, usage["in_flight"]!.GetValue<long>());
    }

    [Fact]
    public async Task GracefulStop_SettlesEveryRequest_AndReturnsTheSlice()
    {
        var key = await _f.IssueAsync("grant-stop", new { providers = "openai", allowed_models = "*", token_budget = 1_000_000, requests_per_minute = 1000 });
        var gateway = await _f.StartGatewayAsync();
        using (var client = GatewayFixture.Client(gateway))
        {
            var codes = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => ChatAsync(client, key.Key)));
            Assert.All(codes, c => Assert.Equal(HttpStatusCode.OK, c));
        }

        await gateway.DisposeAsync();

        var usage = await _f.UsageAsync(key.Accessor);
        Assert.Equal(20, usage["requests"]!.GetValue<long>());
        Assert.Equal(20 * Used, usage["total_tokens"]!.GetValue<long>());
        Assert.Equal(0, usage["reserved_tokens"]!.GetValue<long>());
        Assert.Equal(0, usage["in_flight"]!.GetValue<long>());
    }

    /// <summary>Calls to the server that fail while <see cref="Down"/> (an outage, without stopping the shared server).</summary>
    private sealed class SwitchableHandler : DelegatingHandler
    {
        public SwitchableHandler()
            : base(new SocketsHttpHandler())
        {
        }

        public volatile bool Down;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Down ? throw new HttpRequestException("the server is down (test)") : base.SendAsync(request, cancellationToken);
    }
}
