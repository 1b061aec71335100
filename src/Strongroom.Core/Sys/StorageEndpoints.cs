using System.Text.Json.Nodes;
using Strongroom.Core.Pipeline;
using Strongroom.Core.Storage;
using Strongroom.Sdk;

namespace Strongroom.Core.Sys;

/// <summary>
/// sys/storage/snapshot (Strongroom's own path; Vault's raft-only equivalent is sys/storage/raft/snapshot):
/// GET returns a consistent snapshot of every physical entry (still barrier-encrypted, see
/// <see cref="StorageSnapshot"/>); POST/PUT with a snapshot as the body replaces the whole storage with
/// it and seals this node (unseal again with the snapshot's keys). Both need sudo.
/// </summary>
internal sealed class StorageEndpoints : ISystemEndpoints
{
    private readonly StrongroomCore _core;

    public StorageEndpoints(StrongroomCore core)
    {
        _core = core;
    }

    public async ValueTask<CoreResponse?> TryHandleAsync(string subPath, RequestContext context, CancellationToken cancellationToken)
    {
        if (subPath != "storage/snapshot")
        {
            return null;
        }

        switch (context.Operation)
        {
            case Operation.Read:
                var entries = await _core.ExportStorageAsync(cancellationToken).ConfigureAwait(false);
                return SystemResponses.Ok(context, StorageSnapshot.ToJson(entries, _core.Clock.GetUtcNow()));
            case Operation.Create or Operation.Update:
                IReadOnlyList<PhysicalEntry> restored;
                try
                {
                    restored = StorageSnapshot.FromJson(context.Request.Data);
                }
                catch (FormatException ex)
                {
                    return SystemResponses.Error(context, ErrorCode.BadRequest, ex.Message);
                }

                await _core.RestoreStorageAsync(restored, cancellationToken).ConfigureAwait(false);
                return SystemResponses.NoContent(context);
            default:
                return SystemResponses.Unsupported(context);
        }
    }
}
