using System.Globalization;
using System.Text.Json.Nodes;
using Strongroom.Sdk;

namespace Strongroom.Engines.Kv;

/// <summary>Vault's KV v2 response shapes and request-parameter parsing shared by the path handlers.</summary>
internal static class KvFormat
{
    /// <summary>RFC 3339 with trailing fractional zeros trimmed, like Go's RFC3339Nano; "" for no time.</summary>
    public static string Time(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture) : "";

    /// <summary>The key's custom_metadata as JSON, null when never set (Vault returns null then).</summary>
    public static JsonObject? CustomMetadata(KeyMetadata meta)
    {
        if (meta.CustomMetadata is null)
        {
            return null;
        }

        var result = new JsonObject();
        foreach (var (key, value) in meta.CustomMetadata.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            result[key] = value;
        }

        return result;
    }

    /// <summary>{created_time, custom_metadata, deletion_time, destroyed, version} of one version.</summary>
    public static JsonObject VersionInfo(KeyMetadata meta, long version, VersionMetadata vm) => new()
    {
        ["created_time"] = Time(vm.CreatedTime),
        ["custom_metadata"] = CustomMetadata(meta),
        ["deletion_time"] = Time(vm.DeletionTime),
        ["destroyed"] = vm.Destroyed,
        ["version"] = version,
    };

    /// <summary>A 404 that still carries data, as Vault answers reads of deleted or destroyed versions.</summary>
    public static LogicalResponse NotFoundWith(JsonObject data)
    {
        var response = LogicalResponse.Error(ErrorCode.NotFound);
        response.Data = data;
        return response;
    }

    /// <summary>An integer parameter from the query string or, failing that, the body.</summary>
    public static long? IntParameter(LogicalRequest request, string name)
    {
        if (request.Query.TryGetValue(name, out var text))
        {
            return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new FieldException(name, "an integer");
        }

        return request.Data.GetInt(name);
    }

    /// <summary>A non-negative integer parameter; 0 when absent.</summary>
    public static long NonNegativeParameter(LogicalRequest request, string name)
    {
        var value = IntParameter(request, name) ?? 0;
        return value >= 0 ? value : throw new FieldException(name, "a non-negative integer");
    }

    /// <summary>The "versions" field: a JSON array of integers or a comma-separated string.</summary>
    public static List<long> Versions(JsonObject data)
    {
        var items = data.GetStringList("versions") ?? [];
        var versions = new List<long>(items.Count);
        foreach (var item in items)
        {
            if (!long.TryParse(item, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
            {
                throw new FieldException("versions", "a list of integers");
            }

            versions.Add(number);
        }

        return versions;
    }
}
