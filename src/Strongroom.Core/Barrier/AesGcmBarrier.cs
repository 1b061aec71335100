using System.Security.Cryptography;
using System.Text;
using Strongroom.Core.Crypto;
using Strongroom.Core.Storage;
using Strongroom.Sdk;

namespace Strongroom.Core.Barrier;

/// <summary>
/// <see cref="ISecurityBarrier"/> over an <see cref="IPhysicalBackend"/>. Physical layout:
/// <c>core/keyring</c> (the keyring, encrypted under the root key), <c>core/bootstrap/&lt;name&gt;</c>
/// (plaintext records readable while sealed) and <c>logical/&lt;key&gt;</c> (every logical entry,
/// an <see cref="AeadEnvelope"/> with its physical path as associated data). Logical keys can never
/// reach <c>core/</c>. Crypto runs synchronously under a reader/writer lock so Seal and Rotate
/// can never zero a key in use; physical I/O runs outside the lock. Init/unseal/rotate/rekey
/// are serialised by one async gate.
/// </summary>
public sealed class AesGcmBarrier : ISecurityBarrier, IDisposable
{
    internal const string KeyringPath = "core/keyring";
    internal const string BootstrapPrefix = "core/bootstrap/";
    internal const string LogicalPrefix = "logical/";

    private readonly IPhysicalBackend physical;
    private readonly TimeProvider timeProvider;
    private readonly ReaderWriterLockSlim stateLock = new(LockRecursionPolicy.NoRecursion);
    private readonly SemaphoreSlim managementGate = new(1, 1);
    private Keyring? keyring;
    private byte[]? rootKey;
    private long encryptions;

    public AesGcmBarrier(IPhysicalBackend physical, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(physical);
        ArgumentNullException.ThrowIfNull(timeProvider);
        this.physical = physical;
        this.timeProvider = timeProvider;
    }

    public bool IsSealed => Volatile.Read(ref keyring) is null;

    public async ValueTask<bool> IsInitializedAsync(CancellationToken cancellationToken = default) =>
        await physical.GetAsync(KeyringPath, cancellationToken) is not null;

    public async ValueTask InitializeAsync(ReadOnlyMemory<byte> rootKey, CancellationToken cancellationToken = default)
    {
        RequireKeyLength(rootKey, nameof(rootKey));
        await managementGate.WaitAsync(cancellationToken);
        try
        {
            if (await physical.GetAsync(KeyringPath, cancellationToken) is not null)
            {
                throw new InvalidOperationException("the barrier is already initialized");
            }

            using var ring = Keyring.CreateNew(timeProvider.GetUtcNow());
            await physical.PutAsync(KeyringPath, ring.Encrypt(rootKey.Span), cancellationToken);
        }
        finally
        {
            managementGate.Release();
        }
    }

    public async ValueTask<bool> UnsealAsync(ReadOnlyMemory<byte> rootKey, CancellationToken cancellationToken = default)
    {
        if (rootKey.Length != AeadEnvelope.KeySize)
        {
            return false;
        }

        await managementGate.WaitAsync(cancellationToken);
        try
        {
            stateLock.EnterReadLock();
            try
            {
                if (this.rootKey is not null)
                {
                    return CryptographicOperations.FixedTimeEquals(this.rootKey, rootKey.Span);
                }
            }
            finally
            {
                stateLock.ExitReadLock();
            }

            var stored = await physical.GetAsync(KeyringPath, cancellationToken)
                ?? throw new InvalidOperationException("the barrier is not initialized");
            Keyring ring;
            try
            {
                ring = Keyring.Decrypt(stored, rootKey.Span);
            }
            catch (BarrierDecryptionException)
            {
                return false;
            }

            stateLock.EnterWriteLock();
            try
            {
                keyring = ring;
                this.rootKey = rootKey.ToArray();
                Interlocked.Exchange(ref encryptions, 0);
            }
            finally
            {
                stateLock.ExitWriteLock();
            }

            return true;
        }
        finally
        {
            managementGate.Release();
        }
    }

    public void Seal()
    {
        stateLock.EnterWriteLock();
        try
        {
            keyring?.Dispose();
            keyring = null;
            if (rootKey is not null)
            {
                CryptographicOperations.ZeroMemory(rootKey);
                rootKey = null;
            }
        }
        finally
        {
            stateLock.ExitWriteLock();
        }
    }

