using Strongroom.Core.Pipeline;
using Strongroom.Sdk;

namespace Strongroom.Core.Sys;

/// <summary>
/// The sys/ mount: dispatches to one endpoint group per Vault API page (seal/init/health,
/// mounts and auth, policies, capabilities). Groups return null when a path is not theirs.
/// </summary>
public sealed class SystemHandler : ICoreHandler
{
    private readonly ISystemEndpoints[] _groups;

    public SystemHandler(StrongroomCore core)
    {
        _groups =
        [
            new SealEndpoints(core),
            new MountEndpoints(core),
            new PolicyEndpoints(core),
            new CapabilityEndpoints(core),
            new LeaseEndpoints(core),
            new WrappingEndpoints(core),
            new AuditEndpoints(core),
            new LockedUserEndpoints(core),
            new StorageEndpoints(core),
        ];
    }

    /// <summary>Extra endpoint groups (audit devices, leases, ...) registered by other components.</summary>
    public List<ISystemEndpoints> Extensions { get; } = [];

    public async ValueTask<bool> ExistsAsync(RequestContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sub = SubPath(context);
        foreach (var group in _groups.Concat(Extensions))
        {
            if (await group.ExistsAsync(sub, context, cancellationToken).ConfigureAwait(false) is { } exists)
            {
                return exists;
            }
        }

        return true;
    }

    public async ValueTask<CoreResponse> HandleAsync(RequestContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sub = SubPath(context);
        foreach (var group in _groups.Concat(Extensions))
        {
            if (await group.TryHandleAsync(sub, context, cancellationToken).ConfigureAwait(false) is { } response)
            {
                return response;
            }
        }

        return SystemResponses.Of(context, LogicalResponse.Error(ErrorCode.NotFound, $"no handler for route \"{context.Path}\". route entry not found."));
    }

    private static string SubPath(RequestContext context) =>
        context.Path.Length > 4 ? context.Path[4..].TrimEnd('/') : "";
}
