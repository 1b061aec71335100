// Admission latency/throughput of `strongroom injector`, with a same-run baseline.
//   dotnet run -c Release --project bench/injector -- [requests] [concurrency]
//   dotnet run -c Release --project bench/injector -- breakdown     (CPU per stage of one injection, 1 thread)
// Three targets on 127.0.0.1, all Kestrel over TLS with the same generated certificate, driven by the same
// HttpClient loop (HTTP/1.1, keep-alive):
//   baseline   a bare endpoint that reads the body and returns a fixed "allowed" AdmissionReview (TLS + HTTP + I/O floor)
//   skip       the injector, pod without annotations (parse, decide, admit unchanged)
//   inject     the injector, annotated pod with 3 secrets (parse, validate, render HCL x2, build + base64 the patch)
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Strongroom.Injector;

if (args.Length > 0 && args[0] == "breakdown")
{
    var body = Review(annotated: true);
    var review = (JsonObject)JsonNode.Parse(body)!;
    var pod = (JsonObject)review["request"]!["object"]!;
    var ann = ((JsonObject)pod["metadata"]!["annotations"]!).ToDictionary(kv => kv.Key, kv => (string)kv.Value!);
    var opts = new InjectorOptions { VaultAddress = "https://x:8200" };
    var spec = AgentAnnotations.Read(ann, opts).Spec!;
    static void Time(string what, Action action)
    {
        for (var i = 0; i < 300; i++)
        {
            action();
        }

        var watch = Stopwatch.StartNew();
        var calls = 0;
        while (watch.ElapsedMilliseconds < 1000)
        {
            action();
            calls++;
        }

        Console.WriteLine($"{what}: {watch.Elapsed.TotalMicroseconds / calls:F1} us/call");
    }

    Time("parse", () => JsonNode.Parse(body));
    Time("read", () => AgentAnnotations.Read(ann, opts));
    Time("render", () => AgentConfigRenderer.Render(spec, false));
    Time("patch", () => PodMutator.BuildPatch(pod, spec));
    var patch = PodMutator.BuildPatch(pod, spec).Patch!;
    Time("serialize", () => patch.ToJsonString());
    return;
}
var requests = args.Length > 0 ? int.Parse(args[0]) : 4000;
var concurrency = args.Length > 1 ? int.Parse(args[1]) : 8;
var directory = Directory.CreateTempSubdirectory("strongroom-injector-bench-").FullName;
try
{
    var (certFile, keyFile, hash) = WriteCertificate(directory);
    await using var injector = await InjectorHost.StartAsync(
        new InjectorOptions { Listen = "127.0.0.1:0", TlsCertFile = certFile, TlsKeyFile = keyFile, VaultAddress = "https://strongroom.strongroom.svc:8200" },
        logging => logging.SetMinimumLevel(LogLevel.None));
    var (baseline, baselineUri) = await StartBaselineAsync(certFile, keyFile);
    await using var _ = baseline;

    var plain = Review(annotated: false);
    var annotated = Review(annotated: true);
    Console.WriteLine($"requests={requests} concurrency={concurrency} body={Encoding.UTF8.GetByteCount(annotated)} bytes processors={Environment.ProcessorCount}");
    Console.WriteLine("| target | req/s | p50 ms | p99 ms | req/s vs baseline |");
    Console.WriteLine("|---|---|---|---|---|");
    var results = new List<(string Name, double Rate, double P50, double P99)>();
    foreach (var (name, uri, body) in new[] { ("baseline", baselineUri, annotated), ("skip", new Uri(injector.Address, "/mutate"), plain), ("inject", new Uri(injector.Address, "/mutate"), annotated) })
    {
        await DriveAsync(uri, body, hash, Math.Min(500, requests), concurrency); // warm-up (JIT, connections)
        var (rate, p50, p99) = await DriveAsync(uri, body, hash, requests, concurrency);
        results.Add((name, rate, p50, p99));
        Console.WriteLine($"| {name} | {rate:F0} | {p50:F2} | {p99:F2} | {rate / results[0].Rate:F2} |");
    }

    // CPU cost of the decision alone (no TLS, no HTTP): AdmissionReviewHandler.Handle on one thread.
    var handler = new AdmissionReviewHandler(new InjectorOptions { VaultAddress = "https://strongroom.strongroom.svc:8200" }, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
    foreach (var (name, body) in new[] { ("skip", plain), ("inject", annotated) })
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        for (var i = 0; i < 500; i++)
        {
            handler.Handle(bytes);
        }

        var watch = Stopwatch.StartNew();
        var calls = 0;
        while (watch.ElapsedMilliseconds < 2000)
        {
            handler.Handle(bytes);
            calls++;
        }

        Console.WriteLine($"handler only, {name}: {watch.Elapsed.TotalMicroseconds / calls:F1} us/call ({calls} calls, 1 thread)");
    }
}
finally
{
    Directory.Delete(directory, recursive: true);
}

