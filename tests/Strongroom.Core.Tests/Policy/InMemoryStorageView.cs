using System.Collections.Concurrent;
using Strongroom.Sdk;

namespace Strongroom.Core.Tests.Policy;

/// <summary>A simple in-memory <see cref="IStorageView"/> for policy store tests; counts reads.</summary>
internal sealed class InMemoryStorageView : IStorageView
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

    public int Reads { get; private set; }

    public IReadOnlyDictionary<string, byte[]> Entries => _entries;

    public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        StorageKey.Validate(key);
        Reads++;
        return ValueTask.FromResult(_entries.TryGetValue(_prefix + key, out var v) ? v.ToArray() : null);
    }

    public ValueTask PutAsync(string key, byte[] value, CancellationToken cancellationToken = default)
    {
        StorageKey.Validate(key);
        _entries[_prefix + key] = value.ToArray();
        return ValueTask.CompletedTask;
    }

    public ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        StorageKey.Validate(key);
        _entries.TryRemove(_prefix + key, out _);
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        StorageKey.Validate(prefix, allowTrailingSlash: true);
        var full = _prefix + prefix;
        var children = _entries.Keys
            .Where(k => k.StartsWith(full, StringComparison.Ordinal))
            .Select(k => k[full.Length..])
            .Select(rest => rest.Contains('/') ? rest[..(rest.IndexOf('/') + 1)] : rest)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        return ValueTask.FromResult<IReadOnlyList<string>>(children);
    }

    public IStorageView Scoped(string prefix)
    {
        StorageKey.Validate(prefix, allowTrailingSlash: true);
        return new InMemoryStorageView(_entries, _prefix + prefix);
    }
}
