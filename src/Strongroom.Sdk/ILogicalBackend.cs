namespace Strongroom.Sdk;

/// <summary>
/// A secrets engine or auth method mounted at one path. One instance per mount; it sees only
/// <see cref="MountContext.Storage"/>. It knows nothing of HTTP, tokens, ACLs, audit or other mounts.
/// </summary>
public interface ILogicalBackend
{
    /// <summary>Handles a routed, authorised request.</summary>
    ValueTask<LogicalResponse> HandleAsync(LogicalRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the target of a write already exists: decides between the ACL capabilities
    /// "create" and "update". Backends that do not distinguish return true (update).
    /// </summary>
    ValueTask<bool> ExistsAsync(LogicalRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(true);

    /// <summary>Paths (relative, '*' suffix glob) callable without a token, e.g. "login".</summary>
    IReadOnlyList<string> UnauthenticatedPaths => [];

    /// <summary>Renews a lease this backend issued. Default: not renewable.</summary>
    ValueTask<LogicalResponse> RenewAsync(SecretLease lease, CancellationToken cancellationToken) =>
        ValueTask.FromResult(LogicalResponse.Error(ErrorCode.BadRequest, "lease is not renewable"));

    /// <summary>Revokes a lease this backend issued (e.g. drops a database user). Default: nothing to do.</summary>
    ValueTask RevokeAsync(SecretLease lease, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Called when a token is revoked, with its <see cref="LogicalRequest.TokenScope"/>.</summary>
    ValueTask TokenRevokedAsync(string tokenScope, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
