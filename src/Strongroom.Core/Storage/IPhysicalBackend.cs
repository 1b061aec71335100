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

    /// <summary>
    /// One page of <see cref="ListAsync"/>: the immediate children of <paramref name="prefix"/> that sort
    /// ordinally after <paramref name="after"/> ("" = from the start), at most <paramref name="limit"/>.
    /// The default pages the full list; backends with an index answer from it.
    /// </summary>
    async ValueTask<IReadOnlyList<string>> ListPageAsync(string prefix, string after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(after);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var all = await ListAsync(prefix, cancellationToken).ConfigureAwait(false);
        return [.. all.Where(k => string.CompareOrdinal(k, after) > 0).Take(limit)];
    }

    /// <summary>
    /// Applies a batch of puts and deletes atomically: all land or none does (in order, so a later
    /// write to the same key wins). The default applies them one by one and is only atomic for a
    /// single write; SQLite and PostgreSQL commit them in one transaction.
    /// </summary>
    async ValueTask CommitAsync(IReadOnlyList<PhysicalWrite> writes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        PhysicalKeys.ValidateBatch(writes);
        foreach (var write in writes)
        {
            if (write.Value is null)
            {
                await DeleteAsync(write.Key, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await PutAsync(write.Key, write.Value, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Every stored entry, sorted ordinally by key, read as of one point in time where the backend
    /// can (SQLite and PostgreSQL read in one transaction). Used by snapshots and migration.
    /// </summary>
    async ValueTask<IReadOnlyList<PhysicalEntry>> ExportAsync(CancellationToken cancellationToken = default)
    {
        var entries = new List<PhysicalEntry>();
        var folders = new Stack<string>();
        folders.Push("");
        while (folders.Count > 0)
        {
            var prefix = folders.Pop();
            foreach (var child in await ListAsync(prefix, cancellationToken).ConfigureAwait(false))
            {
                if (child.EndsWith('/'))
                {
                    folders.Push(prefix + child);
                }
                else if (await GetAsync(prefix + child, cancellationToken).ConfigureAwait(false) is { } value)
                {
                    entries.Add(new PhysicalEntry(prefix + child, value));
                }
            }
        }

        entries.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return entries;
    }

    /// <summary>
    /// Replaces the whole content with <paramref name="entries"/> (snapshot restore): one transaction
    /// on SQLite and PostgreSQL; the default deletes every key and then writes the entries.
    /// </summary>
    async ValueTask ReplaceAllAsync(IReadOnlyList<PhysicalEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var writes = new List<PhysicalWrite>();
        foreach (var existing in await ExportAsync(cancellationToken).ConfigureAwait(false))
        {
            writes.Add(PhysicalWrite.Delete(existing.Key));
        }

        writes.AddRange(entries.Select(e => PhysicalWrite.Put(e.Key, e.Value)));
        await CommitAsync(writes, cancellationToken).ConfigureAwait(false);
    }
}
