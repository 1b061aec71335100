using Strongroom.Auth.Common;
using Strongroom.Sdk;

namespace Strongroom.Auth.AppRole;

/// <summary>
/// The AppRole auth method (Vault api-docs/auth/approle): machines log in with a role ID and a
/// secret ID. Mutations and logins are serialised per mount so num_uses accounting is exact.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "SemaphoreSlim without AvailableWaitHandle holds no unmanaged resource; mounts live as long as the process.")]
internal sealed class AppRoleBackend : ILogicalBackend
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly AppRoleStore _store;
    private readonly AppRoleRolePaths _roles;
    private readonly AppRoleSecretIdPaths _secretIds;
    private readonly AppRoleLoginPath _login;
    private readonly AppRoleTidyPath _tidy;

    public AppRoleBackend(MountContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _store = new AppRoleStore(context.Storage);
        _roles = new AppRoleRolePaths(_store);
        _secretIds = new AppRoleSecretIdPaths(_store, context.Clock);
        _login = new AppRoleLoginPath(_store, context.Clock);
        _tidy = new AppRoleTidyPath(_store, context.Clock);
    }

    public IReadOnlyList<string> UnauthenticatedPaths { get; } = ["login"];

    public async ValueTask<bool> ExistsAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parts = RequestPath.Split(request.Path);
        if (parts is ["role", var name] && Names.IsValid(name))
        {
            return await _store.GetRoleAsync(name.ToLowerInvariant(), cancellationToken).ConfigureAwait(false) is not null;
        }

        return true;
    }

    public async ValueTask<LogicalResponse> HandleAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parts = RequestPath.Split(request.Path);
        var op = request.Operation;
        var write = op is Operation.Create or Operation.Update;
        if (op == Operation.Read && parts is ["role", _] or ["role", _, "role-id"] or ["login"])
        {
            return await DispatchAsync(request, parts, cancellationToken).ConfigureAwait(false);
        }

        if (op == Operation.List && parts is ["role"] or ["role", _, "secret-id"])
        {
            return await DispatchAsync(request, parts, cancellationToken).ConfigureAwait(false);
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return write || op == Operation.Delete
                ? await DispatchAsync(request, parts, cancellationToken).ConfigureAwait(false)
                : NoHandler(parts, request.Path);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async ValueTask<LogicalResponse> DispatchAsync(LogicalRequest request, string[] parts, CancellationToken ct)
    {
        var op = request.Operation;
        var write = op is Operation.Create or Operation.Update;
        try
        {
            if (parts.Length >= 2 && parts[0] == "role" && !Names.IsValid(parts[1]))
            {
                return LogicalResponse.BadRequest("invalid role name");
            }

            var role = parts.Length >= 2 ? parts[1].ToLowerInvariant() : "";
            return (parts, op) switch
            {
                (["login"], _) when write => await _login.LoginAsync(request, ct).ConfigureAwait(false),
                (["role"], Operation.List) => await _roles.ListAsync(ct).ConfigureAwait(false),
                (["role", _], Operation.Read) => await _roles.ReadAsync(role, ct).ConfigureAwait(false),
                (["role", _], _) when write => await _roles.WriteAsync(role, request.Data, ct).ConfigureAwait(false),
                (["role", _], Operation.Delete) => await _roles.DeleteAsync(role, ct).ConfigureAwait(false),
                (["role", _, "role-id"], Operation.Read) => await _roles.ReadRoleIdAsync(role, ct).ConfigureAwait(false),
                (["role", _, "role-id"], _) when write => await _roles.WriteRoleIdAsync(role, request.Data, ct).ConfigureAwait(false),
                (["role", _, "secret-id"], Operation.List) => await _secretIds.ListAccessorsAsync(role, ct).ConfigureAwait(false),
                (["role", _, "secret-id"], _) when write => await _secretIds.GenerateAsync(role, request.Data, custom: false, ct).ConfigureAwait(false),
                (["role", _, "custom-secret-id"], _) when write => await _secretIds.GenerateAsync(role, request.Data, custom: true, ct).ConfigureAwait(false),
                (["role", _, "secret-id", "lookup"], _) when write => await _secretIds.LookupAsync(role, request.Data, byAccessor: false, ct).ConfigureAwait(false),
                (["role", _, "secret-id", "destroy"], _) when write || op == Operation.Delete
                    => await _secretIds.DestroyAsync(role, request.Data, byAccessor: false, ct).ConfigureAwait(false),
                (["role", _, "secret-id-accessor", "lookup"], _) when write
                    => await _secretIds.LookupAsync(role, request.Data, byAccessor: true, ct).ConfigureAwait(false),
                (["role", _, "secret-id-accessor", "destroy"], _) when write || op == Operation.Delete
                    => await _secretIds.DestroyAsync(role, request.Data, byAccessor: true, ct).ConfigureAwait(false),
                (["tidy", "secret-id"], _) when write => await _tidy.TidyAsync(ct).ConfigureAwait(false),
                _ => NoHandler(parts, request.Path),
            };
        }
        catch (FieldException e)
        {
            return LogicalResponse.BadRequest(e.Message);
        }
    }

    private static LogicalResponse NoHandler(string[] parts, string path) => parts switch
    {
        ["login"] or ["role"] or ["role", _] or ["role", _, "role-id" or "secret-id" or "custom-secret-id"]
            or ["role", _, "secret-id" or "secret-id-accessor", "lookup" or "destroy"] or ["tidy", "secret-id"]
            => LogicalResponse.Unsupported(),
        _ => LogicalResponse.Error(ErrorCode.NotFound, $"no handler for route \"{path}\""),
    };
}
