using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Strongroom.Core.Hcl;
using Strongroom.Sdk;

namespace Strongroom.Server.Configuration;

/// <summary>
/// The server configuration file, in Vault's shape (HCL or JSON): storage, listener, api_addr,
/// default_lease_ttl, max_lease_ttl, ui. Validated once at start-up; defaults live here.
/// </summary>
public sealed class ServerConfig
{
    public StorageConfig Storage { get; set; } = new();

    public ListenerConfig Listener { get; set; } = new();

    public string? ApiAddr { get; set; }

    public TimeSpan DefaultLeaseTtl { get; set; } = TimeSpan.FromHours(768);

    public TimeSpan MaxLeaseTtl { get; set; } = TimeSpan.FromHours(768);

    public bool Ui { get; set; }

    /// <summary>HA standbys answer 307 with the active node's address instead of forwarding (default: forward).</summary>
    public bool StandbyRedirect { get; set; }

    public string ClusterName { get; set; } = "strongroom-cluster";

    /// <summary>The whole parsed file, for blocks other components read (alert, alert_sink, alert_settings).</summary>
    public JsonObject? Raw { get; set; }

    /// <summary>Warnings to print at start-up (e.g. TLS disabled outside dev mode).</summary>
    public List<string> Warnings { get; } = [];

    public static ServerConfig Load(string path)
    {
        var text = File.ReadAllText(path);
        return Parse(text);
    }

    public static ServerConfig Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var root = text.TrimStart().StartsWith('{') ? JsonNode.Parse(text) as JsonObject : HclParser.Parse(text).ToJsonNode();
        if (root is null)
        {
            throw new ConfigException("configuration must be an object");
        }

        var config = new ServerConfig { Raw = root };
        foreach (var (key, value) in root)
        {
            switch (key)
            {
                case "storage" or "backend":
                    config.Storage = ParseStorage(value);
                    break;
                case "listener":
                    config.Listener = ParseListener(value);
                    break;
                case "api_addr":
                    config.ApiAddr = AsString(value, key);
                    break;
                case "cluster_name":
                    config.ClusterName = AsString(value, key);
                    break;
                case "default_lease_ttl":
                    config.DefaultLeaseTtl = AsDuration(value, key);
                    break;
                case "max_lease_ttl":
                    config.MaxLeaseTtl = AsDuration(value, key);
                    break;
                case "ui":
                    config.Ui = AsBool(value, key);
                    break;
                case "standby_redirect":
                    config.StandbyRedirect = AsBool(value, key);
                    break;
                case "disable_mlock" or "log_level" or "log_format" or "pid_file" or "cluster_addr" or "telemetry" or "seal" or "alert" or "alert_sink" or "alert_settings" or "audit":
                    break;
                default:
                    config.Warnings.Add($"unknown configuration key \"{key}\" ignored");
                    break;
            }
        }

        config.Validate();
        return config;
    }

    public void Validate()
    {
        if (DefaultLeaseTtl <= TimeSpan.Zero || MaxLeaseTtl <= TimeSpan.Zero || DefaultLeaseTtl > MaxLeaseTtl)
        {
            throw new ConfigException("default_lease_ttl and max_lease_ttl must be positive and default_lease_ttl <= max_lease_ttl");
        }

        if (Storage.Type is not ("inmem" or "sqlite" or "postgresql"))
        {
            throw new ConfigException($"unknown storage type \"{Storage.Type}\" (supported: sqlite, postgresql, inmem)");
        }

        if (Storage.Type == "sqlite" && !Storage.Options.ContainsKey("path"))
        {
            throw new ConfigException("storage \"sqlite\" needs a path, e.g. storage \"sqlite\" { path = \"/var/lib/strongroom/strongroom.db\" }");
        }

        if (!Listener.TlsDisable && (string.IsNullOrEmpty(Listener.TlsCertFile) || string.IsNullOrEmpty(Listener.TlsKeyFile)))
        {
            throw new ConfigException("listener \"tcp\": TLS is on by default; set tls_cert_file and tls_key_file, or tls_disable = true (not recommended outside a trusted network)");
        }
    }

    private static JsonObject FirstBlock(JsonNode? value, string key, out string label)
    {
        // HCL `storage "sqlite" { ... }` arrives as { "sqlite": { ... } } (possibly inside an array of blocks).
        if (value is JsonArray array && array.Count > 0)
        {
            value = array[0];
        }

        if (value is JsonObject obj && obj.Count == 1 && obj.First().Value is JsonObject or JsonArray)
        {
            var (name, body) = obj.First();
            label = name;
            if (body is JsonArray inner && inner.Count > 0)
            {
                body = inner[0];
            }

            return body as JsonObject ?? throw new ConfigException($"{key} \"{name}\" must be a block");
        }

        throw new ConfigException($"{key} must be a labelled block, e.g. {key} \"type\" {{ ... }}");
    }

    private static StorageConfig ParseStorage(JsonNode? value) => ParseStorageBlock(value, "storage");

    /// <summary>A labelled storage block (<c>storage</c>, or migrate's <c>storage_source</c> / <c>storage_destination</c>).</summary>
    internal static StorageConfig ParseStorageBlock(JsonNode? value, string blockName)
    {
        var body = FirstBlock(value, blockName, out var type);
        var storage = new StorageConfig { Type = type };
        foreach (var (k, v) in body)
        {
            storage.Options[k] = v is JsonValue jv && jv.GetValueKind() == JsonValueKind.String ? jv.GetValue<string>() : v?.ToJsonString() ?? "";
        }

        return storage;
    }

    private static ListenerConfig ParseListener(JsonNode? value)
    {
        var body = FirstBlock(value, "listener", out var type);
        if (type != "tcp")
        {
            throw new ConfigException($"listener type \"{type}\" is not supported (use \"tcp\")");
        }

        var listener = new ListenerConfig();
        foreach (var (k, v) in body)
        {
            switch (k)
            {
                case "address":
                    listener.Address = AsString(v, k);
                    break;
                case "tls_cert_file":
                    listener.TlsCertFile = AsString(v, k);
                    break;
                case "tls_key_file":
                    listener.TlsKeyFile = AsString(v, k);
                    break;
                case "tls_disable":
                    listener.TlsDisable = AsBool(v, k);
                    break;
            }
        }

        return listener;
    }

    private static string AsString(JsonNode? value, string key) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw new ConfigException($"\"{key}\" must be a string");

    private static bool AsBool(JsonNode? value, string key) => value switch
    {
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.String && bool.TryParse(v.GetValue<string>(), out var b) => b,
        JsonValue v when v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is "1" or "0" => v.GetValue<string>() == "1",
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<double>() != 0,
        _ => throw new ConfigException($"\"{key}\" must be a boolean"),
    };

    private static TimeSpan AsDuration(JsonNode? value, string key) =>
        Durations.TryParse(value, out var d) ? d : throw new ConfigException(string.Create(CultureInfo.InvariantCulture, $"\"{key}\" must be a duration such as \"768h\""));
}
