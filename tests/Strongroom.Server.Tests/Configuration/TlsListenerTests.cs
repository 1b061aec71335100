using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Strongroom.Server.Configuration;

namespace Strongroom.Server.Tests.Configuration;

/// <summary>The listener serves TLS from PEM files (a certificate generated at run time).</summary>
public sealed class TlsListenerTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "strongroom-tls-" + Guid.NewGuid().ToString("N"));

    public TlsListenerTests()
    {
        Directory.CreateDirectory(_dir);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task TlsListener_ServesHttpsWithTheConfiguredCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        var certPath = Path.Combine(_dir, "tls.crt");
        var keyPath = Path.Combine(_dir, "tls.key");
        await File.WriteAllTextAsync(certPath, cert.ExportCertificatePem());
        await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem());

        var config = new ServerConfig
        {
            Storage = new StorageConfig { Type = "inmem" },
            Listener = new ListenerConfig { Address = "127.0.0.1:0", TlsCertFile = certPath, TlsKeyFile = keyPath },
        };
        await using var server = await StrongroomServer.StartAsync(config, dev: false, null);

        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented is not null && presented.Thumbprint == cert.Thumbprint,
        };
        using var http = new HttpClient(handler);
        var address = new UriBuilder(server.Address) { Scheme = "https" }.Uri;
        using var response = await http.GetAsync(new Uri(address, "/v1/sys/seal-status"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        using var plain = new HttpClient();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => plain.GetAsync(new Uri(address, "/v1/sys/seal-status")));
    }
}
