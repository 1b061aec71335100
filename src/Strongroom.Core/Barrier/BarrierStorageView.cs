using Strongroom.Core.Storage;
using Strongroom.Sdk;

namespace Strongroom.Core.Barrier;

/// <summary>
/// An <see cref="IStorageView"/> chrooted at a prefix of the barrier's logical key space (a mount's
/// or token's data). Every key is checked with <see cref="StorageKey"/> before the prefix is
/// prepended, so a view can never reach outside its prefix.
/// </summary>
public sealed class BarrierStorageView : IStorageView
{
    private readonly ISecurityBarrier barrier;

    /// <param name="barrier">The barrier all reads and writes go through.</param>
    /// <param name="prefix">"" (the whole logical space) or a valid key prefix ending with '/'.</param>
    public BarrierStorageView(ISecurityBarrier barrier, string prefix)
    {
        ArgumentNullException.ThrowIfNull(barrier);
        PhysicalKeys.ValidateListPrefix(prefix);
        this.barrier = barrier;
        Prefix = prefix;
    }

    /// <summary>The absolute logical prefix of this view ("" or ending with '/').</summary>
    public string Prefix { get; }

    public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        StorageKey.Validate(key);
        return barrier.GetAsync(Prefix + key, cancellationToken);
    }

    public ValueTask PutAsync(string key, byte[] value, CancellationToken cancellationToken = default)
    {
        StorageKey.Validate(key);
        ArgumentNullException.ThrowIfNull(value);
        return barrier.PutAsync(Prefix + key, value, cancellationToken);
    }

    public ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        StorageKey.Validate(key);
        return barrier.DeleteAsync(Prefix + key, cancellationToken);
    }

    public ValueTask CommitAsync(IReadOnlyList<StorageWrite> writes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        var prefixed = new StorageWrite[writes.Count];
        for (var i = 0; i < writes.Count; i++)
        {
            var write = writes[i];
            ArgumentNullException.ThrowIfNull(write);
            StorageKey.Validate(write.Key);
            prefixed[i] = write with { Key = Prefix + write.Key };
        }

        return barrier.CommitAsync(prefixed, cancellationToken);
    }

    public ValueTask<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        PhysicalKeys.ValidateListPrefix(prefix);
        return barrier.ListAsync(Prefix + prefix, cancellationToken);
    }

    public IStorageView Scoped(string prefix)
    {
        PhysicalKeys.ValidateListPrefix(prefix);
        if (prefix.Length == 0)
        {
            throw new ArgumentException("a scoped view needs a non-empty prefix ending with '/'", nameof(prefix));
        }

        return new BarrierStorageView(barrier, Prefix + prefix);
    }
}
