using System.Net;
using Strongroom.Engines.Database.Tests.Infrastructure;

namespace Strongroom.Engines.Database.Tests;

/// <summary>Static roles over real HTTP against a real PostgreSQL: the account keeps its name, its password rotates.</summary>
public sealed class StaticRoleTests : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private readonly DatabaseFixture _fixture;
    private readonly string _mount = "dbs" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _account = "svc_" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _initialPassword = "test-initial-" + Guid.NewGuid().ToString("N")[..8];

    public StaticRoleTests(DatabaseFixture fixture)
    {
        _fixture = fixture;
    }

    public async Task InitializeAsync()
    {
        await _fixture.AdminScalarAsync($"CREATE ROLE {_account} LOGIN PASSWORD '{_initialPassword}'");
        using var root = _fixture.Client();
        (await root.PostAsync($"sys/mounts/{_mount}", new { type = "database" })).Expect(HttpStatusCode.NoContent);
        (await root.PostAsync($"{_mount}/config/pg", new
        {
            plugin_name = "postgresql-database-plugin",
            connection_url = _fixture.TemplatedUrl,
            username = "postgres",
            password = _fixture.Postgres.Password,
            allowed_roles = "*",
        })).Expect(HttpStatusCode.NoContent);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task StaticRole_IsImportedByRotation_AndRotatesEveryPeriod()
    {
        using var root = _fixture.Client();
        (await root.PostAsync($"{_mount}/static-roles/app", new { db_name = "pg", username = _account, rotation_period = "1h" })).Expect(HttpStatusCode.NoContent);
        await _fixture.AssertLoginFailsAsync(_account, _initialPassword);

        var first = (await root.GetAsync($"{_mount}/static-creds/app")).Expect(HttpStatusCode.OK);
        Assert.Equal(_account, (string)first.Data!["username"]!);
        Assert.Equal(3600, (long)first.Data!["rotation_period"]!);
        Assert.Equal(3600, (long)first.Data!["ttl"]!);
        Assert.Null(first.Json!["lease_id"]?.GetValue<string>() is { Length: > 0 } ? "leased" : null);
        var password1 = (string)first.Data!["password"]!;
        Assert.Equal(_account, await _fixture.LoginScalarAsync(_account, password1, "SELECT current_user"));

        _fixture.Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(40 * 60, (long)(await root.GetAsync($"{_mount}/static-creds/app")).Expect(HttpStatusCode.OK).Data!["ttl"]!);

        _fixture.Clock.Advance(TimeSpan.FromMinutes(41));
        var second = (await root.GetAsync($"{_mount}/static-creds/app")).Expect(HttpStatusCode.OK);
        var password2 = (string)second.Data!["password"]!;
        Assert.NotEqual(password1, password2);
        Assert.Equal(3600, (long)second.Data!["ttl"]!);
        await _fixture.AssertLoginFailsAsync(_account, password1);
        Assert.Equal(_account, await _fixture.LoginScalarAsync(_account, password2, "SELECT current_user"));

        (await root.PostAsync($"{_mount}/rotate-role/app")).Expect(HttpStatusCode.NoContent);
        var password3 = (string)(await root.GetAsync($"{_mount}/static-creds/app")).Expect(HttpStatusCode.OK).Data!["password"]!;
        Assert.NotEqual(password2, password3);
        await _fixture.AssertLoginFailsAsync(_account, password2);
        Assert.Equal(_account, await _fixture.LoginScalarAsync(_account, password3, "SELECT current_user"));

        var role = (await root.GetAsync($"{_mount}/static-roles/app")).Expect(HttpStatusCode.OK);
        Assert.Equal(_account, (string)role.Data!["username"]!);
        Assert.Equal("pg", (string)role.Data!["db_name"]!);
        Assert.Null(role.Data!["password"]);
        Assert.DoesNotContain(password3, role.Raw, StringComparison.Ordinal);
        Assert.Equal(["app"], (await root.ListAsync($"{_mount}/static-roles")).Expect(HttpStatusCode.OK).Data!["keys"]!.AsArray().Select(n => (string)n!));

        (await root.DeleteAsync($"{_mount}/static-roles/app")).Expect(HttpStatusCode.NoContent);
        (await root.GetAsync($"{_mount}/static-creds/app")).Expect(HttpStatusCode.BadRequest);
        // Deleting the static role leaves the account alone.
        Assert.True(await _fixture.RoleExistsAsync(_account));
    }

    [Fact]
    public async Task StaticRole_BadInput_IsRejected_AndNothingIsStored()
    {
        using var root = _fixture.Client();
        (await root.PostAsync($"{_mount}/static-roles/s", new { db_name = "pg", username = _account, rotation_period = "2s" })).Expect(HttpStatusCode.BadRequest);
        (await root.PostAsync($"{_mount}/static-roles/s", new { db_name = "pg", username = _account })).Expect(HttpStatusCode.BadRequest);
        (await root.PostAsync($"{_mount}/static-roles/s", new { db_name = "pg", rotation_period = "1h" })).Expect(HttpStatusCode.BadRequest);
        (await root.PostAsync($"{_mount}/static-roles/s", new { db_name = "nosuch", username = _account, rotation_period = "1h" })).Expect(HttpStatusCode.BadRequest);
        (await root.PostAsync($"{_mount}/static-roles/s", new { db_name = "pg", username = "x\"; DROP TABLE t; --", rotation_period = "1h" })).Expect(HttpStatusCode.BadRequest);
        // An account that does not exist cannot be imported: the rotation fails and the role is not kept.
        var missing = (await root.PostAsync($"{_mount}/static-roles/s", new { db_name = "pg", username = "no_such_account", rotation_period = "1h" })).Expect(HttpStatusCode.InternalServerError);
        Assert.Contains("42704", missing.FirstError, StringComparison.Ordinal);
        (await root.GetAsync($"{_mount}/static-roles/s")).Expect(HttpStatusCode.NotFound);
        (await root.PostAsync($"{_mount}/rotate-role/s")).Expect(HttpStatusCode.BadRequest);

        (await root.PostAsync($"{_mount}/static-roles/fixed", new { db_name = "pg", username = _account, rotation_period = 3600 })).Expect(HttpStatusCode.NoContent);
        (await root.PostAsync($"{_mount}/static-roles/fixed", new { username = "someone_else" })).Expect(HttpStatusCode.BadRequest);
        (await root.PostAsync($"{_mount}/roles/fixed", new { db_name = "pg", creation_statements = "SELECT 1" })).Expect(HttpStatusCode.BadRequest);
        (await root.PostAsync($"{_mount}/static-roles/fixed", new { rotation_period = "2h" })).Expect(HttpStatusCode.NoContent);
        Assert.Equal(7200, (long)(await root.GetAsync($"{_mount}/static-roles/fixed")).Data!["rotation_period"]!);
        (await root.DeleteAsync($"{_mount}/static-roles/fixed")).Expect(HttpStatusCode.NoContent);
    }
}
