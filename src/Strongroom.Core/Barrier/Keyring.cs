using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Strongroom.Core.Crypto;

namespace Strongroom.Core.Barrier;

/// <summary>
/// The barrier's data keys: key terms (1, 2, ...) mapped to 32-byte AES keys with their install
/// time. The active term is the highest. Immutable: <see cref="WithNewTerm"/> returns a new ring
/// with its own copies of the keys. Stored encrypted under the root key
/// (<see cref="AeadEnvelope"/>, AAD "core/keyring"); <see cref="Dispose"/> zeroes every key.
/// Not thread-safe for use after dispose: the barrier guards access with its lock.
/// </summary>
internal sealed class Keyring : IDisposable
{
    /// <summary>Associated data binding the encrypted keyring to its physical location.</summary>
    public static readonly byte[] AssociatedData = Encoding.UTF8.GetBytes("core/keyring");

    /// <summary>Term written into the keyring's own envelope: the root key has no data-key term.</summary>
    public const uint RootKeyTerm = 0;

    private const byte FormatVersion = 1;
    private const int EntrySize = 4 + 8 + AeadEnvelope.KeySize;

    private readonly SortedDictionary<uint, KeyringEntry> entries;
    private bool disposed;

    private Keyring(SortedDictionary<uint, KeyringEntry> entries)
    {
        this.entries = entries;
        var last = entries.Last();
        ActiveTerm = last.Key;
        ActiveInstallTime = last.Value.InstallTime;
    }

    public uint ActiveTerm { get; }

    public DateTimeOffset ActiveInstallTime { get; }

    public int Count => entries.Count;

    /// <summary>A fresh ring holding term 1 with a random key.</summary>
    public static Keyring CreateNew(DateTimeOffset now)
    {
        var entries = new SortedDictionary<uint, KeyringEntry>
        {
            [1] = new KeyringEntry(RandomNumberGenerator.GetBytes(AeadEnvelope.KeySize), now),
        };
        return new Keyring(entries);
    }

    /// <summary>A copy of this ring plus term <c>ActiveTerm + 1</c> with a fresh random key.</summary>
    public Keyring WithNewTerm(DateTimeOffset now)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (ActiveTerm == uint.MaxValue)
        {
            throw new InvalidOperationException("keyring term space exhausted");
        }

        var copy = new SortedDictionary<uint, KeyringEntry>();
        foreach (var (term, entry) in entries)
        {
            copy[term] = new KeyringEntry((byte[])entry.Key.Clone(), entry.InstallTime);
        }

        copy[ActiveTerm + 1] = new KeyringEntry(RandomNumberGenerator.GetBytes(AeadEnvelope.KeySize), now);
        return new Keyring(copy);
    }

    /// <summary>The key for <paramref name="term"/>, or null when this ring does not hold it.</summary>
    public byte[]? GetKey(uint term)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return entries.TryGetValue(term, out var entry) ? entry.Key : null;
    }

    public byte[] ActiveKey => GetKey(ActiveTerm)!;

    /// <summary>Encrypts an entry under the active term with a pooled cipher.</summary>
    public byte[] Seal(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var ciphers = entries[ActiveTerm].Ciphers;
        var aes = ciphers.Rent();
        try
        {
            return AeadEnvelope.Encrypt(ActiveTerm, aes, plaintext, associatedData);
        }
        finally
        {
            ciphers.Return(aes);
        }
    }

    /// <summary>
    /// Decrypts an entry sealed under <paramref name="term"/> with a pooled cipher; false when this ring
    /// does not hold the term. Authentication failures throw <see cref="BarrierDecryptionException"/>.
    /// </summary>
    public bool TryOpen(uint term, ReadOnlySpan<byte> envelope, ReadOnlySpan<byte> associatedData, out byte[]? plaintext)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (!entries.TryGetValue(term, out var entry))
        {
            plaintext = null;
            return false;
        }

        var aes = entry.Ciphers.Rent();
        try
        {
            plaintext = AeadEnvelope.Decrypt(envelope, aes, associatedData);
            return true;
        }
        finally
        {
            entry.Ciphers.Return(aes);
        }
    }

    /// <summary>Serialises and encrypts the ring under <paramref name="rootKey"/>.</summary>
    public byte[] Encrypt(ReadOnlySpan<byte> rootKey)
    {
        ObjectDisposedException.ThrowIf(disposed, this);

        // Binary: version(1) ‖ count(uint32 BE) ‖ { term(uint32 BE) ‖ installUnixMs(int64 BE) ‖ key(32) }*
        var plain = new byte[1 + 4 + (entries.Count * EntrySize)];
        try
        {
            plain[0] = FormatVersion;
            BinaryPrimitives.WriteUInt32BigEndian(plain.AsSpan(1), (uint)entries.Count);
            var offset = 5;
            foreach (var (term, entry) in entries)
            {
                BinaryPrimitives.WriteUInt32BigEndian(plain.AsSpan(offset), term);
                BinaryPrimitives.WriteInt64BigEndian(plain.AsSpan(offset + 4), entry.InstallTime.ToUnixTimeMilliseconds());
                entry.Key.CopyTo(plain.AsSpan(offset + 12));
                offset += EntrySize;
            }

            return AeadEnvelope.Encrypt(RootKeyTerm, rootKey, plain, AssociatedData);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>
    /// Decrypts a ring written by <see cref="Encrypt"/>. A wrong root key, tampering or a malformed
    /// ring all throw <see cref="BarrierDecryptionException"/>.
    /// </summary>
    public static Keyring Decrypt(ReadOnlySpan<byte> envelope, ReadOnlySpan<byte> rootKey)
    {
        if (AeadEnvelope.ReadTerm(envelope) != RootKeyTerm)
        {
            throw new BarrierDecryptionException();
        }

        var plain = AeadEnvelope.Decrypt(envelope, rootKey, AssociatedData);
        var entries = new SortedDictionary<uint, KeyringEntry>();
        try
        {
            if (plain.Length < 5 || plain[0] != FormatVersion)
            {
                throw new BarrierDecryptionException();
            }

            var count = BinaryPrimitives.ReadUInt32BigEndian(plain.AsSpan(1));
            if (count == 0 || (long)count * EntrySize != plain.Length - 5)
            {
                throw new BarrierDecryptionException();
            }

            for (var offset = 5; offset < plain.Length; offset += EntrySize)
            {
                var term = BinaryPrimitives.ReadUInt32BigEndian(plain.AsSpan(offset));
                var installed = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(plain.AsSpan(offset + 4)));
                if (term == RootKeyTerm || !entries.TryAdd(term, new KeyringEntry(plain.AsSpan(offset + 12, AeadEnvelope.KeySize).ToArray(), installed)))
                {
                    throw new BarrierDecryptionException();
                }
            }

            return new Keyring(entries);
        }
        catch (Exception ex) when (ex is BarrierDecryptionException or ArgumentOutOfRangeException)
        {
            foreach (var entry in entries.Values)
            {
                CryptographicOperations.ZeroMemory(entry.Key);
            }

            throw new BarrierDecryptionException();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        foreach (var entry in entries.Values)
        {
            entry.Ciphers.Dispose();
            CryptographicOperations.ZeroMemory(entry.Key);
        }
    }

    private sealed class KeyringEntry(byte[] key, DateTimeOffset installTime)
    {
        public byte[] Key { get; } = key;

        public DateTimeOffset InstallTime { get; } = installTime;

        /// <summary>Ciphers keyed with <see cref="Key"/>, created on first use.</summary>
        public AesGcmPool Ciphers { get; } = new(key);
    }
}
