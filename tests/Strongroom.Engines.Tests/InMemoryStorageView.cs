using System.Collections.Concurrent;
using Strongroom.Sdk;

namespace Strongroom.Engines.Tests;

/// <summary>
/// Dictionary-backed <see cref="IStorageView"/> with the real contract: keys validated by
/// <see cref="StorageKey"/>, values copied in and out, List returning immediate children sorted
/// ordinally with folders once and suffixed '/'. Scoped views share the dictionary.
/// </summary>
public sealed class InMemoryStorageView : IStorageView
{
    private readonly ConcurrentDictionary<string, byte[]> _entries;
    private readonly string _prefix;

    public InMemoryStorageView()
        : this(new ConcurrentDictionary<string, byte[]>(StringComparer.Ordinal), "")
    {
    }

    private InMemoryStorageView(ConcurrentDictionary<string, byte[]> entries, string prefix)
    {
        _entries = entries;
        _prefix = prefix;
    }

    /// <summary>
    /// When true every operation first yields to the thread pool, like real I/O would, so that
    /// concurrent callers interleave between their reads and writes (used by race tests).
    /// </summary>
    public bool YieldOnAccess { get; init; }

    /// <summary>Every key in the underlying dictionary (absolute, not relative to this view).</summary>
    public IReadOnlyCollection<string> AllKeys => [.. _entries.Keys.Order(StringComparer.Ordinal)];

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        StorageKey.Validate(key);
        await MaybeYield();
        return _entries.TryGetValue(_prefix + key, out var value) ? value.ToArray() : null;
    }

    public async ValueTask PutAsync(string key, byte[] value, CancellationToken cancellationToken = default)
    {
        StorageKey.Validate(key);
        await MaybeYield();
        _entries[_prefix + key] = value.ToArray();
    }

    public ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        StorageKey.Validate(key);
        _entries.TryRemove(_prefix + key, out _);
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        if (prefix.Length > 0)
        {
            StorageKey.Validate(prefix, allowTrailingSlash: true);
            if (!prefix.EndsWith('/'))
            {
                throw new ArgumentException("list prefix must end with '/'", nameof(prefix));
            }
        }

        var full = _prefix + prefix;
        var children = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var key in _entries.Keys)
        {
            if (!key.StartsWith(full, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = key[full.Length..];
            var slash = rest.IndexOf('/');
            children.Add(slash < 0 ? rest : rest[..(slash + 1)]);
        }

        return ValueTask.FromResult<IReadOnlyList<string>>([.. children]);
    }

    public IStorageView Scoped(string prefix)
    {
        StorageKey.Validate(prefix, allowTrailingSlash: true);
        return new InMemoryStorageView(_entries, _prefix + prefix) { YieldOnAccess = YieldOnAccess };
    }

    private async ValueTask MaybeYield()
    {
        if (YieldOnAccess)
        {
            await Task.Yield();
        }
    }
}