static async Task<(double Rate, double P50, double P99)> DriveAsync(Uri uri, string body, byte[] pin, int requests, int concurrency)
{
    using var handler = new SocketsHttpHandler
    {
        MaxConnectionsPerServer = concurrency,
        SslOptions = { RemoteCertificateValidationCallback = (_, c, _, _) => c is not null && SHA256.HashData(c.GetRawCertData()).AsSpan().SequenceEqual(pin) },
    };
    using var client = new HttpClient(handler);
    var latencies = new double[requests];
    var next = -1;
    var total = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < requests)
        {
            var started = Stopwatch.GetTimestamp();
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await client.PostAsync(uri, content);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK || !text.Contains("\"allowed\":true", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"unexpected answer {(int)response.StatusCode}");
            }

            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
    }));
    var seconds = total.Elapsed.TotalSeconds;
    Array.Sort(latencies);
    return (requests / seconds, latencies[requests / 2], latencies[(int)(requests * 0.99)]);
}

static async Task<(WebApplication App, Uri Address)> StartBaselineAsync(string certFile, string keyFile)
{
    var builder = WebApplication.CreateSlimBuilder();
    builder.Logging.ClearProviders();
    using var pem = X509Certificate2.CreateFromPemFile(certFile, keyFile);
    var certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
    var app = builder.Build();
    var answer = Encoding.UTF8.GetBytes("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"response\":{\"uid\":\"705ab4f5-6393-11e8-b7cc-42010a800002\",\"allowed\":true}}");
    app.MapPost("/mutate", async (HttpContext http) =>
    {
        using var sink = new MemoryStream();
        await http.Request.Body.CopyToAsync(sink);
        http.Response.ContentType = "application/json";
        await http.Response.Body.WriteAsync(answer);
    });
    await app.StartAsync();
    var address = app.Urls.First();
    return (app, new Uri(new Uri(address), "/mutate"));
}

static (string Cert, string Key, byte[] Hash) WriteCertificate(string directory)
{
    using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    var request = new CertificateRequest("CN=strongroom-injector.bench", key, HashAlgorithmName.SHA256);
    var san = new SubjectAlternativeNameBuilder();
    san.AddIpAddress(IPAddress.Loopback);
    request.CertificateExtensions.Add(san.Build());
    using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    var certFile = Path.Combine(directory, "tls.crt");
    var keyFile = Path.Combine(directory, "tls.key");
    File.WriteAllText(certFile, certificate.ExportCertificatePem());
    File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
    return (certFile, keyFile, SHA256.HashData(certificate.RawData));
}

static string Review(bool annotated)
{
    var annotations = new JsonObject { ["kubectl.kubernetes.io/restartedAt"] = "2026-12-01T10:00:00Z" };
    if (annotated)
    {
        annotations["vault.hashicorp.com/agent-inject"] = "true";
        annotations["vault.hashicorp.com/role"] = "chatbot";
        foreach (var name in new[] { "openai", "anthropic", "pinecone" })
        {
            annotations[$"vault.hashicorp.com/agent-inject-secret-{name}"] = $"secret/data/ai/{name}";
            annotations[$"vault.hashicorp.com/agent-inject-template-{name}"] = $"{{{{ with secret \"secret/data/ai/{name}\" }}}}KEY={{{{ .Data.data.api_key }}}}\n{{{{ end }}}}";
        }
    }

    var mount = new JsonObject { ["name"] = "kube-api-access-x7k2p", ["readOnly"] = true, ["mountPath"] = "/var/run/secrets/kubernetes.io/serviceaccount" };
    var review = new JsonObject
    {
        ["apiVersion"] = "admission.k8s.io/v1",
        ["kind"] = "AdmissionReview",
        ["request"] = new JsonObject
        {
            ["uid"] = "705ab4f5-6393-11e8-b7cc-42010a800002",
            ["kind"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["kind"] = "Pod" },
            ["resource"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["resource"] = "pods" },
            ["namespace"] = "ai-apps",
            ["operation"] = "CREATE",
            ["object"] = new JsonObject
            {
                ["kind"] = "Pod",
                ["apiVersion"] = "v1",
                ["metadata"] = new JsonObject { ["generateName"] = "chatbot-7d4b9c8f5d-", ["namespace"] = "ai-apps", ["annotations"] = annotations },
                ["spec"] = new JsonObject
                {
                    ["volumes"] = new JsonArray(new JsonObject { ["name"] = "kube-api-access-x7k2p", ["projected"] = new JsonObject { ["sources"] = new JsonArray() } }),
                    ["containers"] = new JsonArray(new JsonObject { ["name"] = "chatbot", ["image"] = "registry.example.com/chatbot:1.4.2", ["volumeMounts"] = new JsonArray(mount) }),
                },
            },
            ["dryRun"] = false,
        },
    };
    return review.ToJsonString();
}
