using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Strongroom.Sdk;

namespace Strongroom.Engines.Kv;

/// <summary>
/// KV v2 <c>metadata/:path</c>: read the version map and key settings, write or patch the settings
/// (never a new version), delete the key with all its versions, LIST keys and folders.
/// </summary>
internal sealed class MetadataPath
{
    private const int MaxCustomMetadataKeys = 64;
    private const int MaxCustomMetadataKeyLength = 128;
    private const int MaxCustomMetadataValueLength = 512;
    private const string CasIgnoredWarning = "\"cas_required\" set to false, but is mandated by backend config. This value will be ignored.";
    private readonly KvV2Store _store;
    private readonly KeyLocks _locks;
    private readonly TimeProvider _clock;

    public MetadataPath(KvV2Store store, KeyLocks locks, TimeProvider clock)
    {
        _store = store;
        _locks = locks;
        _clock = clock;
    }

    public ValueTask<LogicalResponse> HandleAsync(LogicalRequest request, string path, CancellationToken cancellationToken) =>
        request.Operation switch
        {
            Operation.Read => ReadAsync(path, cancellationToken),
            Operation.Create or Operation.Update => WriteAsync(request.Data, path, patch: false, cancellationToken),
            Operation.Patch => WriteAsync(request.Data, path, patch: true, cancellationToken),
            Operation.Delete => DeleteAsync(path, cancellationToken),
            _ => ValueTask.FromResult(LogicalResponse.Unsupported()),
        };

    /// <summary>LIST: keys and folders (suffixed '/') directly under <paramref name="folder"/>.</summary>
    public async ValueTask<LogicalResponse> ListAsync(string folder, CancellationToken cancellationToken)
    {
        var keys = await _store.ListAsync(folder, cancellationToken).ConfigureAwait(false);
        return keys.Count == 0
            ? LogicalResponse.NotFound()
            : LogicalResponse.Ok(new JsonObject { ["keys"] = new JsonArray([.. keys.Select(k => (JsonNode)k)]) });
    }

    private async ValueTask<LogicalResponse> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var meta = await _store.GetMetadataAsync(path, cancellationToken).ConfigureAwait(false);
        if (meta is null)
        {
            return LogicalResponse.NotFound();
        }

        var versions = new JsonObject();
        foreach (var (number, vm) in meta.Versions)
        {
            versions[number.ToString(CultureInfo.InvariantCulture)] = new JsonObject
            {
                ["created_time"] = KvFormat.Time(vm.CreatedTime),
                ["deletion_time"] = KvFormat.Time(vm.DeletionTime),
                ["destroyed"] = vm.Destroyed,
            };
        }

