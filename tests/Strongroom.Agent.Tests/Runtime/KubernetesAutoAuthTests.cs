using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Strongroom.Agent.Config;

namespace Strongroom.Agent.Tests.Runtime;

/// <summary>
/// The kubernetes method needs a kube-apiserver for TokenReview, which cannot run here: the server side
/// is a stub speaking Vault's wire format, and the test checks what the agent sends.
/// </summary>
public sealed class KubernetesAutoAuthTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "strongroom-agent-k8s-" + Guid.NewGuid().ToString("N")[..8]);

    public KubernetesAutoAuthTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Kubernetes_LogsInWithRoleAndServiceAccountToken()
    {
        File.WriteAllText(Path.Combine(_dir, "sa-token"), "fake.service-account.jwt\n");
        var stub = new StubVault();
        var config = AgentConfigLoader.Load([(Path.Combine(_dir, "agent.hcl"), $$$"""
            vault { address = "http://vault.example:8200" }
            auto_auth {
              method "kubernetes" {
                mount_path = "auth/k8s-prod"
                config = {
                  role = "web"
                  token_path = "{{{Path.Combine(_dir, "sa-token")}}}"
                }
              }
              sink "file" { config = { path = "{{{Path.Combine(_dir, "token")}}}" } }
            }
            exit_after_auth = true
            template {
              destination = "{{{Path.Combine(_dir, "out")}}}"
              contents = "{{ with secret \"secret/data/web\" }}{{ .Data.data.v }}{{ end }}"
            }
            """)]);
        var runner = new AgentRunner(config, new AgentRunnerOptions { Clock = new FakeTimeProvider(), HttpHandler = stub });

        Assert.Equal(0, await runner.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));

        var login = Assert.Single(stub.Requests, r => r.Path == "/v1/auth/k8s-prod/login");
        Assert.Equal("PUT", login.Method);
        Assert.Null(login.Token);
        var body = JsonNode.Parse(login.Body!)!;
        Assert.Equal("web", (string)body["role"]!);
        Assert.Equal("fake.service-account.jwt", (string)body["jwt"]!);
        var read = Assert.Single(stub.Requests, r => r.Path == "/v1/secret/data/web");
        Assert.Equal("fake-k8s-token", read.Token);
        Assert.Equal("fake-k8s-token", File.ReadAllText(Path.Combine(_dir, "token")));
        Assert.Equal("fake-from-stub", File.ReadAllText(Path.Combine(_dir, "out")));
    }

    private sealed class StubVault : HttpMessageHandler
    {
        public List<(string Method, string Path, string? Token, string? Body)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            var token = request.Headers.TryGetValues("X-Vault-Token", out var values) ? values.Single() : null;
            lock (Requests)
            {
                Requests.Add((request.Method.Method, request.RequestUri!.AbsolutePath, token, body));
            }

            var json = request.RequestUri!.AbsolutePath switch
            {
                "/v1/auth/k8s-prod/login" => """{"request_id":"1","lease_id":"","renewable":false,"lease_duration":0,"data":null,"auth":{"client_token":"fake-k8s-token","accessor":"a","policies":["web"],"lease_duration":3600,"renewable":true}}""",
                "/v1/secret/data/web" => """{"request_id":"2","lease_id":"","renewable":false,"lease_duration":0,"data":{"data":{"v":"fake-from-stub"},"metadata":{"version":1}}}""",
                _ => null,
            };
            return json is null
                ? new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("""{"errors":[]}""", Encoding.UTF8, "application/json") }
                : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        }
    }
}