    public async ValueTask ChangeRootKeyAsync(ReadOnlyMemory<byte> newRootKey, CancellationToken cancellationToken = default)
    {
        RequireKeyLength(newRootKey, nameof(newRootKey));
        await managementGate.WaitAsync(cancellationToken);
        try
        {
            byte[] encrypted;
            stateLock.EnterReadLock();
            try
            {
                encrypted = (keyring ?? throw new BarrierSealedException()).Encrypt(newRootKey.Span);
            }
            finally
            {
                stateLock.ExitReadLock();
            }

            await physical.PutAsync(KeyringPath, encrypted, cancellationToken);
            Install(ring: null, newRootKey.ToArray());
        }
        finally
        {
            managementGate.Release();
        }
    }

    public async ValueTask<KeyStatus> RotateAsync(CancellationToken cancellationToken = default)
    {
        await managementGate.WaitAsync(cancellationToken);
        try
        {
            Keyring rotated;
            byte[] encrypted;
            stateLock.EnterReadLock();
            try
            {
                var current = keyring ?? throw new BarrierSealedException();
                rotated = current.WithNewTerm(timeProvider.GetUtcNow());
                encrypted = rotated.Encrypt(rootKey!);
            }
            finally
            {
                stateLock.ExitReadLock();
            }

            try
            {
                await physical.PutAsync(KeyringPath, encrypted, cancellationToken);
            }
            catch
            {
                rotated.Dispose();
                throw;
            }

            Install(rotated, newRootKey: null);
            Interlocked.Exchange(ref encryptions, 0);
            return new KeyStatus(rotated.ActiveTerm, rotated.ActiveInstallTime, 0);
        }
        finally
        {
            managementGate.Release();
        }
    }

    public KeyStatus GetKeyStatus()
    {
        stateLock.EnterReadLock();
        try
        {
            var ring = keyring ?? throw new BarrierSealedException();
            return new KeyStatus(ring.ActiveTerm, ring.ActiveInstallTime, Interlocked.Read(ref encryptions));
        }
        finally
        {
            stateLock.ExitReadLock();
        }
    }

    public ValueTask<byte[]?> GetBootstrapAsync(string name, CancellationToken cancellationToken = default)
    {
        StorageKey.Validate(name);
        return physical.GetAsync(BootstrapPrefix + name, cancellationToken);
    }

    public ValueTask PutBootstrapAsync(string name, byte[] value, CancellationToken cancellationToken = default)
    {
        StorageKey.Validate(name);
        ArgumentNullException.ThrowIfNull(value);
        return physical.PutAsync(BootstrapPrefix + name, value, cancellationToken);
    }

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        StorageKey.Validate(key);
        ThrowIfSealed();
        var path = LogicalPrefix + key;
        var envelope = await physical.GetAsync(path, cancellationToken);
        if (envelope is null)
        {
            return null;
        }

        var aad = Encoding.UTF8.GetBytes(path);
        var term = AeadEnvelope.ReadTerm(envelope);
        if (TryDecrypt(envelope, term, aad, out var plaintext))
        {
            return plaintext;
        }