        return LogicalResponse.Ok(new JsonObject
        {
            ["cas_required"] = meta.CasRequired,
            ["created_time"] = KvFormat.Time(meta.CreatedTime),
            ["current_version"] = meta.CurrentVersion,
            ["custom_metadata"] = KvFormat.CustomMetadata(meta),
            ["delete_version_after"] = Durations.Format(meta.DeleteVersionAfter),
            ["max_versions"] = meta.MaxVersions,
            ["oldest_version"] = meta.OldestVersion,
            ["updated_time"] = KvFormat.Time(meta.UpdatedTime),
            ["versions"] = versions,
        });
    }

    private async ValueTask<LogicalResponse> WriteAsync(JsonObject body, string path, bool patch, CancellationToken cancellationToken)
    {
        var maxVersions = body.GetInt("max_versions");
        if (maxVersions is < 0 or > int.MaxValue)
        {
            throw new FieldException("max_versions", "a non-negative integer");
        }

        var casRequired = body.GetBool("cas_required");
        var deleteVersionAfter = body.GetDuration("delete_version_after");
        var customMetadata = ReadCustomMetadata(body, patch);
        if (customMetadata is not null && ValidateCustomMetadata(customMetadata) is { } invalid)
        {
            return LogicalResponse.BadRequest(invalid);
        }

        if (!patch && maxVersions is null && casRequired is null && deleteVersionAfter is null && customMetadata is null)
        {
            return LogicalResponse.NoContent();
        }

        var config = await _store.GetConfigAsync(cancellationToken).ConfigureAwait(false);
        using var held = await _locks.AcquireAsync(path, cancellationToken).ConfigureAwait(false);
        var meta = await _store.GetMetadataAsync(path, cancellationToken).ConfigureAwait(false);
        if (meta is null)
        {
            if (patch)
            {
                return LogicalResponse.NotFound();
            }

            var now = _clock.GetUtcNow();
            meta = new KeyMetadata { CreatedTime = now, UpdatedTime = now };
        }

        meta.MaxVersions = (int?)maxVersions ?? meta.MaxVersions;
        meta.CasRequired = casRequired ?? meta.CasRequired;
        meta.DeleteVersionAfter = deleteVersionAfter ?? meta.DeleteVersionAfter;
        if (customMetadata is not null)
        {
            meta.CustomMetadata = patch ? MergeCustomMetadata(meta.CustomMetadata, customMetadata) : customMetadata.ToDictionary(p => p.Key, p => p.Value!, StringComparer.Ordinal);
        }

        await _store.CommitAsync([KvV2Store.MetadataWrite(path, meta)], cancellationToken).ConfigureAwait(false);
        return casRequired == false && config.CasRequired
            ? LogicalResponse.NoContent().WithWarning(CasIgnoredWarning)
            : LogicalResponse.NoContent();
    }

    private async ValueTask<LogicalResponse> DeleteAsync(string path, CancellationToken cancellationToken)
    {
        using var held = await _locks.AcquireAsync(path, cancellationToken).ConfigureAwait(false);
        var meta = await _store.GetMetadataAsync(path, cancellationToken).ConfigureAwait(false);
        if (meta is null)
        {
            return LogicalResponse.NoContent();
        }

        // One batch: every version's data and the metadata go together or not at all.
        var writes = new List<StorageWrite>(meta.Versions.Count + 1);
        writes.AddRange(meta.Versions.Keys.Select(number => KvV2Store.VersionDelete(path, number)));
        writes.Add(KvV2Store.MetadataDelete(path));
        await _store.CommitAsync(writes, cancellationToken).ConfigureAwait(false);
        return LogicalResponse.NoContent();
    }

    /// <summary>custom_metadata as a map; on PATCH a null value means "remove this key" (RFC 7386).</summary>
    private static Dictionary<string, string?>? ReadCustomMetadata(JsonObject body, bool patch)
    {
        switch (body["custom_metadata"])
        {
            case null:
                return null;
            case JsonObject raw:
                var result = new Dictionary<string, string?>(StringComparer.Ordinal);
                foreach (var (key, value) in raw)
                {
                    result[key] = value switch
                    {
                        null when patch => null,
                        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                        JsonValue v when v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
                        _ => throw new FieldException("custom_metadata", "a map of strings"),
                    };
                }

                return result;
            default:
                throw new FieldException("custom_metadata", "a map of strings");
        }
    }

    private static Dictionary<string, string> MergeCustomMetadata(Dictionary<string, string>? existing, Dictionary<string, string?> patch)
    {
        var merged = existing is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(existing, StringComparer.Ordinal);
        foreach (var (key, value) in patch)
        {
            if (value is null)
            {
                merged.Remove(key);
            }
            else
            {
                merged[key] = value;
            }
        }

        return merged;
    }

    /// <summary>Vault's limits: at most 64 keys, keys 1..128 and values 1..512 characters, printable.</summary>
    private static string? ValidateCustomMetadata(Dictionary<string, string?> metadata)
    {
        const string Prefix = "custom_metadata validation failed";
        if (metadata.Count > MaxCustomMetadataKeys)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{Prefix}: payload must contain at most {MaxCustomMetadataKeys} keys, provided {metadata.Count}");
        }

        foreach (var (key, value) in metadata)
        {
            if (key.Length is 0 or > MaxCustomMetadataKeyLength || key.Any(char.IsControl))
            {
                return string.Create(CultureInfo.InvariantCulture, $"{Prefix}: keys must be 1 to {MaxCustomMetadataKeyLength} printable characters");
            }

            if (value is not null && (value.Length is 0 or > MaxCustomMetadataValueLength || value.Any(char.IsControl)))
            {
                return string.Create(CultureInfo.InvariantCulture, $"{Prefix}: values must be 1 to {MaxCustomMetadataValueLength} printable characters");
            }
        }

        return null;
    }
}
