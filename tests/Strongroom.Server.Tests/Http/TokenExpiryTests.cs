using System.Net;
using Strongroom.Server.Tests.Infrastructure;

namespace Strongroom.Server.Tests.Http;

/// <summary>Token TTLs with an injected clock: no sleeping.</summary>
public sealed class TokenExpiryTests : IClassFixture<InMemoryServerFixture>
{
    private readonly InMemoryServerFixture _fixture;

    public TokenExpiryTests(InMemoryServerFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Token_PastItsTtl_IsRejectedAndItsChildrenToo()
    {
        using var root = _fixture.Client();
        var name = "creator-" + Guid.NewGuid().ToString("N");
        (await root.PutAsync($"sys/policies/acl/{name}", new { policy = "path \"auth/token/create\" { capabilities = [\"update\"] }" })).Expect(HttpStatusCode.NoContent);
        var parent = (string)(await root.PostAsync("auth/token/create", new { policies = new[] { name }, ttl = "10m" })).Expect(HttpStatusCode.OK).Json!["auth"]!["client_token"]!;
        using var p = _fixture.Client(parent);
        var child = (string)(await p.PostAsync("auth/token/create", new { ttl = "1h" })).Expect(HttpStatusCode.OK).Json!["auth"]!["client_token"]!;

        _fixture.Clock.Advance(TimeSpan.FromMinutes(9));
        (await p.GetAsync("auth/token/lookup-self")).Expect(HttpStatusCode.OK);

        _fixture.Clock.Advance(TimeSpan.FromMinutes(2));
        (await p.GetAsync("auth/token/lookup-self")).Expect(HttpStatusCode.Forbidden);
        using var c = _fixture.Client(child);
        (await c.GetAsync("auth/token/lookup-self")).Expect(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Renew_ExtendsUpToExplicitMaxTtl()
    {
        using var root = _fixture.Client();
        var auth = (await root.PostAsync("auth/token/create", new { policies = new[] { "default" }, ttl = "10m", explicit_max_ttl = "15m" })).Expect(HttpStatusCode.OK).Json!["auth"]!;
        using var t = _fixture.Client((string)auth["client_token"]!);
        _fixture.Clock.Advance(TimeSpan.FromMinutes(8));
        var renewed = (await t.PostAsync("auth/token/renew-self", new { increment = "1h" })).Expect(HttpStatusCode.OK);
        Assert.Equal(7 * 60, (long)renewed.Json!["auth"]!["lease_duration"]!);
        _fixture.Clock.Advance(TimeSpan.FromMinutes(8));
        (await t.GetAsync("auth/token/lookup-self")).Expect(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task PeriodicToken_RenewsToItsPeriod()
    {
        using var root = _fixture.Client();
        var auth = (await root.PostAsync("auth/token/create", new { policies = new[] { "default" }, period = "30m" })).Expect(HttpStatusCode.OK).Json!["auth"]!;
        Assert.Equal(1800, (long)auth["lease_duration"]!);
        using var t = _fixture.Client((string)auth["client_token"]!);
        for (var i = 0; i < 4; i++)
        {
            _fixture.Clock.Advance(TimeSpan.FromMinutes(25));
            var renewed = (await t.PostAsync("auth/token/renew-self", new { })).Expect(HttpStatusCode.OK);
            Assert.Equal(1800, (long)renewed.Json!["auth"]!["lease_duration"]!);
        }
    }

    [Fact]
    public async Task NonRenewableToken_CannotRenew()
    {
        using var root = _fixture.Client();
        var auth = (await root.PostAsync("auth/token/create", new { policies = new[] { "default" }, ttl = "10m", renewable = false })).Expect(HttpStatusCode.OK).Json!["auth"]!;
        using var t = _fixture.Client((string)auth["client_token"]!);
        (await t.PostAsync("auth/token/renew-self", new { })).Expect(HttpStatusCode.BadRequest);
    }
}
