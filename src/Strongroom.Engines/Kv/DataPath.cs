using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Strongroom.Sdk;

namespace Strongroom.Engines.Kv;

/// <summary>KV v2 <c>data/:path</c>: read a version, write or patch a new version, soft-delete the latest.</summary>
internal sealed class DataPath
{
    private readonly KvV2Store _store;
    private readonly KeyLocks _locks;
    private readonly TimeProvider _clock;

    public DataPath(KvV2Store store, KeyLocks locks, TimeProvider clock)
    {
        _store = store;
        _locks = locks;
        _clock = clock;
    }

    public ValueTask<LogicalResponse> HandleAsync(LogicalRequest request, string path, CancellationToken cancellationToken) =>
        request.Operation switch
        {
            Operation.Read => ReadAsync(request, path, cancellationToken),
            Operation.Create or Operation.Update => WriteAsync(request, path, cancellationToken),
            Operation.Patch => PatchAsync(request, path, cancellationToken),
            Operation.Delete => DeleteLatestAsync(path, cancellationToken),
            _ => ValueTask.FromResult(LogicalResponse.Unsupported()),
        };

    private async ValueTask<LogicalResponse> ReadAsync(LogicalRequest request, string path, CancellationToken cancellationToken)
    {
        var requested = KvFormat.NonNegativeParameter(request, "version");
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

        var result = new JsonObject { ["data"] = null, ["metadata"] = KvFormat.VersionInfo(meta, number, vm) };
        if (!vm.IsLive(_clock.GetUtcNow()))
        {
            return KvFormat.NotFoundWith(result);
        }

        var data = await _store.GetVersionAsync(path, number, cancellationToken).ConfigureAwait(false);
        if (data is null)
        {
            // Pruned or destroyed between the two gets.
            return KvFormat.NotFoundWith(result);
        }

        result["data"] = data;
        return LogicalResponse.Ok(result);
    }

    private async ValueTask<LogicalResponse> WriteAsync(LogicalRequest request, string path, CancellationToken cancellationToken)
    {
        if (request.Data.GetObject("data") is not { } data)
        {
            return LogicalResponse.BadRequest("no data provided");
        }

        var cas = ReadCas(request.Data);
        using var held = await _locks.AcquireAsync(path, cancellationToken).ConfigureAwait(false);
        var config = await _store.GetConfigAsync(cancellationToken).ConfigureAwait(false);
        var meta = await _store.GetMetadataAsync(path, cancellationToken).ConfigureAwait(false) ?? new KeyMetadata();
        if (CheckAndSet(cas, config, meta) is { } failure)
        {
            return failure;
        }

        return await AppendVersionAsync(path, meta, config, data, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<LogicalResponse> PatchAsync(LogicalRequest request, string path, CancellationToken cancellationToken)
    {
        if (request.Data.GetObject("data") is not { } patch)
        {
            return LogicalResponse.BadRequest("no data provided");
        }

        var cas = ReadCas(request.Data);
        using var held = await _locks.AcquireAsync(path, cancellationToken).ConfigureAwait(false);
        var meta = await _store.GetMetadataAsync(path, cancellationToken).ConfigureAwait(false);
        if (meta is null)
        {
            return LogicalResponse.NotFound();
        }

        var config = await _store.GetConfigAsync(cancellationToken).ConfigureAwait(false);
        if (CheckAndSet(cas, config, meta) is { } failure)
        {
            return failure;
        }

        if (meta.Find(meta.CurrentVersion) is not { } current)
        {
            return LogicalResponse.NotFound();
        }

        if (!current.IsLive(_clock.GetUtcNow()))
        {
            return KvFormat.NotFoundWith(KvFormat.VersionInfo(meta, meta.CurrentVersion, current));
        }

        var existing = await _store.GetVersionAsync(path, meta.CurrentVersion, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            return KvFormat.NotFoundWith(KvFormat.VersionInfo(meta, meta.CurrentVersion, current));
        }

        var patched = (JsonObject)JsonMergePatch.Apply(existing, patch)!;
        return await AppendVersionAsync(path, meta, config, patched, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<LogicalResponse> DeleteLatestAsync(string path, CancellationToken cancellationToken)
    {
        using var held = await _locks.AcquireAsync(path, cancellationToken).ConfigureAwait(false);
        var meta = await _store.GetMetadataAsync(path, cancellationToken).ConfigureAwait(false);
        var now = _clock.GetUtcNow();
        if (meta?.Find(meta.CurrentVersion) is not { } latest || !latest.IsLive(now))
        {
            return LogicalResponse.NoContent();
        }

        latest.DeletionTime = now;
        await _store.CommitAsync([KvV2Store.MetadataWrite(path, meta)], cancellationToken).ConfigureAwait(false);
        return LogicalResponse.NoContent();
    }

    /// <summary>
    /// Writes <paramref name="data"/> as the next version, updates the metadata and prunes old versions,
    /// all in one storage batch: a failure leaves the key exactly as it was.
    /// </summary>
    private async ValueTask<LogicalResponse> AppendVersionAsync(string path, KeyMetadata meta, KvV2Config config, JsonObject data, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var deletion = meta.DeletionTimeFor(now, config.DeleteVersionAfter);
        var payload = KvV2Store.VersionWrite(path, meta.CurrentVersion + 1, data);
        try
        {
            var (added, pruned) = meta.AddVersion(now, deletion, config.MaxVersions);
            var writes = new List<StorageWrite>(2 + pruned.Count) { payload, KvV2Store.MetadataWrite(path, meta) };
            writes.AddRange(pruned.Select(version => KvV2Store.VersionDelete(path, version)));
            await _store.CommitAsync(writes, cancellationToken).ConfigureAwait(false);
            return LogicalResponse.Ok(KvFormat.VersionInfo(meta, meta.CurrentVersion, added));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(payload.Value);
        }
    }

    private static long? ReadCas(JsonObject body) => body.GetObject("options")?.GetInt("cas");

    /// <summary>Vault's check-and-set rule: cas must equal the current version (0 = key must not exist).</summary>
    private static LogicalResponse? CheckAndSet(long? cas, KvV2Config config, KeyMetadata meta)
    {
        if (cas is { } expected)
        {
            return expected == meta.CurrentVersion
                ? null
                : LogicalResponse.BadRequest("check-and-set parameter did not match the current version");
        }

        return config.CasRequired || meta.CasRequired
            ? LogicalResponse.BadRequest("check-and-set parameter required for this call")
            : null;
    }
}
