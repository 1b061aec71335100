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
    private readonly CommitLog _commits;

    public InMemoryStorageView()
        : this(new ConcurrentDictionary<string, byte[]>(StringComparer.Ordinal), "", new CommitLog())
    {
    }

    private InMemoryStorageView(ConcurrentDictionary<string, byte[]> entries, string prefix, CommitLog commits)
    {
        _entries = entries;
        _prefix = prefix;
        _commits = commits;
    }

    /// <summary>Every batch committed or attempted through <see cref="CommitAsync"/> (absolute keys), in order.</summary>
    public IReadOnlyList<IReadOnlyList<StorageWrite>> Commits
    {
        get
        {
            lock (_commits)
            {
                return [.. _commits.Batches];
            }
        }
    }

    /// <summary>When set, a batch for which it returns true fails as a storage outage would, applying nothing.</summary>
    public Func<IReadOnlyList<StorageWrite>, bool>? FailCommit
    {
        get => _commits.Fail;
        set => _commits.Fail = value;
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

    /// <summary>All or nothing: keys validated and the failure hook consulted before anything is applied.</summary>
    public async ValueTask CommitAsync(IReadOnlyList<StorageWrite> writes, CancellationToken cancellationToken = default)
    {
        foreach (var write in writes)
        {
            StorageKey.Validate(write.Key);
        }

        await MaybeYield();
        var absolute = writes.Select(w => w with { Key = _prefix + w.Key, Value = w.Value?.ToArray() }).ToList();
        lock (_commits)
        {
            _commits.Batches.Add(absolute);
            if (_commits.Fail?.Invoke(absolute) == true)
            {
                throw new IOException("injected storage failure");
            }

            foreach (var write in absolute)
            {
                if (write.Value is null)
                {
                    _entries.TryRemove(write.Key, out _);
                }
                else
                {
                    _entries[write.Key] = write.Value;
                }
            }
        }
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
        return new InMemoryStorageView(_entries, _prefix + prefix, _commits) { YieldOnAccess = YieldOnAccess };
    }

    private async ValueTask MaybeYield()
    {
        if (YieldOnAccess)
        {
            await Task.Yield();
        }
    }

    /// <summary>State shared by a view and its scoped views.</summary>
    private sealed class CommitLog
    {
        public List<IReadOnlyList<StorageWrite>> Batches { get; } = [];

        public Func<IReadOnlyList<StorageWrite>, bool>? Fail { get; set; }
    }
}
