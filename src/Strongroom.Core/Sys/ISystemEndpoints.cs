using Strongroom.Core.Pipeline;

namespace Strongroom.Core.Sys;

/// <summary>One group of sys/ endpoints (one Vault API docs page).</summary>
public interface ISystemEndpoints
{
    /// <summary>Handles <paramref name="subPath"/> (path after "sys/", no trailing slash) or returns null when it is not this group's.</summary>
    ValueTask<CoreResponse?> TryHandleAsync(string subPath, RequestContext context, CancellationToken cancellationToken);

    /// <summary>Whether a write targets an existing object (null when not this group's path).</summary>
    ValueTask<bool?> ExistsAsync(string subPath, RequestContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult<bool?>(null);
}
