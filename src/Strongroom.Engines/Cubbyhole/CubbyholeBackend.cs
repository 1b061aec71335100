using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Strongroom.Sdk;

namespace Strongroom.Engines.Cubbyhole;

/// <summary>
/// Per-token private storage (Vault's cubbyhole): read, write, list and delete JSON objects under the
/// calling token's <see cref="LogicalRequest.TokenScope"/>. No token can see another's data, and all
/// of a token's data is removed when it is revoked.
/// </summary>
internal sealed class CubbyholeBackend : ILogicalBackend
{
    private readonly IStorageView _storage;

    public CubbyholeBackend(MountContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _storage = context.Storage;
    }

    public async ValueTask<LogicalResponse> HandleAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (ScopeOf(request.TokenScope) is not { } scope)
        {
            return request.TokenScope is null
                ? LogicalResponse.Error(ErrorCode.PermissionDenied, "client token empty")
                : LogicalResponse.BadRequest("invalid token scope");
        }

        var path = request.Path;
        if (request.IsList)
        {
            var folder = path.Length == 0 || path.EndsWith('/') ? path : path + "/";
            if (folder.Length > 0 && !StorageKey.IsValid(folder, allowTrailingSlash: true))
            {
                return InvalidPath();
            }

            var keys = await scope.ListAsync(folder, cancellationToken).ConfigureAwait(false);
            return keys.Count == 0
                ? LogicalResponse.NotFound()
                : LogicalResponse.Ok(new JsonObject { ["keys"] = new JsonArray([.. keys.Select(k => (JsonNode)k)]) });
        }

        if (path.Length == 0)
        {
            return request.Operation == Operation.Read ? LogicalResponse.NotFound() : LogicalResponse.BadRequest("missing path");
        }

        if (!StorageKey.IsValid(path))
        {
            return InvalidPath();
        }

        switch (request.Operation)
        {
            case Operation.Read:
                var raw = await scope.GetAsync(path, cancellationToken).ConfigureAwait(false);
                return raw is not null && JsonNode.Parse(raw) is JsonObject data ? LogicalResponse.Ok(data) : LogicalResponse.NotFound();
            case Operation.Create or Operation.Update:
                return await WriteAsync(scope, path, request.Data, cancellationToken).ConfigureAwait(false);
            case Operation.Delete:
                await scope.DeleteAsync(path, cancellationToken).ConfigureAwait(false);
                return LogicalResponse.NoContent();
            default:
                return LogicalResponse.Unsupported();
        }
    }

    public async ValueTask<bool> ExistsAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ScopeOf(request.TokenScope) is not { } scope || !StorageKey.IsValid(request.Path)
            || await scope.GetAsync(request.Path, cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <summary>Deletes everything stored under the revoked token's scope.</summary>
    public async ValueTask TokenRevokedAsync(string tokenScope, CancellationToken cancellationToken)
    {
        if (ScopeOf(tokenScope) is { } scope)
        {
            await DeleteTreeAsync(scope, "", cancellationToken).ConfigureAwait(false);
        }
    }

    private static async ValueTask DeleteTreeAsync(IStorageView scope, string folder, CancellationToken cancellationToken)
    {
        foreach (var child in await scope.ListAsync(folder, cancellationToken).ConfigureAwait(false))
        {
            if (child.EndsWith('/'))
            {
                await DeleteTreeAsync(scope, folder + child, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await scope.DeleteAsync(folder + child, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The token's private view, or null when the scope is missing or not a single key segment.</summary>
    private IStorageView? ScopeOf(string? tokenScope) =>
        string.IsNullOrEmpty(tokenScope) || tokenScope.Contains('/', StringComparison.Ordinal) || !StorageKey.IsValid(tokenScope)
            ? null
            : _storage.Scoped(tokenScope + "/");

    private static async ValueTask<LogicalResponse> WriteAsync(IStorageView scope, string path, JsonObject data, CancellationToken cancellationToken)
    {
        if (data.Count == 0)
        {
            return LogicalResponse.BadRequest("missing data fields");
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            data.WriteTo(writer);
        }

        try
        {
            await scope.PutAsync(path, buffer.WrittenSpan.ToArray(), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            buffer.Clear();
        }

        return LogicalResponse.NoContent();
    }

    private static LogicalResponse InvalidPath() =>
        LogicalResponse.BadRequest("invalid path: must not contain '..', empty segments or control characters");
}
