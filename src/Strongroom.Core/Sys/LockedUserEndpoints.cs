using System.Text.Json.Nodes;
using Strongroom.Core.Pipeline;
using Strongroom.Sdk;

namespace Strongroom.Core.Sys;

/// <summary>
/// sys/locked-users (read) and sys/locked-users/:mount_accessor/unlock/:alias_identifier (write):
/// Vault's user lockout API. Each auth method that locks users out answers "locked-users" (list)
/// and "locked-users/unlock/:alias" (write) on its own mount; this group gathers and forwards.
/// </summary>
internal sealed class LockedUserEndpoints : ISystemEndpoints
{
    private readonly StrongroomCore _core;

    public LockedUserEndpoints(StrongroomCore core)
    {
        _core = core;
    }

    public async ValueTask<CoreResponse?> TryHandleAsync(string subPath, RequestContext context, CancellationToken cancellationToken)
    {
        if (subPath == "locked-users")
        {
            return context.Operation == Operation.Read
                ? await ListAsync(context, cancellationToken).ConfigureAwait(false)
                : SystemResponses.Unsupported(context);
        }

        if (!subPath.StartsWith("locked-users/", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = subPath.Split('/');
        if (parts.Length != 4 || parts[2] != "unlock" || parts[1].Length == 0 || parts[3].Length == 0)
        {
            return SystemResponses.Error(context, ErrorCode.NotFound, "expected sys/locked-users/:mount_accessor/unlock/:alias_identifier");
        }

        if (context.Operation is not (Operation.Create or Operation.Update))
        {
            return SystemResponses.Unsupported(context);
        }

        var mount = _core.Mounts.Mounts.FirstOrDefault(m => m.Kind == BackendKind.AuthMethod && m.Entry.Accessor == parts[1]);
        if (mount is null)
        {
            return SystemResponses.Error(context, ErrorCode.BadRequest, $"no auth mount with accessor \"{parts[1]}\"");
        }

        var response = await mount.Backend.HandleAsync(
            new LogicalRequest { Operation = Operation.Update, Path = "locked-users/unlock/" + parts[3], MountPoint = mount.FullPath, RequestId = context.Request.RequestId },
            cancellationToken).ConfigureAwait(false);
        return response.IsError
            ? SystemResponses.Error(context, ErrorCode.BadRequest, $"auth mount \"{mount.FullPath}\" does not support user lockout")
            : SystemResponses.NoContent(context);
    }

    private async ValueTask<CoreResponse> ListAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var byAccessor = new JsonArray();
        var total = 0;
        foreach (var mount in _core.Mounts.Mounts.Where(m => m.Kind == BackendKind.AuthMethod))
        {
            var response = await mount.Backend.HandleAsync(
                new LogicalRequest { Operation = Operation.List, Path = "locked-users", MountPoint = mount.FullPath, RequestId = context.Request.RequestId },
                cancellationToken).ConfigureAwait(false);
            if (response.IsError || response.Data?["keys"] is not JsonArray { Count: > 0 } keys)
            {
                continue;
            }

            total += keys.Count;
            byAccessor.Add(new JsonObject
            {
                ["mount_accessor"] = mount.Entry.Accessor,
                ["counts"] = keys.Count,
                ["alias_identifiers"] = keys.DeepClone(),
            });
        }

        var data = new JsonObject
        {
            ["by_namespace"] = new JsonArray(new JsonObject
            {
                ["namespace_id"] = "root",
                ["namespace_path"] = "",
                ["counts"] = total,
                ["mount_accessors"] = byAccessor,
            }),
            ["total"] = total,
        };
        return SystemResponses.Ok(context, data);
    }
}
