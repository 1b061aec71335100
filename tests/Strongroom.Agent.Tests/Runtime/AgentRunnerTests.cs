using System.Net;
using System.Text.Json.Nodes;
using Strongroom.Server.Tests.Infrastructure;

namespace Strongroom.Agent.Tests.Runtime;

/// <summary>The real agent (in-process, fake clock) against the real server (in-process Kestrel on loopback).</summary>
public sealed class AgentRunnerTests : IClassFixture<InMemoryServerFixture>
{
    private readonly InMemoryServerFixture _fixture;

    public AgentRunnerTests(InMemoryServerFixture fixture)
    {
        _fixture = fixture;
    }

    private string Address => _fixture.Server.Address.ToString().TrimEnd('/');

    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    private string AppRoleAutoAuth(AgentHarness h, string mount, string extraMethodConfig = "", string sinks = "") => $$"""
        vault {
          address = "{{Address}}"
          retry {
            num_retries = 3
            backoff = "1s"
            max_backoff = "4s"
          }
        }
        auto_auth {
          method "approle" {
            mount_path = "auth/{{mount}}"
            config = {
              role_id_file_path = "{{h.PathOf("role-id")}}"
              secret_id_file_path = "{{h.PathOf("secret-id")}}"
              {{extraMethodConfig}}
            }
          }
          {{sinks}}
        }
        template_config {
          static_secret_render_interval = "30s"
        }
        """;

    [Fact]
    public async Task AppRole_RendersTemplate_WritesSink_AndReRendersKvUpdate()
    {
        using var root = _fixture.Client();
        var app = Unique("web");
        var (mount, roleId, secretId) = await AgentHarness.SetUpAppRoleAsync(root, app);
        await AgentHarness.PutKvAsync(root, $"{app}/openai", new { api_key = "sk-fake-one", org = "example" });
        await using var h = new AgentHarness();
        h.WriteFile("role-id", roleId);
        h.WriteFile("secret-id", secretId);
        h.Start(AppRoleAutoAuth(h, mount, sinks: $$"""sink "file" { config = { path = "{{h.PathOf("token")}}", mode = 0600 } }""") + $$$"""
            template {
              destination = "{{{h.PathOf("out/openai.env")}}}"
              contents = <<EOT
            {{ with secret "secret/data/{{{app}}}/openai" }}OPENAI_API_KEY={{ .Data.data.api_key }}
            ORG={{ .Data.data.org | toUpper }}{{ end }}
            EOT
              command = "echo ran >> {{{h.PathOf("command.log")}}}"
            }
            """);

        await h.WaitUntilAsync(() => h.ReadFile("out/openai.env") is not null, "the first render");
        Assert.Equal("OPENAI_API_KEY=sk-fake-one\nORG=EXAMPLE\n", h.ReadFile("out/openai.env"));
        Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(h.PathOf("out/openai.env")));
        await h.WaitUntilAsync(() => h.ReadFile("command.log") == "ran\n", "the command after the first render");
        Assert.False(File.Exists(h.PathOf("secret-id")), "the secret-id file is removed after reading (Vault's default)");

