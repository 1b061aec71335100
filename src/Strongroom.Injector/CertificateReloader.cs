using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Strongroom.Injector;

/// <summary>
/// Serves the PEM certificate/key pair from disk and reloads it when either file changes, so a
/// rotated webhook certificate (cert-manager, a mounted Secret) is picked up without a restart.
/// A pair that fails to load keeps the previous certificate in service.
/// </summary>
internal sealed class CertificateReloader : IDisposable
{
    private readonly string _certFile;
    private readonly string _keyFile;
    private readonly Lock _gate = new();
    private X509Certificate2 _current;
    private (DateTime Cert, DateTime Key) _stamp;

    public CertificateReloader(string certFile, string keyFile)
    {
        _certFile = certFile;
        _keyFile = keyFile;
        _stamp = Stamp();
        _current = Load(); // fails start-up with the real error when the first pair is bad
    }

    /// <summary>Where reloads are reported (set once the host's logging exists).</summary>
    public ILogger Logger { get; set; } = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public X509Certificate2 Current
    {
        get
        {
            lock (_gate)
            {
                var stamp = Stamp();
                if (stamp != _stamp)
                {
                    try
                    {
                        var next = Load();
                        _current = next; // the old instance may still serve an in-flight handshake; the GC reclaims it
                        _stamp = stamp;
                        Log.CertificateReloaded(Logger, _certFile);
                    }
                    catch (Exception ex) when (ex is IOException or System.Security.Cryptography.CryptographicException or ArgumentException)
                    {
                        // Half-written rotation: keep serving the previous pair and try again on the next handshake.
                    }
                }

                return _current;
            }
        }
    }

    public void Dispose() => _current.Dispose();

    private X509Certificate2 Load()
    {
        using var pem = X509Certificate2.CreateFromPemFile(_certFile, _keyFile);
        // Round-trip through PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    private (DateTime, DateTime) Stamp() => (File.GetLastWriteTimeUtc(_certFile), File.GetLastWriteTimeUtc(_keyFile));
}
