using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using Strongroom.Engines.Database.Tests.Infrastructure;

namespace Strongroom.Engines.Database.Tests;

/// <summary>The database engine over real HTTP against a real PostgreSQL: dynamic credentials and their leases.</summary>
public sealed class DatabaseEngineTests : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private const string Creation = "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}'; GRANT SELECT ON inventory TO \"{{name}}\";";
    private readonly DatabaseFixture _fixture;
    private readonly string _mount = "db" + Guid.NewGuid().ToString("N")[..8];

    public DatabaseEngineTests(DatabaseFixture fixture)
    {
        _fixture = fixture;
    }

    public async Task InitializeAsync()
    {
        await _fixture.AdminScalarAsync("CREATE TABLE IF NOT EXISTS inventory (id int primary key, item text); INSERT INTO inventory VALUES (1, 'widget') ON CONFLICT DO NOTHING");
        using var root = _fixture.Client();
        (await root.PostAsync($"sys/mounts/{_mount}", new { type = "database" })).Expect(HttpStatusCode.NoContent);
        (await root.PostAsync($"{_mount}/config/pg", new
        {
            plugin_name = "postgresql-database-plugin",
            connection_url = _fixture.TemplatedUrl,
            username = "postgres",
            password = _fixture.Postgres.Password,
            allowed_roles = new[] { "reader", "bad*" },
        })).Expect(HttpStatusCode.NoContent);
        (await root.PostAsync($"{_mount}/roles/reader", new { db_name = "pg", creation_statements = new[] { Creation }, default_ttl = "1h", max_ttl = "2h" }))
            .Expect(HttpStatusCode.NoContent);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Creds_CanLogInAndQuery_AndRevokeDropsTheUser()
    {
        using var root = _fixture.Client();
        var creds = (await root.GetAsync($"{_mount}/creds/reader")).Expect(HttpStatusCode.OK);
        var username = (string)creds.Data!["username"]!;
        var password = (string)creds.Data!["password"]!;
        var leaseId = (string)creds.Json!["lease_id"]!;
        Assert.StartsWith($"{_mount}/creds/reader/", leaseId, StringComparison.Ordinal);
        Assert.Equal(3600, (long)creds.Json!["lease_duration"]!);
        Assert.True((bool)creds.Json!["renewable"]!);
        Assert.StartsWith("v-root-reader-", username, StringComparison.Ordinal);
        Assert.True(username.Length <= 63);
        Assert.Equal(20, password.Length);

        Assert.Equal("widget", await _fixture.LoginScalarAsync(username, password, "SELECT item FROM inventory WHERE id = 1"));
        var validUntil = (DateTime)(await _fixture.AdminScalarAsync("SELECT rolvaliduntil FROM pg_roles WHERE rolname = $1", username))!;
        Assert.Equal(_fixture.Clock.GetUtcNow().AddHours(1).UtcDateTime, validUntil.ToUniversalTime(), TimeSpan.FromSeconds(1));

        (await root.PutAsync("sys/leases/revoke", new { lease_id = leaseId })).Expect(HttpStatusCode.NoContent);
        Assert.False(await _fixture.RoleExistsAsync(username));
        await _fixture.AssertLoginFailsAsync(username, password);
        (await root.PutAsync("sys/leases/lookup", new { lease_id = leaseId })).Expect(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Revoke_TerminatesOpenSessions()
    {
        using var root = _fixture.Client();
        var creds = (await root.GetAsync($"{_mount}/creds/reader")).Expect(HttpStatusCode.OK);
        await using var session = new NpgsqlConnection(_fixture.LoginString((string)creds.Data!["username"]!, (string)creds.Data!["password"]!));
        await session.OpenAsync();
        await using (var before = new NpgsqlCommand("SELECT count(*) FROM inventory", session))
        {
            Assert.Equal(1L, await before.ExecuteScalarAsync());
        }

        (await root.PutAsync("sys/leases/revoke", new { lease_id = (string)creds.Json!["lease_id"]! })).Expect(HttpStatusCode.NoContent);
        await using var after = new NpgsqlCommand("SELECT count(*) FROM inventory", session);
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => after.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Expiry_DropsTheUser()
    {
        using var root = _fixture.Client();
        var creds = (await root.GetAsync($"{_mount}/creds/reader")).Expect(HttpStatusCode.OK);
        var username = (string)creds.Data!["username"]!;
        var password = (string)creds.Data!["password"]!;
        Assert.Equal(1, await _fixture.LoginScalarAsync(username, password, "SELECT 1"));

        _fixture.Clock.Advance(TimeSpan.FromMinutes(61));
        await _fixture.TickUntilGoneAsync((string)creds.Json!["lease_id"]!);
        Assert.False(await _fixture.RoleExistsAsync(username));
        await _fixture.AssertLoginFailsAsync(username, password);
    }

    [Fact]
    public async Task Renew_ExtendsValidUntil_CappedByMaxTtl()
    {
        using var root = _fixture.Client();
        var creds = (await root.GetAsync($"{_mount}/creds/reader")).Expect(HttpStatusCode.OK);
        var username = (string)creds.Data!["username"]!;
        var leaseId = (string)creds.Json!["lease_id"]!;
        var issued = _fixture.Clock.GetUtcNow();

        _fixture.Clock.Advance(TimeSpan.FromMinutes(30));
        var renewed = (await root.PutAsync("sys/leases/renew", new { lease_id = leaseId, increment = "1h" })).Expect(HttpStatusCode.OK);
        Assert.Equal(3600, (long)renewed.Json!["lease_duration"]!);
        Assert.Equal(issued.AddMinutes(90).UtcDateTime, await ValidUntilAsync(username), TimeSpan.FromSeconds(1));

        _fixture.Clock.Advance(TimeSpan.FromMinutes(50));
        var capped = (await root.PutAsync("sys/leases/renew", new { lease_id = leaseId, increment = "1h" })).Expect(HttpStatusCode.OK);
        Assert.Equal(40 * 60, (long)capped.Json!["lease_duration"]!);
        Assert.Equal(issued.AddHours(2).UtcDateTime, await ValidUntilAsync(username), TimeSpan.FromSeconds(1));

        var lookup = (await root.PutAsync("sys/leases/lookup", new { lease_id = leaseId })).Expect(HttpStatusCode.OK);
        Assert.Equal(40 * 60, (long)lookup.Data!["ttl"]!);
        Assert.Equal(1, await _fixture.LoginScalarAsync(username, (string)creds.Data!["password"]!, "SELECT 1"));
        (await root.PutAsync("sys/leases/revoke", new { lease_id = leaseId })).Expect(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task RevokingTheToken_RevokesItsCredentials()
    {
        using var root = _fixture.Client();
        var token = (string)(await root.PostAsync("auth/token/create", new { policies = new[] { "root" }, ttl = "1h" })).Expect(HttpStatusCode.OK).Json!["auth"]!["client_token"]!;
        using var child = _fixture.Client(token);
        var creds = (await child.GetAsync($"{_mount}/creds/reader")).Expect(HttpStatusCode.OK);
        var username = (string)creds.Data!["username"]!;
        Assert.StartsWith("v-token-reader-", username, StringComparison.Ordinal);
        Assert.True(await _fixture.RoleExistsAsync(username));

        (await root.PostAsync("auth/token/revoke", new { token })).Expect(HttpStatusCode.NoContent);
        Assert.False(await _fixture.RoleExistsAsync(username));
    }

    [Fact]
    public async Task InvalidSql_IsAClearError_WithNoHalfCreatedUserAndNoLease()
    {
        using var root = _fixture.Client();
        // The first statement succeeds, the second is invalid: the transaction must take the first back.
        (await root.PostAsync($"{_mount}/roles/bad-sql", new
        {
            db_name = "pg",
            creation_statements = new[] { "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}'; GRANT SELEKT ON inventory TO \"{{name}}\";" },
            rollback_statements = new[] { "DROP ROLE IF EXISTS \"{{name}}\"" },
        })).Expect(HttpStatusCode.NoContent);
        var rolesBefore = await CountRolesAsync();

        var failed = (await root.GetAsync($"{_mount}/creds/bad-sql")).Expect(HttpStatusCode.InternalServerError);
        Assert.Contains("failed to create the database user", failed.FirstError, StringComparison.Ordinal);
        Assert.Contains("42601", failed.FirstError, StringComparison.Ordinal);
        Assert.DoesNotContain(_fixture.Postgres.Password, failed.Raw, StringComparison.Ordinal);
        Assert.Equal(rolesBefore, await CountRolesAsync());
        (await root.ListAsync($"sys/leases/lookup/{_mount}/creds/bad-sql")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task SyntaxErrorNearThePassword_DoesNotLeakIt()
    {
        using var root = _fixture.Client();
        // The password where a timestamp belongs: PostgreSQL's error quotes the value it could not parse.
        (await root.PostAsync($"{_mount}/roles/bad-quote", new { db_name = "pg", creation_statements = "CREATE ROLE \"{{name}}\" LOGIN PASSWORD '{{password}}' VALID UNTIL '{{password}}'" }))
            .Expect(HttpStatusCode.NoContent);
        var failed = (await root.GetAsync($"{_mount}/creds/bad-quote")).Expect(HttpStatusCode.InternalServerError);
        Assert.Contains("[redacted]", failed.FirstError, StringComparison.Ordinal);
        Assert.Contains("22007", failed.FirstError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_ReadNeverReturnsThePassword()
    {
        using var root = _fixture.Client();
        var config = (await root.GetAsync($"{_mount}/config/pg")).Expect(HttpStatusCode.OK);
        Assert.DoesNotContain(_fixture.Postgres.Password, config.Raw, StringComparison.Ordinal);
        Assert.Equal("postgresql-database-plugin", (string)config.Data!["plugin_name"]!);
        Assert.Equal(_fixture.TemplatedUrl, (string)config.Data!["connection_details"]!["connection_url"]!);
        Assert.Equal("postgres", (string)config.Data!["connection_details"]!["username"]!);
        Assert.Equal(["reader", "bad*"], config.Data!["allowed_roles"]!.AsArray().Select(n => (string)n!));
        Assert.Null(config.Data!["connection_details"]!["password"]);

        // A literal password in the URL works, is masked on read and draws a warning.
        var written = (await root.PostAsync($"{_mount}/config/literal", new { plugin_name = "postgresql-database-plugin", connection_url = _fixture.Postgres.Url() + "?sslmode=disable", allowed_roles = "*" }))
            .Expect(HttpStatusCode.OK);
        Assert.Contains("Password found in connection_url", written.Raw, StringComparison.Ordinal);
        var literal = (await root.GetAsync($"{_mount}/config/literal")).Expect(HttpStatusCode.OK);
        Assert.DoesNotContain(_fixture.Postgres.Password, literal.Raw, StringComparison.Ordinal);
        Assert.Contains("postgres:*****@", (string)literal.Data!["connection_details"]!["connection_url"]!, StringComparison.Ordinal);

        var list = (await root.ListAsync($"{_mount}/config")).Expect(HttpStatusCode.OK);
        Assert.Equal(["literal", "pg"], list.Data!["keys"]!.AsArray().Select(n => (string)n!));
        (await root.DeleteAsync($"{_mount}/config/literal")).Expect(HttpStatusCode.NoContent);
        (await root.GetAsync($"{_mount}/config/literal")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Config_WrongPassword_FailsVerification_WithoutEchoingIt()
    {
        using var root = _fixture.Client();
        var wrong = "wrong-test-password-" + Guid.NewGuid().ToString("N")[..6];
        var failed = (await root.PostAsync($"{_mount}/config/wrong", new { plugin_name = "postgresql-database-plugin", connection_url = _fixture.TemplatedUrl, username = "postgres", password = wrong }))
            .Expect(HttpStatusCode.BadRequest);
        Assert.Contains("error verifying connection", failed.FirstError, StringComparison.Ordinal);
        Assert.Contains("28P01", failed.FirstError, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, failed.Raw, StringComparison.Ordinal);
        (await root.GetAsync($"{_mount}/config/wrong")).Expect(HttpStatusCode.NotFound);

        // verify_connection=false stores it anyway; creds then fail cleanly.
        (await root.PostAsync($"{_mount}/config/wrong", new { plugin_name = "postgresql-database-plugin", connection_url = _fixture.TemplatedUrl, username = "postgres", password = wrong, verify_connection = false, allowed_roles = "*" }))
            .Expect(HttpStatusCode.NoContent);
        (await root.PostAsync($"{_mount}/roles/via-wrong", new { db_name = "wrong", creation_statements = Creation })).Expect(HttpStatusCode.NoContent);
        var creds = (await root.GetAsync($"{_mount}/creds/via-wrong")).Expect(HttpStatusCode.InternalServerError);
        Assert.DoesNotContain(wrong, creds.Raw, StringComparison.Ordinal);
        (await root.ListAsync($"sys/leases/lookup/{_mount}/creds/via-wrong")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task BadInput_IsRejected()
    {
        using var root = _fixture.Client();
        (await root.GetAsync($"{_mount}/creds/nobody")).Expect(HttpStatusCode.BadRequest);
        (await root.PostAsync($"{_mount}/roles/not-allowed", new { db_name = "pg", creation_statements = Creation })).Expect(HttpStatusCode.NoContent);
        Assert.Contains("not an allowed role", (await root.GetAsync($"{_mount}/creds/not-allowed")).Expect(HttpStatusCode.BadRequest).FirstError, StringComparison.Ordinal);
        (await root.PostAsync($"{_mount}/roles/x", new { db_name = "pg" })).Expect(HttpStatusCode.BadRequest);
        (await root.PostAsync($"{_mount}/roles/x", new { creation_statements = Creation })).Expect(HttpStatusCode.BadRequest);
        (await root.PostAsync($"{_mount}/roles/x", new { db_name = "pg", creation_statements = Creation, default_ttl = "soon" })).Expect(HttpStatusCode.BadRequest);
        (await root.PostAsync($"{_mount}/roles/x", new { db_name = "pg", creation_statements = 42 })).Expect(HttpStatusCode.BadRequest);
        (await root.PostAsync($"{_mount}/roles/x", new { db_name = "pg", creation_statements = Creation, default_ttl = "3h", max_ttl = "1h" })).Expect(HttpStatusCode.BadRequest);
        (await root.PostAsync($"{_mount}/roles/x", "{not json")).Expect(HttpStatusCode.BadRequest);
        (await root.PostAsync($"{_mount}/config/x", new { plugin_name = "mysql-database-plugin", connection_url = _fixture.TemplatedUrl })).Expect(HttpStatusCode.BadRequest);
        (await root.PostAsync($"{_mount}/config/x", new { plugin_name = "postgresql-database-plugin" })).Expect(HttpStatusCode.BadRequest);
        (await root.PostAsync($"{_mount}/config/x", new { plugin_name = "postgresql-database-plugin", connection_url = "mysql://h/db" })).Expect(HttpStatusCode.BadRequest);
        (await root.PostAsync($"{_mount}/config/x", new { plugin_name = "postgresql-database-plugin", connection_url = _fixture.TemplatedUrl, allowed_roles = 5 })).Expect(HttpStatusCode.BadRequest);
        (await root.PostAsync($"{_mount}/config/x", new { plugin_name = "postgresql-database-plugin", connection_url = _fixture.TemplatedUrl, password_policy = "strict" })).Expect(HttpStatusCode.BadRequest);
        (await root.PostAsync($"{_mount}/config/x", new { plugin_name = "postgresql-database-plugin", connection_url = _fixture.TemplatedUrl, username_template = "{{ nosuch 3 }}" })).Expect(HttpStatusCode.BadRequest);
        (await root.PostAsync($"{_mount}/config/x", new { plugin_name = "postgresql-database-plugin", connection_url = _fixture.TemplatedUrl, max_open_connections = "many" })).Expect(HttpStatusCode.BadRequest);
        (await root.GetAsync($"{_mount}/config/x")).Expect(HttpStatusCode.NotFound);
        (await root.GetAsync($"{_mount}/roles/x")).Expect(HttpStatusCode.NotFound);
        (await root.GetAsync($"{_mount}/nosuch/x")).Expect(HttpStatusCode.NotFound);
        (await root.PostAsync($"{_mount}/reset/nosuch")).Expect(HttpStatusCode.BadRequest);
        (await root.PostAsync($"{_mount}/rotate-root/nosuch")).Expect(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Role_ReadsBackLikeVault_AndLists()
    {
        using var root = _fixture.Client();
        var role = (await root.GetAsync($"{_mount}/roles/reader")).Expect(HttpStatusCode.OK);
        Assert.Equal("pg", (string)role.Data!["db_name"]!);
        Assert.Equal(3600, (long)role.Data!["default_ttl"]!);
        Assert.Equal(7200, (long)role.Data!["max_ttl"]!);
        Assert.Equal(Creation, (string)role.Data!["creation_statements"]![0]!);
        Assert.Empty(role.Data!["revocation_statements"]!.AsArray());
        Assert.Contains("reader", (await root.ListAsync($"{_mount}/roles")).Expect(HttpStatusCode.OK).Data!["keys"]!.AsArray().Select(n => (string)n!));
        (await root.PostAsync($"{_mount}/roles/reader", new { default_ttl = 600 })).Expect(HttpStatusCode.NoContent);
        Assert.Equal(600, (long)(await root.GetAsync($"{_mount}/roles/reader")).Data!["default_ttl"]!);
        Assert.Equal(7200, (long)(await root.GetAsync($"{_mount}/roles/reader")).Data!["max_ttl"]!);
    }

    [Fact]
    public async Task CustomUsernameTemplate_AndRevocationStatements_AreUsed()
    {
        using var root = _fixture.Client();
        (await root.PostAsync($"{_mount}/config/custom", new
        {
            plugin_name = "postgresql-database-plugin",
            connection_url = _fixture.TemplatedUrl,
            username = "postgres",
            password = _fixture.Postgres.Password,
            allowed_roles = "*",
            username_template = "app_{{.RoleName | lowercase}}_{{random 8 | lowercase}}",
        })).Expect(HttpStatusCode.NoContent);
        (await root.PostAsync($"{_mount}/roles/Custom", new
        {
            db_name = "custom",
            creation_statements = Creation,
            revocation_statements = new[] { "REVOKE ALL ON inventory FROM \"{{name}}\"; DROP ROLE \"{{name}}\";" },
        })).Expect(HttpStatusCode.NoContent);
        var creds = (await root.GetAsync($"{_mount}/creds/Custom")).Expect(HttpStatusCode.OK);
        var username = (string)creds.Data!["username"]!;
        Assert.Matches("^app_custom_[a-z0-9]{8}$", username);
        (await root.PutAsync("sys/leases/revoke", new { lease_id = (string)creds.Json!["lease_id"]! })).Expect(HttpStatusCode.NoContent);
        Assert.False(await _fixture.RoleExistsAsync(username));
    }

    [Fact]
    public async Task RotateRoot_OnlyStrongroomKnowsTheNewPassword()
    {
        var admin = "admin_" + Guid.NewGuid().ToString("N")[..8];
        var adminPassword = "test-admin-" + Guid.NewGuid().ToString("N")[..8];
        await _fixture.AdminScalarAsync($"CREATE ROLE {admin} LOGIN CREATEROLE PASSWORD '{adminPassword}'; GRANT SELECT ON inventory TO {admin} WITH GRANT OPTION");
        using var root = _fixture.Client();
        (await root.PostAsync($"{_mount}/config/rot", new { plugin_name = "postgresql-database-plugin", connection_url = _fixture.TemplatedUrl, username = admin, password = adminPassword, allowed_roles = "rot-reader" }))
            .Expect(HttpStatusCode.NoContent);
        (await root.PostAsync($"{_mount}/roles/rot-reader", new { db_name = "rot", creation_statements = Creation })).Expect(HttpStatusCode.NoContent);

        (await root.PostAsync($"{_mount}/rotate-root/rot")).Expect(HttpStatusCode.NoContent);
        await _fixture.AssertLoginFailsAsync(admin, adminPassword);

        // The engine still works with the password only it knows, and never shows it.
        var creds = (await root.GetAsync($"{_mount}/creds/rot-reader")).Expect(HttpStatusCode.OK);
        Assert.Equal("widget", await _fixture.LoginScalarAsync((string)creds.Data!["username"]!, (string)creds.Data!["password"]!, "SELECT item FROM inventory"));
        (await root.PostAsync($"{_mount}/reset/rot")).Expect(HttpStatusCode.NoContent);
        (await root.PutAsync("sys/leases/revoke", new { lease_id = (string)creds.Json!["lease_id"]! })).Expect(HttpStatusCode.NoContent);
        var config = (await root.GetAsync($"{_mount}/config/rot")).Expect(HttpStatusCode.OK);
        Assert.DoesNotContain(adminPassword, config.Raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unmount_RevokesTheMountsCredentials()
    {
        using var root = _fixture.Client();
        var mount = "dbgone" + Guid.NewGuid().ToString("N")[..6];
        (await root.PostAsync($"sys/mounts/{mount}", new { type = "database" })).Expect(HttpStatusCode.NoContent);
        (await root.PostAsync($"{mount}/config/pg", new { plugin_name = "postgresql-database-plugin", connection_url = _fixture.TemplatedUrl, username = "postgres", password = _fixture.Postgres.Password, allowed_roles = "*" }))
            .Expect(HttpStatusCode.NoContent);
        (await root.PostAsync($"{mount}/roles/r", new { db_name = "pg", creation_statements = Creation })).Expect(HttpStatusCode.NoContent);
        var username = (string)(await root.GetAsync($"{mount}/creds/r")).Expect(HttpStatusCode.OK).Data!["username"]!;
        Assert.True(await _fixture.RoleExistsAsync(username));
        (await root.DeleteAsync($"sys/mounts/{mount}")).Expect(HttpStatusCode.NoContent);
        Assert.False(await _fixture.RoleExistsAsync(username));
    }

    [Fact]
    public async Task LeaseCli_LooksUpRenewsAndRevokesADatabaseCredential()
    {
        using var root = _fixture.Client();
        using var cli = new CliEnvironment(_fixture.Server.Address, _fixture.RootToken);
        var creds = (await root.GetAsync($"{_mount}/creds/reader")).Expect(HttpStatusCode.OK);
        var leaseId = (string)creds.Json!["lease_id"]!;
        var username = (string)creds.Data!["username"]!;

        var lookup = await cli.RunAsync("lease", "lookup", "-format=json", leaseId);
        Assert.True(lookup.Code == 0, lookup.Stderr);
        Assert.Equal(leaseId, (string)JsonNode.Parse(lookup.Stdout)!["data"]!["id"]!);
        Assert.Equal(3600, (long)JsonNode.Parse(lookup.Stdout)!["data"]!["ttl"]!);

        _fixture.Clock.Advance(TimeSpan.FromMinutes(10));
        var renew = await cli.RunAsync("lease", "renew", "-increment=30m", "-format=json", leaseId);
        Assert.True(renew.Code == 0, renew.Stderr);
        Assert.Equal(1800, (long)JsonNode.Parse(renew.Stdout)!["lease_duration"]!);
        Assert.Equal(_fixture.Clock.GetUtcNow().AddMinutes(30).UtcDateTime, await ValidUntilAsync(username), TimeSpan.FromSeconds(1));

        var revoke = await cli.RunAsync("lease", "revoke", leaseId);
        Assert.True(revoke.Code == 0, revoke.Stderr);
        Assert.Contains("Revoked lease", revoke.Stdout, StringComparison.Ordinal);
        Assert.False(await _fixture.RoleExistsAsync(username));
        Assert.NotEqual(0, (await cli.RunAsync("lease", "lookup", leaseId)).Code);
        Assert.NotEqual(0, (await cli.RunAsync("lease", "revoke", "-force", leaseId)).Code);
        Assert.Contains("Usage: strongroom lease renew", (await cli.RunAsync("lease", "renew", "--help")).Stdout + (await cli.RunAsync("lease", "renew", "--help")).Stderr, StringComparison.Ordinal);

        var second = (await root.GetAsync($"{_mount}/creds/reader")).Expect(HttpStatusCode.OK);
        var prefix = await cli.RunAsync("lease", "revoke", "-prefix", $"{_mount}/creds/reader");
        Assert.True(prefix.Code == 0, prefix.Stderr);
        Assert.False(await _fixture.RoleExistsAsync((string)second.Data!["username"]!));
    }

    [Fact]
    public async Task LeaseThatExpiredWhileSealed_IsRevokedAfterUnseal_ByTheReloadedEngine()
    {
        using var root = _fixture.Client();
        var creds = (await root.GetAsync($"{_mount}/creds/reader")).Expect(HttpStatusCode.OK);
        var username = (string)creds.Data!["username"]!;

        // Sealing disposes the engine (its connection pool and timer); unsealing builds a new one.
        await _fixture.Server.Core.SealAsync();
        _fixture.Clock.Advance(TimeSpan.FromHours(3));
        Assert.True(await _fixture.RoleExistsAsync(username));
        await _fixture.Server.Core.UnsealAsync(_fixture.Server.DevInit!.KeyShares[0].ToArray());

        await _fixture.TickUntilGoneAsync((string)creds.Json!["lease_id"]!);
        Assert.False(await _fixture.RoleExistsAsync(username));
        var again = (await root.GetAsync($"{_mount}/creds/reader")).Expect(HttpStatusCode.OK);
        Assert.Equal(1, await _fixture.LoginScalarAsync((string)again.Data!["username"]!, (string)again.Data!["password"]!, "SELECT 1"));
        (await root.PutAsync("sys/leases/revoke", new { lease_id = (string)again.Json!["lease_id"]! })).Expect(HttpStatusCode.NoContent);
    }

    private async Task<DateTime> ValidUntilAsync(string username) =>
        ((DateTime)(await _fixture.AdminScalarAsync("SELECT rolvaliduntil FROM pg_roles WHERE rolname = $1", username))!).ToUniversalTime();

    private async Task<long> CountRolesAsync() => (long)(await _fixture.AdminScalarAsync("SELECT count(*) FROM pg_roles"))!;
}
