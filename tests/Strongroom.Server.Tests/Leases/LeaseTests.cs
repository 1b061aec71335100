using System.Net;
using Strongroom.Server.Tests.Infrastructure;

namespace Strongroom.Server.Tests.Leases;

/// <summary>The expiration manager through the real pipeline, with an injected clock.</summary>
public sealed class LeaseTests : IClassFixture<InMemoryServerFixture>, IAsyncLifetime
{
    private readonly InMemoryServerFixture _fixture;
    private readonly string _mount = "dyn" + Guid.NewGuid().ToString("N")[..8];

    public LeaseTests(InMemoryServerFixture fixture)
    {
        _fixture = fixture;
    }

    public async Task InitializeAsync()
    {
        using var root = _fixture.Client();
        (await root.PostAsync($"sys/mounts/{_mount}", new { type = "test-dynamic" })).Expect(HttpStatusCode.NoContent);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Creds_AreLeased_AndRevokedAtExpiry()
    {
        using var root = _fixture.Client();
        var creds = (await root.GetAsync($"{_mount}/creds/app")).Expect(HttpStatusCode.OK);
        var leaseId = (string)creds.Json!["lease_id"]!;
        var user = (string)creds.Data!["username"]!;
        Assert.StartsWith($"{_mount}/creds/app/", leaseId, StringComparison.Ordinal);
        Assert.Equal(600, (long)creds.Json!["lease_duration"]!);
        Assert.True((bool)creds.Json!["renewable"]!);

        var lookup = (await root.PutAsync("sys/leases/lookup", new { lease_id = leaseId })).Expect(HttpStatusCode.OK);
        Assert.Equal(600, (long)lookup.Data!["ttl"]!);

        _fixture.Clock.Advance(TimeSpan.FromMinutes(11));
        await _fixture.Server.Core.Leases.TickAsync(CancellationToken.None);
        Assert.True(DynamicTestBackend.Revoked.ContainsKey(user));
        (await root.PutAsync("sys/leases/lookup", new { lease_id = leaseId })).Expect(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Renew_IsCappedByMaxTtl()
    {
        using var root = _fixture.Client();
        var leaseId = (string)(await root.GetAsync($"{_mount}/creds/app")).Expect(HttpStatusCode.OK).Json!["lease_id"]!;
        _fixture.Clock.Advance(TimeSpan.FromMinutes(8));
        var renewed = (await root.PutAsync("sys/leases/renew", new { lease_id = leaseId, increment = "5m" })).Expect(HttpStatusCode.OK);
        Assert.Equal(leaseId, (string)renewed.Json!["lease_id"]!);
        Assert.Equal(5 * 60, (long)renewed.Json!["lease_duration"]!);
        _fixture.Clock.Advance(TimeSpan.FromMinutes(4));
        var capped = (await root.PutAsync("sys/leases/renew", new { lease_id = leaseId, increment = "1h" })).Expect(HttpStatusCode.OK);
        Assert.Equal(18 * 60, (long)capped.Json!["lease_duration"]!);
    }

    [Fact]
    public async Task Revoke_And_RevokePrefix_CallTheBackend()
    {
        using var root = _fixture.Client();
        var first = await root.GetAsync($"{_mount}/creds/one");
        var second = await root.GetAsync($"{_mount}/creds/two");
        (await root.PutAsync("sys/leases/revoke", new { lease_id = (string)first.Json!["lease_id"]! })).Expect(HttpStatusCode.NoContent);
        Assert.True(DynamicTestBackend.Revoked.ContainsKey((string)first.Data!["username"]!));
        (await root.PutAsync($"sys/leases/revoke-prefix/{_mount}/creds/two")).Expect(HttpStatusCode.NoContent);
        Assert.True(DynamicTestBackend.Revoked.ContainsKey((string)second.Data!["username"]!));
    }

    [Fact]
    public async Task FailedRevocation_IsKeptVisibleAndRetried()
    {
        using var root = _fixture.Client();
        DynamicTestBackend.FailRevocations = true;
        try
        {
            var creds = (await root.GetAsync($"{_mount}/creds/flaky")).Expect(HttpStatusCode.OK);
            var leaseId = (string)creds.Json!["lease_id"]!;
            _fixture.Clock.Advance(TimeSpan.FromMinutes(11));
            await _fixture.Server.Core.Leases.TickAsync(CancellationToken.None);
            var lookup = (await root.PutAsync("sys/leases/lookup", new { lease_id = leaseId })).Expect(HttpStatusCode.OK);
            Assert.Contains("database unreachable", (string)lookup.Data!["revocation_error"]!, StringComparison.Ordinal);

            DynamicTestBackend.FailRevocations = false;
            _fixture.Clock.Advance(TimeSpan.FromMinutes(11));
            await _fixture.Server.Core.Leases.TickAsync(CancellationToken.None);
            Assert.True(DynamicTestBackend.Revoked.ContainsKey((string)creds.Data!["username"]!));
            (await root.PutAsync("sys/leases/lookup", new { lease_id = leaseId })).Expect(HttpStatusCode.BadRequest);
        }
        finally
        {
            DynamicTestBackend.FailRevocations = false;
        }
    }

    [Fact]
    public async Task RevokingTheToken_RevokesItsLeases()
    {
        using var root = _fixture.Client();
        var name = "dyn-reader-" + Guid.NewGuid().ToString("N")[..6];
        (await root.PutAsync($"sys/policies/acl/{name}", new { policy = $"path \"{_mount}/creds/*\" {{ capabilities = [\"read\"] }}" })).Expect(HttpStatusCode.NoContent);
        var token = (string)(await root.PostAsync("auth/token/create", new { policies = new[] { name } })).Expect(HttpStatusCode.OK).Json!["auth"]!["client_token"]!;
        using var app = _fixture.Client(token);
        var creds = (await app.GetAsync($"{_mount}/creds/app")).Expect(HttpStatusCode.OK);
        (await root.PostAsync("auth/token/revoke", new { token })).Expect(HttpStatusCode.NoContent);
        Assert.True(DynamicTestBackend.Revoked.ContainsKey((string)creds.Data!["username"]!));
    }

    [Fact]
    public async Task ListLeases_ByPrefix_NeedsSudo()
    {
        using var root = _fixture.Client();
        await root.GetAsync($"{_mount}/creds/listme");
        var list = (await root.ListAsync($"sys/leases/lookup/{_mount}/creds/listme")).Expect(HttpStatusCode.OK);
        Assert.Single(list.Data!["keys"]!.AsArray());
    }
}
