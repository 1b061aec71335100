namespace Strongroom.Core.Pipeline;

/// <summary>A core-owned path group (sys/, auth/token/) that needs the caller's token and the core's services.</summary>
public interface ICoreHandler
{
    /// <summary>Whether a write to the path targets something that exists (create vs update); most core paths are updates.</summary>
    ValueTask<bool> ExistsAsync(RequestContext context, CancellationToken cancellationToken) => ValueTask.FromResult(true);

    ValueTask<CoreResponse> HandleAsync(RequestContext context, CancellationToken cancellationToken);
}
