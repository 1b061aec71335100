namespace Strongroom.Core.Storage;

/// <summary>
/// Physical storage in process memory (dev mode, tests): a hash map plus an ordinally sorted key set (for
/// range listing) under one lock.
/// Values are copied in and out so callers cannot mutate stored bytes.
/// </summary>
public sealed class InMemoryPhysicalBackend : IPhysicalBackend
{
    private readonly Dictionary<string, byte[]> entries = new(StringComparer.Ordinal);
    private readonly SortedSet<string> keys = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        PhysicalKeys.ValidateKey(key);
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            return ValueTask.FromResult(entries.TryGetValue(key, out var value) ? (byte[]?)value.ToArray() : null);
        }
    }

    public ValueTask PutAsync(string key, byte[] value, CancellationToken cancellationToken = default)
    {
        PhysicalKeys.ValidateKey(key);
        ArgumentNullException.ThrowIfNull(value);
        cancellationToken.ThrowIfCancellationRequested();
        var copy = value.ToArray();
        lock (gate)
        {
            entries[key] = copy;
            keys.Add(key);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        PhysicalKeys.ValidateKey(key);
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            entries.Remove(key);
            keys.Remove(key);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        PhysicalKeys.ValidateListPrefix(prefix);
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            var end = PhysicalKeys.RangeEnd(prefix);
            IEnumerable<string> range = keys;
            if (end is not null && keys.Count > 0)
            {
                // GetViewBetween is inclusive at both ends; ImmediateChildren drops the "a0" key itself.
                range = keys.GetViewBetween(prefix, end);
            }

            return ValueTask.FromResult(PhysicalKeys.ImmediateChildren(prefix, range));
        }
    }

    public ValueTask CommitAsync(IReadOnlyList<PhysicalWrite> writes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        PhysicalKeys.ValidateBatch(writes);
        cancellationToken.ThrowIfCancellationRequested();
        var copies = writes.Select(w => (w.Key, Value: w.Value?.ToArray())).ToList();
        lock (gate)
        {
            foreach (var (key, value) in copies)
            {
                if (value is null)
                {
                    entries.Remove(key);
                    keys.Remove(key);
                }
                else
                {
                    entries[key] = value;
                    keys.Add(key);
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<PhysicalEntry>> ExportAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            return ValueTask.FromResult<IReadOnlyList<PhysicalEntry>>([.. keys.Select(k => new PhysicalEntry(k, entries[k].ToArray()))]);
        }
    }

    public ValueTask ReplaceAllAsync(IReadOnlyList<PhysicalEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var entry in entries)
        {
            PhysicalKeys.ValidateKey(entry.Key);
        }

        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            this.entries.Clear();
            keys.Clear();
            foreach (var entry in entries)
            {
                this.entries[entry.Key] = entry.Value.ToArray();
                keys.Add(entry.Key);
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
