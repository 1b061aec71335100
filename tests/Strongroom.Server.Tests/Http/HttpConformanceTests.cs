using System.Net;
using System.Text.Json.Nodes;
using Strongroom.Server.Tests.Infrastructure;

namespace Strongroom.Server.Tests.Http;

/// <summary>
/// The HTTP conformance suite: written once, run against every storage backend. Drives the
/// real Kestrel server over loopback and asserts Vault's wire behaviour.
/// </summary>
public abstract class HttpConformanceTests<TFixture> : IClassFixture<TFixture>
    where TFixture : ServerFixture
{
    protected HttpConformanceTests(TFixture fixture)
    {
        Fixture = fixture;
    }

    protected TFixture Fixture { get; }

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    [Fact]
    public async Task KvV2_WriteThenRead_ReturnsVaultEnvelope()
    {
        using var vault = Fixture.Client();
        var path = Unique("app");
        var write = (await vault.PostAsync($"secret/data/{path}", new { data = new { api_key = "fake-value-1" } })).Expect(HttpStatusCode.OK);
        Assert.Equal(1, (int)write.Data!["version"]!);

        var read = (await vault.GetAsync($"secret/data/{path}")).Expect(HttpStatusCode.OK);
        var json = read.Json!;
        foreach (var field in new[] { "request_id", "lease_id", "renewable", "lease_duration", "data", "wrap_info", "warnings", "auth", "mount_type" })
        {
            Assert.True(json.ContainsKey(field), $"envelope lacks {field}");
        }

        Assert.Equal("fake-value-1", (string)read.Data!["data"]!["api_key"]!);
        Assert.Equal("kv", (string)json["mount_type"]!);
    }

    [Fact]
    public async Task Responses_AreSentWithContentLength_NotChunked()
    {
        var path = Unique("len");
        using (var vault = Fixture.Client())
        {
            (await vault.PostAsync($"secret/data/{path}", new { data = new { k = "fake-v" } })).Expect(HttpStatusCode.OK);
        }

        using var http = new HttpClient { BaseAddress = Fixture.Server.Address };
        foreach (var (target, token, status) in new[]
        {
            ($"v1/secret/data/{path}", Fixture.RootToken, HttpStatusCode.OK),
            ($"v1/secret/data/{path}", "not-a-token", HttpStatusCode.Forbidden),
            ("v1/sys/health", null, HttpStatusCode.OK),
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, target);
            if (token is not null)
            {
                request.Headers.Add("X-Vault-Token", token);
            }

            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(status, response.StatusCode);
            Assert.NotEqual(true, response.Headers.TransferEncodingChunked);
            Assert.Equal(body.Length, response.Content.Headers.ContentLength);
            Assert.Equal((byte)'\n', body[^1]);
            Assert.NotNull(JsonNode.Parse(body));
        }
    }

    [Fact]
    public async Task Put_IsAcceptedWherePostIs()
    {
        using var vault = Fixture.Client();
        var path = Unique("put");
        (await vault.PutAsync($"secret/data/{path}", new { data = new { k = "v" } })).Expect(HttpStatusCode.OK);
        (await vault.GetAsync($"secret/data/{path}")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task List_WorksWithMethodQueryAndTrailingSlash()
    {
        using var vault = Fixture.Client();
        var dir = Unique("dir");
        (await vault.PostAsync($"secret/data/{dir}/a", new { data = new { k = "v" } })).Expect(HttpStatusCode.OK);
        (await vault.PostAsync($"secret/data/{dir}/sub/b", new { data = new { k = "v" } })).Expect(HttpStatusCode.OK);

        foreach (var reply in new[]
        {
            await vault.ListAsync($"secret/metadata/{dir}"),
            await vault.ListAsync($"secret/metadata/{dir}/"),
            await vault.GetAsync($"secret/metadata/{dir}?list=true"),
            await vault.GetAsync($"secret/metadata/{dir}/?list=1"),
        })
        {
            reply.Expect(HttpStatusCode.OK);
            var keys = reply.Data!["keys"]!.AsArray().Select(k => (string)k!).ToArray();
            Assert.Equal(["a", "sub/"], keys);
        }
    }

    [Fact]
    public async Task MalformedJson_Is400()
    {
        using var vault = Fixture.Client();
        var reply = await vault.PostAsync($"secret/data/{Unique("bad")}", "{\"data\": {\"k\": ");
        reply.Expect(HttpStatusCode.BadRequest);
        Assert.Contains("JSON", reply.FirstError, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task NonObjectJson_Is400()
    {
        using var vault = Fixture.Client();
        (await vault.PostAsync($"secret/data/{Unique("arr")}", "[1,2,3]")).Expect(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task WrongFieldType_Is400NamingTheField()
    {
        using var vault = Fixture.Client();
        var reply = await vault.PostAsync("auth/token/create", new { ttl = new[] { 1, 2 } });
        reply.Expect(HttpStatusCode.BadRequest);
        Assert.Contains("ttl", reply.FirstError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPath_Is404()
    {
        using var vault = Fixture.Client();
        var reply = (await vault.GetAsync("no-such-mount/thing")).Expect(HttpStatusCode.NotFound);
        Assert.Contains("no handler for route", reply.FirstError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingToken_Is403PermissionDenied()
    {
        using var vault = Fixture.Client();
        vault.Token = null;
        var reply = (await vault.GetAsync("secret/data/anything")).Expect(HttpStatusCode.Forbidden);
        Assert.Equal("permission denied", reply.FirstError);
    }

    [Fact]
    public async Task InvalidToken_Is403()
    {
        using var vault = Fixture.Client("hvs.this-token-does-not-exist");
        (await vault.GetAsync("secret/data/anything")).Expect(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task BearerAuthorizationHeader_IsAccepted()
    {
        using var vault = Fixture.Client();
        vault.Token = null;
        var reply = await vault.SendAsync(HttpMethod.Get, "auth/token/lookup-self", null, configure: r => r.Headers.Authorization = new("Bearer", Fixture.RootToken));
        reply.Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task RevokedToken_Is403()
    {
        using var root = Fixture.Client();
        var created = (await root.PostAsync("auth/token/create", new { policies = new[] { "default" } })).Expect(HttpStatusCode.OK);
        var token = (string)created.Json!["auth"]!["client_token"]!;
        using var child = Fixture.Client(token);
        (await child.GetAsync("auth/token/lookup-self")).Expect(HttpStatusCode.OK);
        (await root.PostAsync("auth/token/revoke", new { token })).Expect(HttpStatusCode.NoContent);
        (await child.GetAsync("auth/token/lookup-self")).Expect(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task UnsupportedMethod_Is405()
    {
        using var vault = Fixture.Client();
        (await vault.SendAsync(new HttpMethod("BREW"), "secret/data/x", null)).Expect(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task UnsupportedOperationOnKnownPath_Is405()
    {
        using var vault = Fixture.Client();
        (await vault.DeleteAsync("sys/seal-status")).Expect(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task BodyOver32MiB_Is413()
    {
        using var vault = Fixture.Client();
        var path = Unique("big");
        var big = "{\"data\":{\"k\":\"" + new string('a', 33 * 1024 * 1024) + "\"}}";
        // Expect: 100-continue lets the server refuse before the client uploads 33 MiB.
        var reply = await vault.SendAsync(HttpMethod.Post, $"secret/data/{path}", big, configure: r => r.Headers.ExpectContinue = true);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, reply.Status);
        Assert.Contains("32 MiB", reply.FirstError, StringComparison.Ordinal);
        (await vault.GetAsync($"secret/data/{path}")).Expect(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/v1/secret/data/../../sys/mounts")]
    [InlineData("/v1/secret/data/a/%2e%2e/b")]
    [InlineData("/v1/secret//data/x")]
    [InlineData("/v1/secret/data/x%00y")]
    [InlineData("/v1/secret/data/x%0Ay")]
    [InlineData("/v1/secret/data/x%5Cy")]
    public async Task TraversalAndControlCharacters_Are400(string rawTarget)
    {
        using var vault = Fixture.Client();
        var reply = await vault.SendRawAsync(rawTarget, HttpMethod.Get);
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
    }

    [Fact]
    public async Task EmptyNamespaceHeaderAndEmptyFormBody_AreTolerated()
    {
        using var vault = Fixture.Client();
        var reply = await vault.SendAsync(HttpMethod.Post, "auth/token/renew-self", "", "application/x-www-form-urlencoded", r => r.Headers.Add("X-Vault-Namespace", ""));
        reply.Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task UnknownBodyFields_AreIgnored()
    {
        using var vault = Fixture.Client();
        var path = Unique("extra");
        (await vault.PostAsync($"secret/data/{path}", new { data = new { k = "v" }, frobnicate = true })).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ConcurrentCasWrites_ExactlyOneWins()
    {
        using var vault = Fixture.Client();
        var path = Unique("cas");
        (await vault.PostAsync($"secret/data/{path}", new { data = new { n = "0" } })).Expect(HttpStatusCode.OK);
        for (var round = 0; round < 5; round++)
        {
            var current = (int)(await vault.GetAsync($"secret/data/{path}")).Data!["metadata"]!["version"]!;
            var attempts = Enumerable.Range(0, 8).Select(i => vault.PostAsync($"secret/data/{path}", new { options = new { cas = current }, data = new { n = i.ToString(System.Globalization.CultureInfo.InvariantCulture) } }));
            var replies = await Task.WhenAll(attempts);
            Assert.Equal(1, replies.Count(r => r.Status == HttpStatusCode.OK));
            Assert.All(replies.Where(r => r.Status != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.BadRequest, r.Status));
        }
    }

    [Fact]
    public async Task LegacyPolicyPaths_AndAclPaths_AgreeOnContent()
    {
        using var vault = Fixture.Client();
        var name = Unique("pol");
        const string rules = "path \"secret/data/team/*\" {\n  capabilities = [\"read\", \"list\"]\n}\n";
        (await vault.PutAsync($"sys/policy/{name}", new { policy = rules })).Expect(HttpStatusCode.NoContent);
        var acl = (await vault.GetAsync($"sys/policies/acl/{name}")).Expect(HttpStatusCode.OK);
        Assert.Equal(rules, (string)acl.Data!["policy"]!);
        var legacy = (await vault.GetAsync($"sys/policy/{name}")).Expect(HttpStatusCode.OK);
        Assert.Equal(rules, (string)legacy.Json!["rules"]!);
        var list = (await vault.ListAsync("sys/policies/acl")).Expect(HttpStatusCode.OK);
        Assert.Contains(name, list.Data!["keys"]!.AsArray().Select(k => (string)k!));
        (await vault.DeleteAsync($"sys/policies/acl/{name}")).Expect(HttpStatusCode.NoContent);
        (await vault.GetAsync($"sys/policies/acl/{name}")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task InvalidPolicy_Is400()
    {
        using var vault = Fixture.Client();
        var reply = await vault.PutAsync($"sys/policies/acl/{Unique("bad")}", new { policy = "path \"secret/*\" { capabilities = [\"read\" " });
        reply.Expect(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task RootAndDefaultPolicies_CannotBeDeleted()
    {
        using var vault = Fixture.Client();
        (await vault.DeleteAsync("sys/policies/acl/root")).Expect(HttpStatusCode.BadRequest);
        (await vault.DeleteAsync("sys/policies/acl/default")).Expect(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task PolicyDeniesEverythingNotGranted_AndCapabilitiesReportIt()
    {
        using var root = Fixture.Client();
        var name = Unique("reader");
        var dir = Unique("ai");
        (await root.PutAsync($"sys/policies/acl/{name}", new { policy = $"path \"secret/data/{dir}/*\" {{ capabilities = [\"read\"] }}" })).Expect(HttpStatusCode.NoContent);
        (await root.PostAsync($"secret/data/{dir}/openai", new { data = new { api_key = "fake" } })).Expect(HttpStatusCode.OK);
        var created = (await root.PostAsync("auth/token/create", new { policies = new[] { name } })).Expect(HttpStatusCode.OK);
        var token = (string)created.Json!["auth"]!["client_token"]!;

        using var child = Fixture.Client(token);
        (await child.GetAsync($"secret/data/{dir}/openai")).Expect(HttpStatusCode.OK);
        (await child.PostAsync($"secret/data/{dir}/openai", new { data = new { api_key = "x" } })).Expect(HttpStatusCode.Forbidden);
        (await child.GetAsync("sys/mounts")).Expect(HttpStatusCode.Forbidden);
        (await child.PostAsync("sys/policies/acl/evil", new { policy = "path \"*\" { capabilities = [\"sudo\"] }" })).Expect(HttpStatusCode.Forbidden);

        var caps = (await child.PostAsync("sys/capabilities-self", new { paths = new[] { $"secret/data/{dir}/openai", "sys/mounts" } })).Expect(HttpStatusCode.OK);
        Assert.Equal(["read"], caps.Data![$"secret/data/{dir}/openai"]!.AsArray().Select(c => (string)c!));
        Assert.Equal(["deny"], caps.Data!["sys/mounts"]!.AsArray().Select(c => (string)c!));
    }

    [Fact]
    public async Task SudoPaths_RequireSudo()
    {
        using var root = Fixture.Client();
        var name = Unique("nosudo");
        (await root.PutAsync($"sys/policies/acl/{name}", new { policy = "path \"sys/rotate\" { capabilities = [\"update\"] }" })).Expect(HttpStatusCode.NoContent);
        var created = (await root.PostAsync("auth/token/create", new { policies = new[] { name } })).Expect(HttpStatusCode.OK);
        using var child = Fixture.Client((string)created.Json!["auth"]!["client_token"]!);
        (await child.PostAsync("sys/rotate")).Expect(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Health_HonoursQueryStatusCodes()
    {
        using var vault = Fixture.Client();
        vault.Token = null;
        var ok = (await vault.GetAsync("sys/health")).Expect(HttpStatusCode.OK);
        Assert.False((bool)ok.Json!["sealed"]!);
        var custom = await vault.GetAsync("sys/health?activecode=299");
        Assert.Equal(299, (int)custom.Status);
        var sealStatus = (await vault.GetAsync("sys/seal-status")).Expect(HttpStatusCode.OK);
        Assert.Equal("shamir", (string)sealStatus.Json!["type"]!);
    }

    [Fact]
    public async Task Mounts_EnableTuneListDisable()
    {
        using var vault = Fixture.Client();
        var path = Unique("kvm");
        (await vault.PostAsync($"sys/mounts/{path}", new { type = "kv", options = new { version = "2" }, description = "team secrets" })).Expect(HttpStatusCode.NoContent);
        var list = (await vault.GetAsync("sys/mounts")).Expect(HttpStatusCode.OK);
        Assert.Equal("kv", (string)list.Data![$"{path}/"]!["type"]!);
        Assert.Equal("2", (string)list.Data![$"{path}/"]!["options"]!["version"]!);
        Assert.NotNull(list.Json![$"{path}/"]);

        (await vault.PostAsync($"sys/mounts/{path}/tune", new { default_lease_ttl = "1h", max_lease_ttl = "2h" })).Expect(HttpStatusCode.NoContent);
        var tune = (await vault.GetAsync($"sys/mounts/{path}/tune")).Expect(HttpStatusCode.OK);
        Assert.Equal(3600, (long)tune.Data!["default_lease_ttl"]!);
        Assert.Equal(7200, (long)tune.Data!["max_lease_ttl"]!);

        (await vault.PostAsync($"sys/mounts/{path}", new { type = "kv" })).Expect(HttpStatusCode.BadRequest);
        (await vault.PostAsync($"sys/mounts/{Unique("x")}", new { type = "no-such-engine" })).Expect(HttpStatusCode.BadRequest);

        (await vault.PostAsync($"{path}/data/k", new { data = new { a = "b" } })).Expect(HttpStatusCode.OK);
        (await vault.DeleteAsync($"sys/mounts/{path}")).Expect(HttpStatusCode.NoContent);
        (await vault.GetAsync($"{path}/data/k")).Expect(HttpStatusCode.NotFound);

        var ui = (await vault.GetAsync("sys/internal/ui/mounts/secret")).Expect(HttpStatusCode.OK);
        Assert.Equal("2", (string)ui.Data!["options"]!["version"]!);
    }

    [Fact]
    public async Task Cubbyhole_IsPrivatePerToken_AndGoneWithTheToken()
    {
        using var root = Fixture.Client();
        var a = (string)(await root.PostAsync("auth/token/create", new { policies = new[] { "default" } })).Expect(HttpStatusCode.OK).Json!["auth"]!["client_token"]!;
        var b = (string)(await root.PostAsync("auth/token/create", new { policies = new[] { "default" } })).Expect(HttpStatusCode.OK).Json!["auth"]!["client_token"]!;
        using var ca = Fixture.Client(a);
        using var cb = Fixture.Client(b);
        (await ca.PostAsync("cubbyhole/note", new { value = "only-a" })).Expect(HttpStatusCode.NoContent);
        Assert.Equal("only-a", (string)(await ca.GetAsync("cubbyhole/note")).Expect(HttpStatusCode.OK).Data!["value"]!);
        (await cb.GetAsync("cubbyhole/note")).Expect(HttpStatusCode.NotFound);
        (await root.PostAsync("auth/token/revoke", new { token = a })).Expect(HttpStatusCode.NoContent);
        (await ca.GetAsync("cubbyhole/note")).Expect(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task TokenLookup_ShowsPoliciesTtlAndAccessor()
    {
        using var root = Fixture.Client();
        var created = (await root.PostAsync("auth/token/create", new { policies = new[] { "default" }, ttl = "1h", display_name = "ci", meta = new { team = "ml" }, num_uses = 5 })).Expect(HttpStatusCode.OK);
        var auth = created.Json!["auth"]!;
        Assert.Equal(3600, (long)auth["lease_duration"]!);
        var token = (string)auth["client_token"]!;
        Assert.StartsWith("hvs.", token, StringComparison.Ordinal);
        var look = (await root.PostAsync("auth/token/lookup", new { token })).Expect(HttpStatusCode.OK);
        Assert.Equal("token-ci", (string)look.Data!["display_name"]!);
        Assert.Equal("ml", (string)look.Data!["meta"]!["team"]!);
        Assert.Equal(5, (int)look.Data!["num_uses"]!);
        Assert.Equal((string)auth["accessor"]!, (string)look.Data!["accessor"]!);
        var byAccessor = (await root.PostAsync("auth/token/lookup-accessor", new { accessor = (string)auth["accessor"]! })).Expect(HttpStatusCode.OK);
        Assert.Equal("", (string)byAccessor.Data!["id"]!);
    }

    [Fact]
    public async Task ChildPoliciesMustBeSubsetOfParent()
    {
        using var root = Fixture.Client();
        var name = Unique("creator");
        (await root.PutAsync($"sys/policies/acl/{name}", new { policy = "path \"auth/token/create\" { capabilities = [\"update\"] }" })).Expect(HttpStatusCode.NoContent);
        var parent = (string)(await root.PostAsync("auth/token/create", new { policies = new[] { name } })).Expect(HttpStatusCode.OK).Json!["auth"]!["client_token"]!;
        using var p = Fixture.Client(parent);
        (await p.PostAsync("auth/token/create", new { policies = new[] { "root" } })).Expect(HttpStatusCode.BadRequest);
        var other = (await p.PostAsync("auth/token/create", new { policies = new[] { "some-other-policy" } })).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("subset", other.FirstError, StringComparison.Ordinal);
        var ok = (await p.PostAsync("auth/token/create", new { policies = new[] { name } })).Expect(HttpStatusCode.OK);
        Assert.Contains(name, ok.Json!["auth"]!["policies"]!.AsArray().Select(x => (string)x!));
    }

    [Fact]
    public async Task RevokeOrphan_KeepsChildrenAlive()
    {
        using var root = Fixture.Client();
        var parentPolicy = Unique("creator");
        (await root.PutAsync($"sys/policies/acl/{parentPolicy}", new { policy = "path \"auth/token/create\" { capabilities = [\"update\"] }" })).Expect(HttpStatusCode.NoContent);
        var parent = (string)(await root.PostAsync("auth/token/create", new { policies = new[] { parentPolicy } })).Expect(HttpStatusCode.OK).Json!["auth"]!["client_token"]!;
        using var p = Fixture.Client(parent);
        var child = (string)(await p.PostAsync("auth/token/create", new { })).Expect(HttpStatusCode.OK).Json!["auth"]!["client_token"]!;
        (await root.PostAsync("auth/token/revoke-orphan", new { token = parent })).Expect(HttpStatusCode.NoContent);
        using var c = Fixture.Client(child);
        var look = (await c.GetAsync("auth/token/lookup-self")).Expect(HttpStatusCode.OK);
        Assert.True((bool)look.Data!["orphan"]!);
    }
}

public sealed class InMemoryHttpConformanceTests(InMemoryServerFixture fixture) : HttpConformanceTests<InMemoryServerFixture>(fixture);

public sealed class SqliteHttpConformanceTests(SqliteServerFixture fixture) : HttpConformanceTests<SqliteServerFixture>(fixture);

public sealed class PostgresHttpConformanceTests(PostgresServerFixture fixture) : HttpConformanceTests<PostgresServerFixture>(fixture);
