using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Strongroom.Sdk;

namespace Strongroom.Engines.Kv;

/// <summary>
/// The unversioned KV engine (Vault KV v1): each path holds one JSON object. A "ttl" (or "lease")
/// field in the data is reported as the lease duration; otherwise the mount's default TTL is.
/// No lease is registered: the duration is only a hint for clients.
/// </summary>
internal sealed class KvV1Backend : ILogicalBackend
{
    private readonly MountContext _context;

    public KvV1Backend(MountContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
    }

    private IStorageView Storage => _context.Storage;

    public async ValueTask<LogicalResponse> HandleAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.Path;
        if (request.IsList)
        {
            var folder = path.Length == 0 || path.EndsWith('/') ? path : path + "/";
            if (folder.Length > 0 && !StorageKey.IsValid(folder, allowTrailingSlash: true))
            {
                return InvalidPath();
            }

            var keys = await Storage.ListAsync(folder, cancellationToken).ConfigureAwait(false);
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
                return await ReadAsync(path, cancellationToken).ConfigureAwait(false);
            case Operation.Create or Operation.Update:
                return await WriteAsync(path, request.Data, cancellationToken).ConfigureAwait(false);
            case Operation.Delete:
                await Storage.DeleteAsync(path, cancellationToken).ConfigureAwait(false);
                return LogicalResponse.NoContent();
            default:
                return LogicalResponse.Unsupported();
        }
    }

    public async ValueTask<bool> ExistsAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return !StorageKey.IsValid(request.Path)
            || await Storage.GetAsync(request.Path, cancellationToken).ConfigureAwait(false) is not null;
    }

    private async ValueTask<LogicalResponse> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var raw = await Storage.GetAsync(path, cancellationToken).ConfigureAwait(false);
        if (raw is null || JsonNode.Parse(raw) is not JsonObject data)
        {
            return LogicalResponse.NotFound();
        }

        var ttl = _context.Ttls().Default;
        if ((data["ttl"] ?? data["lease"]) is { } ttlNode && Durations.TryParse(ttlNode, out var custom))
        {
            ttl = custom;
        }

        return new LogicalResponse
        {
            Data = data,
            Secret = new SecretLease { Ttl = ttl, Renewable = false, Register = false },
        };
    }

    private async ValueTask<LogicalResponse> WriteAsync(string path, JsonObject data, CancellationToken cancellationToken)
    {
        if (data.Count == 0)
        {
            return LogicalResponse.BadRequest("missing data fields");
        }

        foreach (var field in (string[])["ttl", "lease"])
        {
            if (data[field] is { } node && !Durations.TryParse(node, out _))
            {
                return LogicalResponse.BadRequest(new FieldException(field, "a duration").Message);
            }
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            data.WriteTo(writer);
        }

        try
        {
            await Storage.PutAsync(path, buffer.WrittenSpan.ToArray(), cancellationToken).ConfigureAwait(false);
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