        // The sink holds a working token with the role's policy, written with the sink's mode.
        var token = h.ReadFile("token")!;
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(h.PathOf("token")));
        using (var agentClient = _fixture.Client(token))
        {
            var self = (await agentClient.GetAsync("auth/token/lookup-self")).Expect(HttpStatusCode.OK);
            Assert.Contains(app, self.Data!["policies"]!.AsArray().Select(p => (string)p!));
        }

        // Rotating the key reaches the file at the next static re-read, and the command runs again.
        await AgentHarness.PutKvAsync(root, $"{app}/openai", new { api_key = "sk-fake-two", org = "example" });
        h.Clock.Advance(TimeSpan.FromSeconds(31));
        await h.WaitUntilAsync(() => h.ReadFile("out/openai.env")?.Contains("sk-fake-two", StringComparison.Ordinal) == true, "the re-render");
        await h.WaitUntilAsync(() => h.ReadFile("command.log") == "ran\nran\n", "the command after the re-render");

        // No change: no rewrite, no command.
        var written = File.GetLastWriteTimeUtc(h.PathOf("out/openai.env"));
        await h.AdvanceAsync(TimeSpan.FromSeconds(31));
        Assert.Equal(written, File.GetLastWriteTimeUtc(h.PathOf("out/openai.env")));
        Assert.Equal("ran\nran\n", h.ReadFile("command.log"));
    }

    [Fact]
    public async Task AppRole_WrappedSecretId_IsUnwrapped_AndSinkCanBeWrapped()
    {
        using var root = _fixture.Client();
        var app = Unique("wrap");
        var (mount, roleId, _) = await AgentHarness.SetUpAppRoleAsync(root, app);
        var wrapped = await root.SendAsync(HttpMethod.Post, $"auth/{mount}/role/{app}/secret-id", new { }, configure: r => r.Headers.Add("X-Vault-Wrap-TTL", "2m"));
        var wrapToken = (string)wrapped.Expect(HttpStatusCode.OK).Json!["wrap_info"]!["token"]!;
        await AgentHarness.PutKvAsync(root, $"{app}/db", new { password = "fake-password" });
        await using var h = new AgentHarness();
        h.WriteFile("role-id", roleId);
        h.WriteFile("secret-id", wrapToken);
        h.Start(AppRoleAutoAuth(h, mount, $"secret_id_response_wrapping_path = \"auth/{mount}/role/{app}/secret-id\"",
            $$"""sink "file" { wrap_ttl = "5m" config = { path = "{{h.PathOf("wrapped-token")}}" } }""") + $$$"""
            template {
              destination = "{{{h.PathOf("db.txt")}}}"
              contents = <<-EOT
                {{ with secret "secret/data/{{{app}}}/db" }}{{ .Data.data.password }}{{ end }}
              EOT
            }
            """);

        await h.WaitUntilAsync(() => h.ReadFile("db.txt") is not null, "the render after logging in with the unwrapped secret-id");
        Assert.Equal("fake-password\n", h.ReadFile("db.txt"));

        // The sink file holds wrap_info; unwrapping it gives the agent's token.
        var info = JsonNode.Parse(h.ReadFile("wrapped-token")!)!;
        Assert.Equal("sys/wrapping/wrap", (string)info["creation_path"]!);
        using var anon = _fixture.Client(null);
        anon.Token = null;
        var unwrapped = (await anon.PostAsync("sys/wrapping/unwrap", new { token = (string)info["token"]! })).Expect(HttpStatusCode.OK);
        using var agentClient = _fixture.Client((string)unwrapped.Data!["token"]!);
        (await agentClient.GetAsync($"secret/data/{app}/db")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AppRole_WrappedSecretIdFromAnotherPath_IsRefused()
    {
        using var root = _fixture.Client();
        var app = Unique("evil");
        var (mount, roleId, _) = await AgentHarness.SetUpAppRoleAsync(root, app);
        var wrapped = await root.SendAsync(HttpMethod.Post, "sys/wrapping/wrap", new { secret_id = "fake-secret-id" }, configure: r => r.Headers.Add("X-Vault-Wrap-TTL", "2m"));
        var wrapToken = (string)wrapped.Expect(HttpStatusCode.OK).Json!["wrap_info"]!["token"]!;
        await using var h = new AgentHarness();
        h.WriteFile("role-id", roleId);
        h.WriteFile("secret-id", wrapToken);
        h.Start(AppRoleAutoAuth(h, mount, $"secret_id_response_wrapping_path = \"auth/{mount}/role/{app}/secret-id\"")
            + "template_config {\n exit_on_retry_failure = true\n}\n"
            + $"template {{\n destination = \"{h.PathOf("x.txt")}\"\n contents = \"x\"\n}}\n");
        // Never logs in; retries (1s, 2s, 4s on the fake clock) then gives up with exit 1.
        await h.WaitUntilAsync(() => h.Runner!.ConsecutiveFailures >= 1, "the first refused attempt");
        for (var i = 0; i < 6 && !h.Run!.IsCompleted; i++)
        {
            await h.AdvanceAsync(TimeSpan.FromSeconds(5));
        }

        Assert.Equal(1, await h.Run!.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Null(h.ReadFile("x.txt"));
        // The wrapping token was only looked up, not unwrapped.
        (await root.PostAsync("sys/wrapping/lookup", new { token = wrapToken })).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task DynamicLease_IsRenewed_ThenRefetchedNearMaxTtl()
    {
        using var root = _fixture.Client();
        var app = Unique("dyn");
        var dyn = Unique("dyn");
        (await root.PostAsync($"sys/mounts/{dyn}", new { type = "test-dynamic" })).Expect(HttpStatusCode.NoContent);
        var (mount, roleId, secretId) = await AgentHarness.SetUpAppRoleAsync(root, app, $"path \"{dyn}/creds/*\" {{ capabilities = [\"read\"] }}");
        await using var h = new AgentHarness();
        h.WriteFile("role-id", roleId);
        h.WriteFile("secret-id", secretId);
        h.Start(AppRoleAutoAuth(h, mount) + $$$"""
            template {
              destination = "{{{h.PathOf("db.env")}}}"
              contents = <<-EOT
                {{ with secret "{{{dyn}}}/creds/app" }}{{ .Data.username }} {{ .LeaseDuration }} {{ .Renewable }} {{ .LeaseID }}{{ end }}
              EOT
            }
            """);
        await h.WaitUntilAsync(() => h.ReadFile("db.env") is not null, "the first render");
        var first = h.ReadFile("db.env")!;
        var parts = first.TrimEnd().Split(' ');
        Assert.Equal(("600", "true"), (parts[1], parts[2]));
        var user = parts[0];
        var leaseId = parts[3];
        Assert.False(await LeaseRenewedOnServer(root, leaseId));

        // Two thirds into the lease the agent renews it: same credential, the file is untouched.
        h.Clock.Advance(TimeSpan.FromMinutes(7));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await LeaseRenewedOnServer(root, leaseId))
        {
            Assert.True(DateTime.UtcNow < deadline, "the agent did not renew the lease");
            await Task.Delay(20);
        }

        Assert.Equal(first, h.ReadFile("db.env"));

        // 26 minutes later on the server, the 30-minute max TTL caps the next renewal; the agent fetches a new credential.
        _fixture.Clock.Advance(TimeSpan.FromMinutes(26));
        h.Clock.Advance(TimeSpan.FromMinutes(7));
        for (var i = 0; i < 5 && h.ReadFile("db.env") == first; i++)
        {
            await h.AdvanceAsync(TimeSpan.FromMinutes(3));
        }

        await h.WaitUntilAsync(() => h.ReadFile("db.env") != first, "the re-fetch");
        Assert.NotEqual(user, h.ReadFile("db.env")!.TrimEnd().Split(' ')[0]);
    }

    /// <summary>True once the server has recorded a renewal of the lease.</summary>
    private static async Task<bool> LeaseRenewedOnServer(VaultHttp root, string leaseId)
    {
        var lookup = (await root.PutAsync("sys/leases/lookup", new { lease_id = leaseId })).Expect(HttpStatusCode.OK);
        return lookup.Data!["last_renewal"] is not null;
    }

    [Fact]
    public async Task TemplateError_KeepsThePreviousFile()
    {
        using var root = _fixture.Client();
        var app = Unique("tpl");
        var (mount, roleId, secretId) = await AgentHarness.SetUpAppRoleAsync(root, app);
        await AgentHarness.PutKvAsync(root, $"{app}/k", new { v = "fake-1" });
        await using var h = new AgentHarness();
        h.WriteFile("role-id", roleId);
        h.WriteFile("secret-id", secretId);
        h.WriteFile("app.tpl", $"{{{{ with secret \"secret/data/{app}/k\" }}}}{{{{ .Data.data.v }}}}{{{{ end }}}}");
        h.Start(AppRoleAutoAuth(h, mount) + $$$"""
            template {
              source = "{{{h.PathOf("app.tpl")}}}"
              destination = "{{{h.PathOf("app.txt")}}}"
              perms = "0640"
            }
            """);
        await h.WaitUntilAsync(() => h.ReadFile("app.txt") == "fake-1", "the first render");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(h.PathOf("app.txt")));

        // The template now calls an unknown function: the data change triggers a render that fails; the old file stays.
        h.WriteFile("app.tpl", $"{{{{ with secret \"secret/data/{app}/k\" }}}}{{{{ .Data.data.v | nosuch }}}}{{{{ end }}}}");
        await AgentHarness.PutKvAsync(root, $"{app}/k", new { v = "fake-2" });
        await h.AdvanceAsync(TimeSpan.FromSeconds(31));
        Assert.Equal("fake-1", h.ReadFile("app.txt"));

        // Fixed template: next change renders.
        h.WriteFile("app.tpl", $"{{{{ with secret \"secret/data/{app}/k\" }}}}v={{{{ .Data.data.v }}}}{{{{ end }}}}");
        await AgentHarness.PutKvAsync(root, $"{app}/k", new { v = "fake-3" });
        h.Clock.Advance(TimeSpan.FromSeconds(31));
        await h.WaitUntilAsync(() => h.ReadFile("app.txt") == "v=fake-3", "the render with the fixed template");
    }

    [Fact]
    public async Task RevokedToken_IsReplacedByANewLogin()
    {
        using var root = _fixture.Client();
        var app = Unique("rev");
        var (mount, roleId, secretId) = await AgentHarness.SetUpAppRoleAsync(root, app);
        await AgentHarness.PutKvAsync(root, $"{app}/k", new { v = "fake-1" });
        await using var h = new AgentHarness();
        h.WriteFile("role-id", roleId);
        h.WriteFile("secret-id", secretId);
        h.Start(AppRoleAutoAuth(h, mount, sinks: $$"""sink "file" { config = { path = "{{h.PathOf("token")}}" } }""") + $$$"""
            template {
              destination = "{{{h.PathOf("k.txt")}}}"
              contents = <<-EOT
                {{ with secret "secret/data/{{{app}}}/k" }}{{ .Data.data.v }}{{ end }}
              EOT
            }
            """);
        await h.WaitUntilAsync(() => h.ReadFile("k.txt") == "fake-1\n", "the first render");
        var firstToken = h.ReadFile("token")!;
        (await root.PostAsync("auth/token/revoke", new { token = firstToken })).Expect(HttpStatusCode.NoContent);

        // The next static re-read gets 403, the agent logs in again (cached secret-id), writes the sink, renders the update.
        await AgentHarness.PutKvAsync(root, $"{app}/k", new { v = "fake-2" });
        for (var i = 0; i < 5 && h.ReadFile("k.txt") != "fake-2\n"; i++)
        {
            await h.AdvanceAsync(TimeSpan.FromSeconds(31));
        }

        await h.WaitUntilAsync(() => h.ReadFile("k.txt") == "fake-2\n", "the render with the new token");
        Assert.NotEqual(firstToken, h.ReadFile("token"));
    }

    [Fact]
    public async Task Jwt_AutoAuth_LogsInWithTheJwtFile()
    {
        using var root = _fixture.Client();
        var app = Unique("jwt");
        var mount = Unique("jwt");
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        (await root.PostAsync($"sys/auth/{mount}", new { type = "jwt" })).Expect(HttpStatusCode.NoContent);
        (await root.PostAsync($"auth/{mount}/config", new { jwt_validation_pubkeys = new[] { rsa.ExportSubjectPublicKeyInfoPem() } })).Expect(HttpStatusCode.NoContent);
        (await root.PutAsync($"sys/policies/acl/{app}", new { policy = $"path \"secret/data/{app}/*\" {{ capabilities = [\"read\"] }}" })).Expect(HttpStatusCode.NoContent);
        (await root.PostAsync($"auth/{mount}/role/{app}", new { role_type = "jwt", user_claim = "sub", bound_audiences = new[] { "strongroom-agent-test" }, token_policies = app })).Expect(HttpStatusCode.NoContent);
        await AgentHarness.PutKvAsync(root, $"{app}/k", new { v = "fake-jwt" });

        var now = _fixture.Clock.GetUtcNow().ToUnixTimeSeconds();
        static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var header = B64(System.Text.Encoding.UTF8.GetBytes("{\"alg\":\"RS256\",\"typ\":\"JWT\"}"));
        var payload = B64(System.Text.Encoding.UTF8.GetBytes(new JsonObject { ["sub"] = "workload-1", ["aud"] = "strongroom-agent-test", ["iat"] = now, ["nbf"] = now - 5, ["exp"] = now + 3600 }.ToJsonString()));
        var signature = B64(rsa.SignData(System.Text.Encoding.ASCII.GetBytes(header + "." + payload), System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1));

        await using var h = new AgentHarness();
        h.WriteFile("jwt", header + "." + payload + "." + signature);
        h.Start($$$"""
            vault { address = "{{{Address}}}" }
            auto_auth {
              method "jwt" {
                mount_path = "auth/{{{mount}}}"
                config = {
                  role = "{{{app}}}"
                  path = "{{{h.PathOf("jwt")}}}"
                }
              }
            }
            template {
              destination = "{{{h.PathOf("k.txt")}}}"
              contents = <<-EOT
                {{ with secret "secret/data/{{{app}}}/k" }}{{ .Data.data.v }}{{ end -}}
              EOT
            }
            """);
        await h.WaitUntilAsync(() => h.ReadFile("k.txt") == "fake-jwt", "the render after the JWT login");
    }
}
