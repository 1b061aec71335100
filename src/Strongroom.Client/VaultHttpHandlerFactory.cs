using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Strongroom.Client;

/// <summary>Builds the HTTP handler honouring the TLS settings (custom CA bundle, skip-verify).</summary>
public static class VaultHttpHandlerFactory
{
    public static SocketsHttpHandler Create(VaultClientSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false };
        if (settings.SkipVerify)
        {
            // Explicit user opt-in (STRONGROOM_SKIP_VERIFY / -tls-skip-verify), like Vault's; dev only.
#pragma warning disable CA5359
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (settings.CaCertPath is not null)
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(settings.CaCertPath);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                ValidateAgainst(roots, certificate, errors);
        }

        return handler;
    }

    private static bool ValidateAgainst(X509Certificate2Collection roots, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
