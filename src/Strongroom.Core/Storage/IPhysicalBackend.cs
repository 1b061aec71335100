namespace Strongroom.Core.Storage;

/// <summary>
/// Raw key/value storage below the barrier (in-memory, SQLite, PostgreSQL). Only the barrier
/// talks to it; everything stored here is already ciphertext (except the barrier's own
/// bootstrap records, which are themselves encrypted or public parameters).
/// Keys follow <see cref="Sdk.StorageKey"/> rules.
/// </summary>
public interface IPhysicalBackend : IAsyncDisposable
{
    ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Durable when it completes (SQLite: committed with synchronous=FULL in WAL mode).</summary>
    ValueTask PutAsync(string key, byte[] value, CancellationToken cancellationToken = default);

    ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Immediate children of <paramref name="prefix"/> ("" or ending in '/'), folders with trailing '/', sorted ordinally.</summary>
    ValueTask<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default);
}
