using Strongroom.Core.Storage;

namespace Strongroom.Core.Tests.Barrier;

/// <summary>
/// An in-memory physical backend whose batch commits fail (as a storage outage would), after
/// recording the batch; single puts, deletes and reads work.
/// </summary>
internal sealed class FailingCommitPhysicalBackend : IPhysicalBackend
{
    private readonly InMemoryPhysicalBackend inner = new();

    public List<IReadOnlyList<PhysicalWrite>> Attempts { get; } = [];

    public bool FailCommits { get; set; } = true;

    public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default) => inner.GetAsync(key, cancellationToken);

    public ValueTask PutAsync(string key, byte[] value, CancellationToken cancellationToken = default) => inner.PutAsync(key, value, cancellationToken);

    public ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, cancellationToken);

    public ValueTask<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

    public ValueTask CommitAsync(IReadOnlyList<PhysicalWrite> writes, CancellationToken cancellationToken = default)
    {
        Attempts.Add([.. writes]);
        return FailCommits ? throw new StorageUnavailableException("injected storage outage") : inner.CommitAsync(writes, cancellationToken);
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
