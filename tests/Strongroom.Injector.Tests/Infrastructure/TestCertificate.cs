using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Strongroom.Injector.Tests.Infrastructure;

/// <summary>A self-signed ECDSA P-256 certificate for 127.0.0.1/localhost, generated at test time and written as PEM files.</summary>
internal sealed class TestCertificate
{
    private TestCertificate(string certFile, string keyFile, byte[] thumbprint)
    {
        CertFile = certFile;
        KeyFile = keyFile;
        Sha256 = thumbprint;
    }

    public string CertFile { get; }

    public string KeyFile { get; }

    /// <summary>SHA-256 of the DER certificate, which the test client pins.</summary>
    public byte[] Sha256 { get; private set; }

    public static TestCertificate Create(string directory, string commonName = "strongroom-injector.test")
    {
        var cert = Path.Combine(directory, "tls.crt");
        var key = Path.Combine(directory, "tls.key");
        var thumbprint = Write(cert, key, commonName);
        return new TestCertificate(cert, key, thumbprint);
    }

    /// <summary>Replaces the files with a fresh pair (a rotation).</summary>
    public void Rotate(string commonName)
    {
        Sha256 = Write(CertFile, KeyFile, commonName);
        // Make sure the modification time moves even on coarse-grained file systems.
        var later = DateTime.UtcNow.AddSeconds(5);
        File.SetLastWriteTimeUtc(CertFile, later);
        File.SetLastWriteTimeUtc(KeyFile, later);
    }

    private static byte[] Write(string certFile, string keyFile, string commonName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(certFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        return SHA256.HashData(certificate.RawData);
    }
}
