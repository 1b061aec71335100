using System.Text.Json.Nodes;
using Strongroom.Sdk;

namespace Strongroom.Engines.Database;

/// <summary>
/// The database secrets engine (Vault's <c>database</c> with the PostgreSQL plugin). Routes a
/// mount-relative path to its path group, renews and revokes the leases of dynamic credentials,
/// and rotates static roles when their period is up (on a timer and, lazily, on read).
/// </summary>
internal sealed class DatabaseBackend : ILogicalBackend, IAsyncDisposable
{
    private static readonly TimeSpan RotationCheckInterval = TimeSpan.FromSeconds(5);
    private readonly DatabaseStore _store;
    private readonly PostgresConnections _connections = new();
    private readonly ConfigPaths _config;
    private readonly RolePaths _roles;
    private readonly CredsPath _creds;
    private readonly StaticRolePaths _static;
    private readonly ITimer _rotationTimer;

    public DatabaseBackend(MountContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _store = new DatabaseStore(context.Storage);
        _config = new ConfigPaths(_store, _connections);
        _roles = new RolePaths(_store);
        _creds = new CredsPath(_store, _connections, context.Clock, context.Ttls);
        _static = new StaticRolePaths(_store, _connections, context.Clock);
        _rotationTimer = context.Clock.CreateTimer(_ => _ = _static.RotateDueAsync(), null, RotationCheckInterval, RotationCheckInterval);
    }

    public async ValueTask<LogicalResponse> HandleAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.Path.TrimEnd('/');
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? path : path[..slash];
        var name = slash < 0 ? null : path[(slash + 1)..];
        if (name is not null && !IsValidName(name))
        {
            return LogicalResponse.BadRequest("invalid name: use letters, digits, '-', '_' and '.'");
        }

        try
        {
            if (request.IsList)
            {
                return group switch
                {
                    "config" when name is null => await _config.ListAsync(cancellationToken).ConfigureAwait(false),
                    "roles" when name is null => await _roles.ListAsync(cancellationToken).ConfigureAwait(false),
                    "static-roles" when name is null => await _static.ListAsync(cancellationToken).ConfigureAwait(false),
                    _ => UnsupportedPath(),
                };
            }

            if (name is null)
            {
                return UnsupportedPath();
            }

            return group switch
            {
                "config" => await _config.HandleConfigAsync(request, name, cancellationToken).ConfigureAwait(false),
                "reset" => await _config.ResetAsync(request, name, cancellationToken).ConfigureAwait(false),
                "rotate-root" => await _config.RotateRootAsync(request, name, cancellationToken).ConfigureAwait(false),
                "roles" => await _roles.HandleAsync(request, name, cancellationToken).ConfigureAwait(false),
                "creds" => await _creds.HandleAsync(request, name, cancellationToken).ConfigureAwait(false),
                "static-roles" => await _static.HandleRoleAsync(request, name, cancellationToken).ConfigureAwait(false),
                "static-creds" => await _static.HandleCredsAsync(request, name, cancellationToken).ConfigureAwait(false),
                "rotate-role" => await _static.HandleRotateAsync(request, name, cancellationToken).ConfigureAwait(false),
                _ => UnsupportedPath(),
            };
        }
        catch (FieldException e)
        {
            return LogicalResponse.BadRequest(e.Message);
        }
    }

    public async ValueTask<bool> ExistsAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.Path.TrimEnd('/');
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IsValidName(path[(slash + 1)..]))
        {
            return true;
        }

        var name = path[(slash + 1)..];
        return path[..slash] switch
        {
            "config" => await _store.GetConfigAsync(name, cancellationToken).ConfigureAwait(false) is not null,
            "roles" => await _store.GetRoleAsync(name, cancellationToken).ConfigureAwait(false) is not null,
            "static-roles" => await _store.GetStaticRoleAsync(name, cancellationToken).ConfigureAwait(false) is not null,
            _ => true,
        };
    }

    public ValueTask<LogicalResponse> RenewAsync(SecretLease lease, CancellationToken cancellationToken) =>
        _creds.RenewAsync(lease, cancellationToken);

    public ValueTask RevokeAsync(SecretLease lease, CancellationToken cancellationToken) =>
        _creds.RevokeAsync(lease, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _rotationTimer.DisposeAsync().ConfigureAwait(false);
        await _connections.DisposeAsync().ConfigureAwait(false);
    }

    internal static bool IsValidName(string name) =>
        name.Length is > 0 and <= 128 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && name is not ("." or "..");

    internal static JsonArray Keys(IEnumerable<string> keys) => new([.. keys.Select(k => (JsonNode)k)]);

    private static LogicalResponse UnsupportedPath() => LogicalResponse.Error(ErrorCode.NotFound, "unsupported path");
}
