using Strongroom.Sdk;

namespace Strongroom.Core.Barrier;

/// <summary>
/// The encryption barrier between the core and physical storage. Every entry is sealed with
/// AES-256-GCM under the current keyring term, with its storage path as associated data.
/// While sealed, every data operation throws <see cref="BarrierSealedException"/>.
/// </summary>
public interface ISecurityBarrier
{
    bool IsSealed { get; }

    /// <summary>True once a keyring has been written (the server has been initialised).</summary>
    ValueTask<bool> IsInitializedAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates the keyring (term 1) and stores it encrypted under <paramref name="rootKey"/>
    /// (32 bytes). Leaves the barrier sealed. Fails if already initialised.
    /// </summary>
    ValueTask InitializeAsync(ReadOnlyMemory<byte> rootKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// Decrypts the keyring with <paramref name="rootKey"/>. Returns false (and stays sealed)
    /// when the key is wrong; never says why.
    /// </summary>
    ValueTask<bool> UnsealAsync(ReadOnlyMemory<byte> rootKey, CancellationToken cancellationToken = default);

    /// <summary>Drops the keyring from memory (zeroed).</summary>
    void Seal();

    /// <summary>
    /// Re-encrypts the keyring under <paramref name="newRootKey"/> (32 bytes) after a rekey (new
    /// unseal shares). Requires the barrier to be unsealed; data keys are unchanged.
    /// </summary>
    ValueTask ChangeRootKeyAsync(ReadOnlyMemory<byte> newRootKey, CancellationToken cancellationToken = default);

    /// <summary>Adds a new key term; new writes use it, old entries stay readable.</summary>
    ValueTask<KeyStatus> RotateAsync(CancellationToken cancellationToken = default);

    KeyStatus GetKeyStatus();

    /// <summary>
    /// Reads a plaintext bootstrap record that must be readable while sealed and holds no secret
    /// (e.g. the seal configuration: share count and threshold). Works while sealed.
    /// </summary>
    ValueTask<byte[]?> GetBootstrapAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Writes a plaintext bootstrap record (never a secret). Works while sealed.</summary>
    ValueTask PutBootstrapAsync(string name, byte[] value, CancellationToken cancellationToken = default);

    ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default);

    ValueTask PutAsync(string key, byte[] value, CancellationToken cancellationToken = default);

    ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Encrypts every put of <paramref name="writes"/> (logical keys) with its own path as associated
    /// data and hands the whole batch to one <see cref="Storage.IPhysicalBackend.CommitAsync"/>: all
    /// land or none does.
    /// </summary>
    ValueTask CommitAsync(IReadOnlyList<StorageWrite> writes, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default);
}

/// <summary>The active key term and when it was installed (sys/key-status).</summary>
public sealed record KeyStatus(uint Term, DateTimeOffset InstallTime, long Encryptions);
