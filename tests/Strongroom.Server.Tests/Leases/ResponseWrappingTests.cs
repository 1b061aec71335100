using System.Net;
using Strongroom.Server.Tests.Infrastructure;

namespace Strongroom.Server.Tests.Leases;

/// <summary>X-Vault-Wrap-TTL and sys/wrapping/*: single use, expiry, refusal.</summary>
public sealed class ResponseWrappingTests : IClassFixture<InMemoryServerFixture>
{
    private readonly InMemoryServerFixture _fixture;

    public ResponseWrappingTests(InMemoryServerFixture fixture)
    {
        _fixture = fixture;
    }

    private async Task<(string Token, Reply Reply)> WrappedReadAsync(string path, string ttl = "5m")
    {
        using var root = _fixture.Client();
        var reply = await root.SendAsync(HttpMethod.Get, path, null, configure: r => r.Headers.Add("X-Vault-Wrap-TTL", ttl));
        reply.Expect(HttpStatusCode.OK);
        return ((string)reply.Json!["wrap_info"]!["token"]!, reply);
    }

    [Fact]
    public async Task WrappedRead_HidesTheData_UnwrapReturnsItOnce()
    {
        using var root = _fixture.Client();
        var path = "wrap-" + Guid.NewGuid().ToString("N");
        (await root.PostAsync($"secret/data/{path}", new { data = new { api_key = "fake-wrapped" } })).Expect(HttpStatusCode.OK);
        var (token, reply) = await WrappedReadAsync($"secret/data/{path}");
        Assert.Null(reply.Json!["data"]);
        Assert.DoesNotContain("fake-wrapped", reply.Raw, StringComparison.Ordinal);
        Assert.Equal(300, (long)reply.Json!["wrap_info"]!["ttl"]!);
        Assert.Equal($"secret/data/{path}", (string)reply.Json!["wrap_info"]!["creation_path"]!);

        using var anon = _fixture.Client(null);
        anon.Token = null;
        var lookup = (await anon.PostAsync("sys/wrapping/lookup", new { token })).Expect(HttpStatusCode.OK);
        Assert.Equal($"secret/data/{path}", (string)lookup.Data!["creation_path"]!);

        var unwrapped = (await anon.PostAsync("sys/wrapping/unwrap", new { token })).Expect(HttpStatusCode.OK);
        Assert.Equal("fake-wrapped", (string)unwrapped.Data!["data"]!["api_key"]!);
        (await anon.PostAsync("sys/wrapping/unwrap", new { token })).Expect(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task WrappingToken_CannotBeUsedForAnythingElse()
    {
        var (token, _) = await WrappedReadAsync("auth/token/lookup-self");
        using var wrapped = _fixture.Client(token);
        (await wrapped.GetAsync("secret/data/anything")).Expect(HttpStatusCode.Forbidden);
        (await wrapped.GetAsync("auth/token/lookup-self")).Expect(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ExpiredWrappingToken_IsRefused()
    {
        var (token, _) = await WrappedReadAsync("auth/token/lookup-self", "1m");
        _fixture.Clock.Advance(TimeSpan.FromMinutes(2));
        using var anon = _fixture.Client(null);
        anon.Token = null;
        (await anon.PostAsync("sys/wrapping/unwrap", new { token })).Expect(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task WrappedTokenCreate_DeliversAUsableTokenOnlyAfterUnwrap()
    {
        using var root = _fixture.Client();
        var reply = await root.SendAsync(HttpMethod.Post, "auth/token/create", new { policies = new[] { "default" } }, configure: r => r.Headers.Add("X-Vault-Wrap-TTL", "60s"));
        reply.Expect(HttpStatusCode.OK);
        Assert.Null(reply.Json!["auth"]);
        var wrapped = (string)reply.Json!["wrap_info"]!["token"]!;
        var unwrapped = (await root.PostAsync("sys/wrapping/unwrap", new { token = wrapped })).Expect(HttpStatusCode.OK);
        var inner = (string)unwrapped.Json!["auth"]!["client_token"]!;
        Assert.Equal((string)reply.Json!["wrap_info"]!["wrapped_accessor"]!, (string)unwrapped.Json!["auth"]!["accessor"]!);
        using var client = _fixture.Client(inner);
        (await client.GetAsync("auth/token/lookup-self")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task WrapArbitraryData_AndRewrap()
    {
        using var root = _fixture.Client();
        var reply = await root.SendAsync(HttpMethod.Post, "sys/wrapping/wrap", new { note = "hand-over" }, configure: r => r.Headers.Add("X-Vault-Wrap-TTL", "5m"));
        reply.Expect(HttpStatusCode.OK);
        var first = (string)reply.Json!["wrap_info"]!["token"]!;
        var rewrapped = (await root.PostAsync("sys/wrapping/rewrap", new { token = first })).Expect(HttpStatusCode.OK);
        var second = (string)rewrapped.Json!["wrap_info"]!["token"]!;
        Assert.NotEqual(first, second);
        (await root.PostAsync("sys/wrapping/unwrap", new { token = first })).Expect(HttpStatusCode.BadRequest);
        var data = (await root.PostAsync("sys/wrapping/unwrap", new { token = second })).Expect(HttpStatusCode.OK);
        Assert.Equal("hand-over", (string)data.Data!["note"]!);
    }
}
