using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Strongroom.Sdk;

namespace Strongroom.Engines.Transit;

/// <summary>
/// Named keys in the mount's storage view (<c>policy/&lt;name&gt;</c>, so behind the barrier),
/// with an in-memory cache of parsed keys. Every change (create, rotate, config, delete) runs
/// under one write lock and publishes a fresh <see cref="TransitKey"/>; readers take the
/// published instance without locking. Due auto-rotation happens lazily on the next use.
/// </summary>
internal sealed class TransitKeyStore
{
    private const string Prefix = "policy/";
    private readonly IStorageView _storage;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, TransitKey> _cache = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public TransitKeyStore(IStorageView storage, TimeProvider clock)
    {
        _storage = storage;
        _clock = clock;
    }

    public TimeProvider Clock => _clock;

    public async ValueTask<TransitKey?> GetAsync(string name, CancellationToken cancellationToken)
    {
        if (!_cache.TryGetValue(name, out var key))
        {
            await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!_cache.TryGetValue(name, out key))
                {
                    key = await LoadAsync(name, cancellationToken).ConfigureAwait(false);
                    if (key is null)
                    {
                        return null;
                    }

                    _cache[name] = key;
                }
            }
            finally
            {
                _writeLock.Release();
            }
        }

        if (RotationDue(key))
        {
            key = await UpdateAsync(name, k => RotationDue(k) ? Rotate(k) : null, cancellationToken).ConfigureAwait(false) ?? key;
        }

        return key;
    }

    /// <summary>Creates the key unless it exists; returns the key and whether it was created now.</summary>
    public async ValueTask<(TransitKey Key, bool Created)> CreateAsync(string name, Func<TransitKey> create, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await LoadAsync(name, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                _cache[name] = existing;
                return (existing, false);
            }

            var key = create();
            await SaveAsync(key, cancellationToken).ConfigureAwait(false);
            _cache[name] = key;
            return (key, true);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Applies <paramref name="change"/> to a fresh copy of the key and persists it. The change
    /// returns an error message to reject the update (nothing is written), or null to accept.
    /// Returns null when the key does not exist.
    /// </summary>
    public async ValueTask<TransitKey?> UpdateAsync(string name, Func<TransitKey, string?> change, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var key = await LoadAsync(name, cancellationToken).ConfigureAwait(false);
            if (key is null)
            {
                _cache.TryRemove(name, out _);
                return null;
            }

            if (change(key) is { } error)
            {
                throw new TransitUserException(error);
            }

            await SaveAsync(key, cancellationToken).ConfigureAwait(false);
            _cache[name] = key;
            return key;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async ValueTask DeleteAsync(string name, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _storage.DeleteAsync(Prefix + name, cancellationToken).ConfigureAwait(false);
            _cache.TryRemove(name, out _);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public ValueTask<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken) =>
        _storage.ListAsync(Prefix, cancellationToken);

    /// <summary>Adds a new latest version (rotation). Returns null: rotation never rejects.</summary>
    public string? Rotate(TransitKey key)
    {
        var hmacSize = key.Versions.TryGetValue(key.LatestVersion, out var latest) ? latest.HmacKey.Length : 32;
        key.LatestVersion++;
        key.Versions[key.LatestVersion] = TransitCrypto.GenerateVersion(key.Type, hmacSize, _clock.GetUtcNow());
        return null;
    }

    private bool RotationDue(TransitKey key) =>
        key.AutoRotatePeriodSeconds > 0
        && key.Versions.TryGetValue(key.LatestVersion, out var latest)
        && _clock.GetUtcNow() - latest.CreationTime >= TimeSpan.FromSeconds(key.AutoRotatePeriodSeconds);

    private async ValueTask<TransitKey?> LoadAsync(string name, CancellationToken cancellationToken)
    {
        var raw = await _storage.GetAsync(Prefix + name, cancellationToken).ConfigureAwait(false);
        if (raw is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(raw, TransitJsonContext.Default.TransitKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(raw);
        }
    }

    private ValueTask SaveAsync(TransitKey key, CancellationToken cancellationToken) =>
        _storage.PutAsync(Prefix + key.Name, JsonSerializer.SerializeToUtf8Bytes(key, TransitJsonContext.Default.TransitKey), cancellationToken);
}
