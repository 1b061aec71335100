using System.Security.Cryptography;
using Strongroom.Sdk;

namespace Strongroom.Auth.Common;

/// <summary>
/// A per-mount random HMAC-SHA256 key, created on first use and kept in the mount's storage.
/// Secrets (secret IDs, role IDs) are stored only as HMACs under this key, so a storage dump
/// does not reveal them and a lookup needs the exact value.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "SemaphoreSlim without AvailableWaitHandle holds no unmanaged resource; mounts live as long as the process.")]
internal sealed class MountHmac(IStorageView storage)
{
    private const string KeyPath = "hmac-key";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private byte[]? _key;

    public async ValueTask<string> HashAsync(string value, CancellationToken cancellationToken)
    {
        var key = await GetKeyAsync(cancellationToken).ConfigureAwait(false);
        var input = System.Text.Encoding.UTF8.GetBytes(value);
        try
        {
            return Convert.ToHexStringLower(HMACSHA256.HashData(key, input));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
        }
    }

    private async ValueTask<byte[]> GetKeyAsync(CancellationToken cancellationToken)
    {
        if (_key is { } cached)
        {
            return cached;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_key is null)
            {
                var stored = await storage.GetAsync(KeyPath, cancellationToken).ConfigureAwait(false);
                if (stored is null || stored.Length != 32)
                {
                    stored = RandomNumberGenerator.GetBytes(32);
                    await storage.PutAsync(KeyPath, stored, cancellationToken).ConfigureAwait(false);
                }

                _key = stored;
            }

            return _key;
        }
        finally
        {
            _gate.Release();
        }
    }
}