        // Another node (HA) may have rotated the keyring: reload once, then the term must be known.
        await ReloadKeyringAsync(term, cancellationToken);
        return TryDecrypt(envelope, term, aad, out plaintext) ? plaintext : throw new BarrierDecryptionException();
    }

    public async ValueTask PutAsync(string key, byte[] value, CancellationToken cancellationToken = default)
    {
        StorageKey.Validate(key);
        ArgumentNullException.ThrowIfNull(value);
        var path = LogicalPrefix + key;
        byte[] envelope;
        stateLock.EnterReadLock();
        try
        {
            envelope = EncryptUnderReadLock(path, value);
        }
        finally
        {
            stateLock.ExitReadLock();
        }

        await physical.PutAsync(path, envelope, cancellationToken);
    }

    public async ValueTask CommitAsync(IReadOnlyList<StorageWrite> writes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        foreach (var write in writes)
        {
            ArgumentNullException.ThrowIfNull(write);
            StorageKey.Validate(write.Key);
        }

        var batch = new PhysicalWrite[writes.Count];
        stateLock.EnterReadLock();
        try
        {
            _ = keyring ?? throw new BarrierSealedException();
            for (var i = 0; i < writes.Count; i++)
            {
                var path = LogicalPrefix + writes[i].Key;
                batch[i] = writes[i].Value is { } value ? PhysicalWrite.Put(path, EncryptUnderReadLock(path, value)) : PhysicalWrite.Delete(path);
            }
        }
        finally
        {
            stateLock.ExitReadLock();
        }

        await physical.CommitAsync(batch, cancellationToken);
    }

    public ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        StorageKey.Validate(key);
        ThrowIfSealed();
        return physical.DeleteAsync(LogicalPrefix + key, cancellationToken);
    }

    public ValueTask<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        PhysicalKeys.ValidateListPrefix(prefix);
        ThrowIfSealed();
        return physical.ListAsync(LogicalPrefix + prefix, cancellationToken);
    }

    public void Dispose()
    {
        Seal();
        stateLock.Dispose();
        managementGate.Dispose();
    }

    private static void RequireKeyLength(ReadOnlyMemory<byte> key, string parameterName)
    {
        if (key.Length != AeadEnvelope.KeySize)
        {
            throw new ArgumentException("root key must be 32 bytes", parameterName);
        }
    }

    private void ThrowIfSealed()
    {
        if (IsSealed)
        {
            throw new BarrierSealedException();
        }
    }

    /// <summary>Seals <paramref name="value"/> for <paramref name="path"/> (its associated data) under the active term; the caller holds the read lock.</summary>
    private byte[] EncryptUnderReadLock(string path, byte[] value)
    {
        var ring = keyring ?? throw new BarrierSealedException();
        var envelope = ring.Seal(value, Encoding.UTF8.GetBytes(path));
        Interlocked.Increment(ref encryptions);
        return envelope;
    }

    /// <summary>Decrypts under the read lock; false when the term is unknown to the current keyring.</summary>
    private bool TryDecrypt(byte[] envelope, uint term, byte[] aad, out byte[]? plaintext)
    {
        stateLock.EnterReadLock();
        try
        {
            var ring = keyring ?? throw new BarrierSealedException();
            return ring.TryOpen(term, envelope, aad, out plaintext);
        }
        finally
        {
            stateLock.ExitReadLock();
        }
    }

    /// <summary>Reloads the stored keyring if it may hold <paramref name="term"/> (newer than ours).</summary>
    private async ValueTask ReloadKeyringAsync(uint term, CancellationToken cancellationToken)
    {
        await managementGate.WaitAsync(cancellationToken);
        try
        {
            byte[] root;
            stateLock.EnterReadLock();
            try
            {
                var ring = keyring ?? throw new BarrierSealedException();
                if (term <= ring.ActiveTerm)
                {
                    return;
                }

                root = (byte[])rootKey!.Clone();
            }
            finally
            {
                stateLock.ExitReadLock();
            }

            try
            {
                var stored = await physical.GetAsync(KeyringPath, cancellationToken);
                if (stored is not null)
                {
                    var reloaded = Keyring.Decrypt(stored, root);
                    if (reloaded.GetKey(term) is null)
                    {
                        reloaded.Dispose();
                    }
                    else
                    {
                        Install(reloaded, newRootKey: null);
                    }
                }
            }
            finally
            {
                CryptographicOperations.ZeroMemory(root);
            }
        }
        finally
        {
            managementGate.Release();
        }
    }

    /// <summary>
    /// Swaps in a new keyring and/or root key under the write lock. If the barrier was sealed
    /// meanwhile, zeroes what it was given and throws <see cref="BarrierSealedException"/>.
    /// </summary>
    private void Install(Keyring? ring, byte[]? newRootKey)
    {
        stateLock.EnterWriteLock();
        try
        {
            if (keyring is null)
            {
                ring?.Dispose();
                if (newRootKey is not null)
                {
                    CryptographicOperations.ZeroMemory(newRootKey);
                }

                throw new BarrierSealedException();
            }

            if (ring is not null)
            {
                keyring.Dispose();
                keyring = ring;
            }

            if (newRootKey is not null)
            {
                CryptographicOperations.ZeroMemory(rootKey);
                rootKey = newRootKey;
            }
        }
        finally
        {
            stateLock.ExitWriteLock();
        }
    }
}
