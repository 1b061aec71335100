using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Strongroom.Injector.Tests.Infrastructure;
using static Strongroom.Injector.Tests.Infrastructure.AdmissionRequests;

namespace Strongroom.Injector.Tests;

/// <summary>Bad HTTP requests and malformed annotations against the real injector (fail-closed by default).</summary>
public sealed class MalformedRequestTests(InjectorFixture fixture) : IClassFixture<InjectorFixture>
{
    private RunningInjector Injector => fixture.Injector;

    [Theory]
    [InlineData("agent-inject-perms-openai", "0999", "not an octal file mode")]
    [InlineData("agent-inject-perms-openai", "rw-r--r--", "not an octal file mode")]
    [InlineData("agent-limits-cpu", "lots", "not a Kubernetes resource quantity")]
    [InlineData("agent-requests-mem", "64MB", "not a Kubernetes resource quantity")]
    [InlineData("agent-limits-mem", "-1Gi", "not a Kubernetes resource quantity")]
    [InlineData("agent-run-as-user", "nobody", "not a non-negative numeric user or group id")]
    [InlineData("agent-run-as-group", "-5", "not a non-negative numeric user or group id")]
    [InlineData("agent-pre-populate-only", "yes", "not a boolean")]
    [InlineData("tls-skip-verify", "maybe", "not a boolean")]
    [InlineData("auth-type", "approle", "is not supported (kubernetes or jwt)")]
    [InlineData("service", "vault.example:8200", "not an http(s) URL")]
    [InlineData("agent-inject-file-openai", "../../etc/passwd", "must be a relative file name inside /vault/secrets")]
    [InlineData("agent-inject-template-anthropic", "{{ .Data }}", "has no matching vault.hashicorp.com/agent-inject-secret-anthropic")]
    [InlineData("agent-inject-status", "done", "not a status this injector understands")]
    [InlineData("agent-extra-secret", "Not_A_Secret", "not a Kubernetes Secret name")]
    public async Task Mutate_MalformedAnnotation_IsDeniedWithAClearMessage(string key, string value, string expected)
    {
        var annotations = Basic();
        annotations["vault.hashicorp.com/" + key] = value;
        var (status, review, _) = await Injector.PostAsync(PodCreate(annotations));

        Assert.Equal(200, status);
        var response = review!["response"]!;
        Assert.False((bool)response["allowed"]!);
        Assert.Null(response["patch"]);
        Assert.Equal(400, (int)response["status"]!["code"]!);
        Assert.Equal("Failure", (string?)response["status"]!["status"]);
        var message = (string)response["status"]!["message"]!;
        Assert.StartsWith("strongroom injector: ", message, StringComparison.Ordinal);
        Assert.Contains("vault.hashicorp.com/" + key, message, StringComparison.Ordinal);
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mutate_MissingRole_IsDenied()
    {
        var annotations = Basic();
        annotations.Remove("vault.hashicorp.com/role");
        var (_, review, _) = await Injector.PostAsync(PodCreate(annotations));
        Assert.False((bool)review!["response"]!["allowed"]!);
        Assert.Contains("vault.hashicorp.com/role is required", (string)review["response"]!["status"]!["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mutate_BadInjectValue_IsDenied()
    {
        var (_, review, _) = await Injector.PostAsync(PodCreate(new Dictionary<string, string> { ["vault.hashicorp.com/agent-inject"] = "yes please" }));
        Assert.False((bool)review!["response"]!["allowed"]!);
        Assert.Contains("vault.hashicorp.com/agent-inject: \"yes please\" is not a boolean", (string)review["response"]!["status"]!["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mutate_SeveralProblems_AreAllReported()
    {
        var annotations = Basic();
        annotations["vault.hashicorp.com/agent-inject-perms-openai"] = "777777";
        annotations["vault.hashicorp.com/agent-limits-cpu"] = "1 core";
        var (_, review, _) = await Injector.PostAsync(PodCreate(annotations));
        var message = (string)review!["response"]!["status"]!["message"]!;
        Assert.Contains("agent-inject-perms-openai", message, StringComparison.Ordinal);
        Assert.Contains("agent-limits-cpu", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mutate_DuplicateDestination_IsDenied()
    {
        var annotations = Basic();
        annotations["vault.hashicorp.com/agent-inject-secret-other"] = "secret/data/other";
        annotations["vault.hashicorp.com/agent-inject-file-other"] = "openai";
        var (_, review, _) = await Injector.PostAsync(PodCreate(annotations));
        Assert.Contains("renders to /vault/secrets/openai", (string)review!["response"]!["status"]!["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mutate_NoServiceAccountToken_IsDenied()
    {
        var request = PodCreate(Basic(), pod =>
        {
            pod["spec"]!["automountServiceAccountToken"] = false;
            pod["spec"]!.AsObject().Remove("volumes");
            pod["spec"]!["containers"]![0]!.AsObject().Remove("volumeMounts");
        });
        var (_, review, _) = await Injector.PostAsync(request);
        Assert.False((bool)review!["response"]!["allowed"]!);
        Assert.Contains("service account token", (string)review["response"]!["status"]!["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mutate_PodAlreadyHasAVolumeNamedLikeOurs_IsDeniedUnlessUpdate()
    {
        var request = PodCreate(Basic(), pod => ((JsonArray)pod["spec"]!["volumes"]!).Add(new JsonObject { ["name"] = "vault-secrets", ["emptyDir"] = new JsonObject() }));
        var (_, review, _) = await Injector.PostAsync(request);
        Assert.False((bool)review!["response"]!["allowed"]!);
        Assert.Contains("already has an entry named vault-secrets in spec.volumes", (string)review["response"]!["status"]!["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mutate_DryRunOfMalformedPod_IsDeniedToo()
    {
        var annotations = Basic();
        annotations["vault.hashicorp.com/agent-inject-perms-openai"] = "abc";
        var request = PodCreate(annotations);
        request["request"]!["dryRun"] = true;
        var (_, review, _) = await Injector.PostAsync(request);
        Assert.False((bool)review!["response"]!["allowed"]!);
    }

    [Fact]
    public async Task Post_EmptyBody_Is400()
    {
        using var content = new ByteArrayContent([]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await Injector.Client.PostAsync(new Uri("/mutate", UriKind.Relative), content);
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("empty request body", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task Post_WrongContentType_Is415(string? contentType)
    {
        using var content = new StringContent(PodCreate(Basic()).ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = contentType is null ? null : new MediaTypeHeaderValue(contentType);
        using var response = await Injector.Client.PostAsync(new Uri("/mutate", UriKind.Relative), content);
        Assert.Equal(415, (int)response.StatusCode);
        Assert.Contains("application/json", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\", \"request\": ", "not valid JSON")]
    [InlineData("[1, 2, 3]", "expected an AdmissionReview")]
    [InlineData("{\"apiVersion\": \"admission.k8s.io/v1beta1\", \"kind\": \"AdmissionReview\", \"request\": {\"uid\": \"x\"}}", "expected an AdmissionReview of apiVersion admission.k8s.io/v1")]
    [InlineData("{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"Pod\"}", "expected an AdmissionReview")]
    [InlineData("{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\"}", "no request.uid")]
    [InlineData("{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\", \"request\": {\"uid\": 42}}", "no request.uid")]
    public async Task Post_NotAnAdmissionReview_Is400(string body, string expected)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await Injector.Client.PostAsync(new Uri("/mutate", UriKind.Relative), content);
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_ObjectIsNotAPod_IsDenied()
    {
        var request = PodCreate();
        request["request"]!["object"] = "not-a-pod";
        var (status, review, _) = await Injector.PostAsync(request);
        Assert.Equal(200, status);
        Assert.False((bool)review!["response"]!["allowed"]!);
    }

    [Fact]
    public async Task Get_Mutate_IsNotAllowed()
    {
        using var response = await Injector.Client.GetAsync(new Uri("/mutate", UriKind.Relative));
        Assert.True((int)response.StatusCode is 404 or 405);
    }

    [Fact]
    public async Task Post_OversizedBody_IsRejected()
    {
        // Raw HTTP/1.1 over TLS: announce a body over the limit and send none, so the 413 cannot race the upload.
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(Injector.Address.Host, Injector.Address.Port);
        await using var tls = new System.Net.Security.SslStream(tcp.GetStream(), false, (_, cert, _, _) =>
            cert is not null && System.Security.Cryptography.SHA256.HashData(cert.GetRawCertData()).AsSpan().SequenceEqual(Injector.Certificate.Sha256));
        await tls.AuthenticateAsClientAsync("localhost");
        var head = $"POST /mutate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {InjectorHost.MaxBodyBytes + 1}\r\n\r\n";
        await tls.WriteAsync(Encoding.ASCII.GetBytes(head));
        await tls.FlushAsync();
        var buffer = new byte[256];
        var read = await tls.ReadAsync(buffer);
        Assert.StartsWith("HTTP/1.1 413", Encoding.ASCII.GetString(buffer, 0, read), StringComparison.Ordinal);
    }
}
