using System.Text.Json.Nodes;
using Strongroom.Sdk;

namespace Strongroom.Engines.Kv;

/// <summary>
/// KV v2 <c>subkeys/:path</c>: the structure of a version with every leaf value replaced by null.
/// <c>depth</c> (0 = unlimited) makes keys at that nesting level leaves.
/// </summary>
internal sealed class SubkeysPath
{
    private readonly KvV2Store _store;
    private readonly TimeProvider _clock;

    public SubkeysPath(KvV2Store store, TimeProvider clock)
    {
        _store = store;
        _clock = clock;
    }

    public async ValueTask<LogicalResponse> HandleAsync(LogicalRequest request, string path, CancellationToken cancellationToken)
    {
        if (request.Operation != Operation.Read)
        {
            return LogicalResponse.Unsupported();
        }

        var requested = KvFormat.NonNegativeParameter(request, "version");
        var depth = KvFormat.NonNegativeParameter(request, "depth");
        var meta = await _store.GetMetadataAsync(path, cancellationToken).ConfigureAwait(false);
        if (meta is null)
        {
            return LogicalResponse.NotFound();
        }

        var number = requested > 0 ? requested : meta.CurrentVersion;
        if (meta.Find(number) is not { } vm)
        {
            return LogicalResponse.NotFound();
        }

        var result = new JsonObject { ["subkeys"] = null, ["metadata"] = KvFormat.VersionInfo(meta, number, vm) };
        var data = vm.IsLive(_clock.GetUtcNow())
            ? await _store.GetVersionAsync(path, number, cancellationToken).ConfigureAwait(false)
            : null;
        if (data is null)
        {
            return KvFormat.NotFoundWith(result);
        }

        result["subkeys"] = StripValues(data, 1, depth);
        return LogicalResponse.Ok(result);
    }

    /// <summary>A copy of <paramref name="level"/> keeping keys only; non-empty maps recurse until maxDepth.</summary>
    internal static JsonObject StripValues(JsonObject level, long currentDepth, long maxDepth)
    {
        var result = new JsonObject();
        foreach (var (key, value) in level)
        {
            var descend = value is JsonObject { Count: > 0 } && (maxDepth == 0 || currentDepth + 1 <= maxDepth);
            result[key] = descend ? StripValues((JsonObject)value!, currentDepth + 1, maxDepth) : null;
        }

        return result;
    }
}
