using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Strongroom.Audit;

/// <summary>
/// Reads an audit line back into an <see cref="AuditEvent"/>: ours or Vault's JSON format, with or
/// without a prefix. Values stay as logged (HMACed), which is all the alert rules need.
/// </summary>
internal static class AuditLogReader
{
    public static AuditEvent? TryParse(string line)
    {
        var start = line.IndexOf('{', StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        JsonObject? root;
        try
        {
            root = JsonNode.Parse(line.AsSpan(start).ToString()) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }

        if (root is null || Str(root, "type") is not (AuditEvent.RequestType or AuditEvent.ResponseType) || root["request"] is not JsonObject request)
        {
            return null;
        }

        if (!TryTime(Str(root, "time"), out var time))
        {
            return null;
        }

        var error = Str(root, "error");
        AuditResponse? response = null;
        if (root["response"] is JsonObject r)
        {
            response = new AuditResponse
            {
                Status = r["status"] is JsonValue s && s.TryGetValue<int>(out var status) ? status : error.Length > 0 ? 400 : 200,
                MountType = Str(r, "mount_type"),
                Data = r["data"] as JsonObject,
            };
        }

        return new AuditEvent
        {
            Type = Str(root, "type"),
            Time = time,
            Auth = root["auth"] is JsonObject a ? ReadAuth(a) : null,
            Request = new AuditRequest
            {
                Id = Str(request, "id"),
                Operation = Str(request, "operation"),
                MountType = Str(request, "mount_type"),
                MountPoint = Str(request, "mount_point"),
                Path = Str(request, "path"),
                Data = request["data"] as JsonObject,
                RemoteAddress = Str(request, "remote_address"),
            },
            Response = response,
            Error = error,
        };
    }

    private static AuditAuth ReadAuth(JsonObject a)
    {
        Dictionary<string, string>? metadata = null;
        if (a["metadata"] is JsonObject m)
        {
            metadata = m.Where(p => p.Value is JsonValue).ToDictionary(p => p.Key, p => p.Value!.ToString(), StringComparer.Ordinal);
        }

        return new AuditAuth
        {
            ClientToken = Str(a, "client_token"),
            Accessor = Str(a, "accessor"),
            DisplayName = Str(a, "display_name"),
            Policies = Strings(a["policies"]),
            TokenPolicies = Strings(a["token_policies"]),
            EntityId = Str(a, "entity_id"),
            Metadata = metadata,
            TokenType = Str(a, "token_type"),
            RemoteAddress = Str(a, "remote_address"),
        };
    }

    private static string Str(JsonObject obj, string key) =>
        obj[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : "";

    private static IReadOnlyList<string> Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>())] : [];

    /// <summary>RFC 3339 with up to 9 fractional digits (Go writes nanoseconds; .NET parses 7).</summary>
    private static bool TryTime(string text, out DateTimeOffset time)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            if (end - dot - 1 > 7)
            {
                text = string.Concat(text.AsSpan(0, dot + 8), text.AsSpan(end));
            }
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
    }
}
