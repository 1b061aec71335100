using System.Collections.Concurrent;
using Strongroom.Sdk;

namespace Strongroom.Auth.Tests.Infrastructure;

/// <summary>Dictionary-backed storage view with the contract's key rules and list semantics.</summary>
internal sealed class InMemoryStorageView : IStorageView
{
    private readonly ConcurrentDictionary<string, byte[]> _data;
    private readonly string _prefix;

    public InMemoryStorageView()
        : this(new ConcurrentDictionary<string, byte[]>(StringComparer.Ordinal), "")
    {
    }

    private InMemoryStorageView(ConcurrentDictionary<string, byte[]> data, string prefix)
    {
        _data = data;
        _prefix = prefix;
    }

    /// <summary>Every key and value, for assertions about what was (not) stored.</summary>
    public IReadOnlyDictionary<string, byte[]> Raw => _data;

    public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        StorageKey.Validate(key);
        return ValueTask.FromResult(_data.TryGetValue(_prefix + key, out var v) ? v.ToArray() : null);
    }

    public ValueTask PutAsync(string key, byte[] value, CancellationToken cancellationToken = default)
    {
        StorageKey.Validate(key);
        _data[_prefix + key] = value.ToArray();
        return ValueTask.CompletedTask;
    }

    public ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        StorageKey.Validate(key);
        _data.TryRemove(_prefix + key, out _);
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        StorageKey.Validate(prefix, allowTrailingSlash: true);
        var full = _prefix + prefix;
        var result = _data.Keys
            .Where(k => k.StartsWith(full, StringComparison.Ordinal))
            .Select(k => k[full.Length..])
            .Select(rest => rest.Contains('/') ? rest[..(rest.IndexOf('/') + 1)] : rest)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        return ValueTask.FromResult<IReadOnlyList<string>>(result);
    }

    public IStorageView Scoped(string prefix)
    {
        StorageKey.Validate(prefix, allowTrailingSlash: true);
        return new InMemoryStorageView(_data, _prefix + prefix);
    }
}
