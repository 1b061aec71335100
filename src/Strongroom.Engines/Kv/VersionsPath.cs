using Strongroom.Sdk;

namespace Strongroom.Engines.Kv;

/// <summary>
/// KV v2 <c>delete/:path</c>, <c>undelete/:path</c> and <c>destroy/:path</c>: soft-delete, restore or
/// permanently remove the listed versions. Unknown or already destroyed versions are skipped, like Vault.
/// </summary>
internal sealed class VersionsPath
{
    private readonly KvV2Store _store;
    private readonly KeyLocks _locks;
    private readonly TimeProvider _clock;

    public VersionsPath(KvV2Store store, KeyLocks locks, TimeProvider clock)
    {
        _store = store;
        _locks = locks;
        _clock = clock;
    }

    public enum Action
    {
        Delete,
        Undelete,
        Destroy,
    }

    public async ValueTask<LogicalResponse> HandleAsync(LogicalRequest request, Action action, string path, CancellationToken cancellationToken)
    {
        if (request.Operation is not (Operation.Create or Operation.Update))
        {
            return LogicalResponse.Unsupported();
        }

        var versions = KvFormat.Versions(request.Data);
        if (versions.Count == 0)
        {
            return LogicalResponse.BadRequest("no version number provided");
        }

        var config = action == Action.Undelete ? await _store.GetConfigAsync(cancellationToken).ConfigureAwait(false) : null;
        using var held = await _locks.AcquireAsync(path, cancellationToken).ConfigureAwait(false);
        var meta = await _store.GetMetadataAsync(path, cancellationToken).ConfigureAwait(false);
        if (meta is null)
        {
            return LogicalResponse.NoContent();
        }

        var now = _clock.GetUtcNow();
        var destroyed = new List<long>();
        foreach (var number in versions)
        {
            if (meta.Find(number) is not { Destroyed: false } vm)
            {
                continue;
            }

            switch (action)
            {
                case Action.Delete when !vm.IsDeleted(now):
                    vm.DeletionTime = now;
                    break;
                case Action.Undelete:
                    // Restoring restarts the delete_version_after clock, as in Vault.
                    vm.DeletionTime = meta.DeletionTimeFor(now, config!.DeleteVersionAfter);
                    break;
                case Action.Destroy:
                    vm.Destroyed = true;
                    destroyed.Add(number);
                    break;
            }
        }

        // One batch: the metadata and the destroyed versions' data change together or not at all.
        var writes = new List<StorageWrite>(1 + destroyed.Count) { KvV2Store.MetadataWrite(path, meta) };
        writes.AddRange(destroyed.Select(number => KvV2Store.VersionDelete(path, number)));
        await _store.CommitAsync(writes, cancellationToken).ConfigureAwait(false);

        return LogicalResponse.NoContent();
    }
}
