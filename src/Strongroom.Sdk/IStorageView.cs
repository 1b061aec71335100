namespace Strongroom.Sdk;

/// <summary>
/// The only storage a backend sees: a chroot under its mount's prefix. Keys are relative,
/// '/'-separated, never start with '/', never contain "..", empty segments or control
/// characters (implementations reject those with <see cref="ArgumentException"/>).
/// Values are opaque bytes; encryption happens below, in the barrier.
/// </summary>
public interface IStorageView
{
    /// <summary>The value at <paramref name="key"/>, or null when absent.</summary>
    ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Writes durably: when this completes the value survives a crash.</summary>
    ValueTask PutAsync(string key, byte[] value, CancellationToken cancellationToken = default);

    /// <summary>Deletes the key; deleting an absent key is not an error.</summary>
    ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies <paramref name="writes"/> (puts and deletes, in order: a later write to the same key
    /// wins) atomically and durably: when this completes all of them survive a crash; when it
    /// throws, none of them was applied. Every key is validated before anything is written.
    /// The default applies them one by one and is only atomic for a single write; the barrier's
    /// views pass the whole batch to one storage transaction.
    /// </summary>
    async ValueTask CommitAsync(IReadOnlyList<StorageWrite> writes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        foreach (var write in writes)
        {
            ArgumentNullException.ThrowIfNull(write);
            StorageKey.Validate(write.Key);
        }

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
    /// Immediate children under <paramref name="prefix"/> (which is "" or ends with '/'),
    /// sorted ordinally; "folders" are returned once with a trailing '/', like Vault.
    /// </summary>
    ValueTask<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>A view rooted at <paramref name="prefix"/> (which ends with '/') inside this one.</summary>
    IStorageView Scoped(string prefix);
}
