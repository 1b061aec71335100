using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Strongroom.Injector.Tests.Infrastructure;

/// <summary>The real injector on 127.0.0.1 (random port) over TLS, and an HTTPS client that pins its certificate.</summary>
internal sealed class RunningInjector : IAsyncDisposable
{
    private readonly InjectorHost _host;
    private readonly string _directory;

    private RunningInjector(InjectorHost host, string directory, TestCertificate certificate)
    {
        _host = host;
        _directory = directory;
        Certificate = certificate;
        var handler = new SocketsHttpHandler
        {
            // A fresh connection per request, so a rotated certificate is observed.
            PooledConnectionLifetime = TimeSpan.Zero,
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, cert, _, _) =>
                    cert is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(cert.GetRawCertData()), Certificate.Sha256),
            },
        };
        Client = new HttpClient(handler) { BaseAddress = host.Address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Client { get; }

    public TestCertificate Certificate { get; }

    public Uri Address => _host.Address;

    public static async Task<RunningInjector> StartAsync(InjectorOptions? options = null)
    {
        var directory = Directory.CreateTempSubdirectory("strongroom-injector-").FullName;
        var certificate = TestCertificate.Create(directory);
        var effective = (options ?? new InjectorOptions { VaultAddress = "https://strongroom.strongroom.svc:8200" }) with
        {
            Listen = "127.0.0.1:0",
            TlsCertFile = certificate.CertFile,
            TlsKeyFile = certificate.KeyFile,
        };
        var host = await InjectorHost.StartAsync(effective, logging => logging.SetMinimumLevel(LogLevel.None));
        return new RunningInjector(host, directory, certificate);
    }

    /// <summary>POSTs an AdmissionReview the way the kube-apiserver does (JSON, /mutate).</summary>
    public async Task<(int Status, JsonObject? Review, string Body)> PostAsync(JsonNode review, string path = "/mutate?timeout=10s")
    {
        using var content = new StringContent(review.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await Client.PostAsync(new Uri(path, UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        var json = response.Content.Headers.ContentType?.MediaType == "application/json" ? JsonNode.Parse(body) as JsonObject : null;
        return ((int)response.StatusCode, json, body);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _host.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
