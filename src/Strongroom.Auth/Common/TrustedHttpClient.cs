using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Strongroom.Auth.Common;

/// <summary>
/// Builds HttpClients for outbound calls (Kubernetes API, JWKS, OIDC discovery). With a CA PEM the
/// server certificate must chain to exactly those CAs (X509Chain with CustomTrustStore) and match the
/// host name; without one the system trust store applies. Never a global TLS bypass.
/// </summary>
internal static class TrustedHttpClient
{
    public static HttpClient Create(string? caPem, TimeSpan timeout)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (!string.IsNullOrWhiteSpace(caPem))
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPem(caPem);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                Validate(roots, certificate, chain, errors);
        }

        return new HttpClient(handler, disposeHandler: true) { Timeout = timeout };
    }

    /// <summary>True when <paramref name="caPem"/> holds at least one PEM certificate.</summary>
    public static bool IsValidCaPem(string caPem)
    {
        try
        {
            var collection = new X509Certificate2Collection();
            collection.ImportFromPem(caPem);
            return collection.Count > 0;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }

    private static bool Validate(X509Certificate2Collection roots, X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }
}
