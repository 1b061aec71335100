using System.Text.Json.Nodes;

namespace Strongroom.Cli.Output;

/// <summary>The table of "secrets list" / "auth list" / "audit list": one row per mount, sorted by path.</summary>
internal static class MountTableOutput
{
    /// <summary>Rows of a sys/mounts or sys/auth answer (entries whose value is an object).</summary>
    public static string Format(JsonObject mounts, bool detailed)
    {
        ArgumentNullException.ThrowIfNull(mounts);
        IReadOnlyList<string> headers = detailed
            ? ["Path", "Type", "Accessor", "Default TTL", "Max TTL", "Options", "Description"]
            : ["Path", "Type", "Accessor", "Description"];
        var rows = mounts
            .Where(p => p.Value is JsonObject)
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p =>
            {
                var mount = (JsonObject)p.Value!;
                var type = Text(mount["type"]);
                var accessor = Text(mount["accessor"]);
                var description = Text(mount["description"]);
                if (!detailed)
                {
                    return (IReadOnlyList<string>)[p.Key, type, accessor, description];
                }

                var config = mount["config"] as JsonObject;
                return [p.Key, type, accessor, Ttl(config?["default_lease_ttl"]), Ttl(config?["max_lease_ttl"]),
                    mount["options"] is JsonObject o ? GoValue.Format(o) : string.Empty, description];
            });
        return TableWriter.Format(headers, rows);
    }

    /// <summary>The audit device table: Path, Type, Description (and Options when detailed).</summary>
    public static string FormatAudit(JsonObject devices, bool detailed)
    {
        ArgumentNullException.ThrowIfNull(devices);
        IReadOnlyList<string> headers = detailed ? ["Path", "Type", "Description", "Options"] : ["Path", "Type", "Description"];
        var rows = devices
            .Where(p => p.Value is JsonObject)
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p =>
            {
                var device = (JsonObject)p.Value!;
                var path = device["path"] is { } devicePath ? Text(devicePath) : p.Key;
                IReadOnlyList<string> row = detailed
                    ? [path, Text(device["type"]), Text(device["description"]), device["options"] is JsonObject o ? GoValue.Format(o) : string.Empty]
                    : [path, Text(device["type"]), Text(device["description"])];
                return row;
            });
        return TableWriter.Format(headers, rows);
    }

    private static string Text(JsonNode? node) => node is null ? string.Empty : GoValue.Raw(node);

    private static string Ttl(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue(out long seconds) ? (seconds == 0 ? "system" : HumanDuration.Format(seconds)) : Text(node);
}
