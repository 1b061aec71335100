using System.Net;
using Strongroom.Engines.Database.Tests.Infrastructure;

namespace Strongroom.Engines.Database.Tests;

/// <summary>PostgreSQL stopped mid-way and restarted: clear errors, nothing leaked, no lease, revocation retried.</summary>
public sealed class OutageTests : IClassFixture<DatabaseFixture>
{
    private const string Creation = "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}'";
    private readonly DatabaseFixture _fixture;

    public OutageTests(DatabaseFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task PostgresDown_CredsFailCleanly_AndRevocationIsRetriedUntilItWorks()
    {
        var mount = "dbo" + Guid.NewGuid().ToString("N")[..8];
        using var root = _fixture.Client();
        (await root.PostAsync($"sys/mounts/{mount}", new { type = "database" })).Expect(HttpStatusCode.NoContent);
        (await root.PostAsync($"{mount}/config/pg", new { plugin_name = "postgresql-database-plugin", connection_url = _fixture.TemplatedUrl, username = "postgres", password = _fixture.Postgres.Password, allowed_roles = "*" }))
            .Expect(HttpStatusCode.NoContent);
        (await root.PostAsync($"{mount}/roles/app", new { db_name = "pg", creation_statements = Creation, default_ttl = "10m" })).Expect(HttpStatusCode.NoContent);
        var creds = (await root.GetAsync($"{mount}/creds/app")).Expect(HttpStatusCode.OK);
        var username = (string)creds.Data!["username"]!;
        var password = (string)creds.Data!["password"]!;
        var leaseId = (string)creds.Json!["lease_id"]!;

        await _fixture.Postgres.StopAsync();
        try
        {
            var down = (await root.GetAsync($"{mount}/creds/app")).Expect(HttpStatusCode.InternalServerError);
            Assert.Contains("failed to create the database user", down.FirstError, StringComparison.Ordinal);
            Assert.Contains("database \"pg\"", down.FirstError, StringComparison.Ordinal);
            Assert.DoesNotContain(_fixture.Postgres.Password, down.Raw, StringComparison.Ordinal);
            Assert.DoesNotContain("Password=", down.Raw, StringComparison.OrdinalIgnoreCase);
            Assert.Equal([leaseId[(leaseId.LastIndexOf('/') + 1)..]], (await root.ListAsync($"sys/leases/lookup/{mount}/creds/app")).Expect(HttpStatusCode.OK).Data!["keys"]!.AsArray().Select(n => (string)n!));

            // Renew fails without losing the lease.
            var renew = (await root.PutAsync("sys/leases/renew", new { lease_id = leaseId })).Expect(HttpStatusCode.BadRequest);
            Assert.DoesNotContain(_fixture.Postgres.Password, renew.Raw, StringComparison.Ordinal);

            // Expiry while down: the revocation fails, is kept, and is visible in lookup.
            _fixture.Clock.Advance(TimeSpan.FromMinutes(11));
            await _fixture.Server.Core.Leases.TickAsync(CancellationToken.None);
            var lookup = (await root.PutAsync("sys/leases/lookup", new { lease_id = leaseId })).Expect(HttpStatusCode.OK);
            Assert.True((int)lookup.Data!["revocation_attempts"]! >= 1);
            Assert.Contains("failed to revoke the database user", (string)lookup.Data!["revocation_error"]!, StringComparison.Ordinal);
            Assert.DoesNotContain(_fixture.Postgres.Password, lookup.Raw, StringComparison.Ordinal);
            Assert.NotNull(lookup.Data!["next_revocation_attempt"]);

            // An explicit revoke while down is a 500 and keeps the lease too.
            (await root.PutAsync("sys/leases/revoke", new { lease_id = leaseId })).Expect(HttpStatusCode.InternalServerError);
            (await root.PutAsync("sys/leases/lookup", new { lease_id = leaseId })).Expect(HttpStatusCode.OK);
        }
        finally
        {
            await _fixture.Postgres.StartAgainAsync();
        }

        Assert.True(await _fixture.RoleExistsAsync(username));
        _fixture.Clock.Advance(TimeSpan.FromMinutes(30));
        await _fixture.TickUntilGoneAsync(leaseId);
        Assert.False(await _fixture.RoleExistsAsync(username));
        await _fixture.AssertLoginFailsAsync(username, password);

        // The pool recovered from the restart: new credentials work again.
        var again = (await root.GetAsync($"{mount}/creds/app")).Expect(HttpStatusCode.OK);
        Assert.Equal(1, await _fixture.LoginScalarAsync((string)again.Data!["username"]!, (string)again.Data!["password"]!, "SELECT 1"));
        (await root.PutAsync("sys/leases/revoke", new { lease_id = (string)again.Json!["lease_id"]! })).Expect(HttpStatusCode.NoContent);
    }
}
