using System.Security.Cryptography;

namespace Strongroom.Core.Crypto;

/// <summary>
/// Reusable <see cref="AesGcm"/> instances for one key. Creating an AesGcm sets up an OpenSSL
/// cipher context and key schedule, which costs more than sealing a small entry; the barrier
/// rents one per operation instead. An instance is used by one thread at a time (AesGcm is not
/// thread-safe). <see cref="Dispose"/> frees every idle context (OpenSSL wipes the key schedule);
/// the owner guarantees nothing is rented then (the barrier disposes under its write lock).
/// The pool keeps a reference to the caller's key array, which the caller zeroes.
/// </summary>
internal sealed class AesGcmPool : IDisposable
{
    // Lock-free slots (like Microsoft.Extensions.ObjectPool's default pool): take with an exchange,
    // return with a compare-exchange; a miss creates a new instance, a full pool disposes the extra one.
    private readonly AesGcm?[] _slots = new AesGcm?[Math.Max(4, Environment.ProcessorCount * 4)];
    private readonly byte[] _key;
    private volatile bool _disposed;

    public AesGcmPool(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _key = key;
    }

    public AesGcm Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        for (var i = 0; i < _slots.Length; i++)
        {
            if (Volatile.Read(ref _slots[i]) is not null && Interlocked.Exchange(ref _slots[i], null) is { } aes)
            {
                return aes;
            }
        }

        return new AesGcm(_key, AeadEnvelope.TagSize);
    }

    public void Return(AesGcm aes)
    {
        ArgumentNullException.ThrowIfNull(aes);
        if (!_disposed)
        {
            for (var i = 0; i < _slots.Length; i++)
            {
                if (Interlocked.CompareExchange(ref _slots[i], aes, null) is null)
                {
                    return;
                }
            }
        }

        aes.Dispose();
    }

    public void Dispose()
    {
        _disposed = true;
        for (var i = 0; i < _slots.Length; i++)
        {
            Interlocked.Exchange(ref _slots[i], null)?.Dispose();
        }
    }
}
