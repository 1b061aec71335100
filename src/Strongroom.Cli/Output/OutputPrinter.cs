using System.Text.Json.Nodes;
using Strongroom.Client;

namespace Strongroom.Cli.Output;

/// <summary>
/// Prints results in the chosen format: <c>table</c> (Vault's Key/Value columns), <c>json</c>, <c>yaml</c>,
/// or the raw value of one <c>-field</c>.
/// </summary>
internal sealed class OutputPrinter(TextWriter stdout, TextWriter stderr, string format, string? field)
{
    public string Format { get; } = format;

    public string? Field { get; } = string.IsNullOrEmpty(field) ? null : field;

    public bool IsTable => Format == "table" && Field is null;

    public TextWriter Stdout => stdout;

    public TextWriter Stderr => stderr;

    /// <summary>Prints a secret/response envelope as Vault's OutputSecret does.</summary>
    public int Secret(VaultResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (Field is not null)
        {
            return PrintField(SecretFields(response), Field);
        }

        if (Format != "table")
        {
            return Structured(response.Raw);
        }

        var rows = SecretFields(response).Select(p => (IReadOnlyList<string>)[p.Key, FormatCell(p.Key, p.Value)]).ToList();
        if (rows.Count > 0)
        {
            stdout.Write(TableWriter.Format(["Key", "Value"], rows));
        }

        Warnings(response);
        return 0;
    }

    /// <summary>Prints an object: json/yaml as given; table as sorted Key/Value rows; -field picks one key.</summary>
    public int KeyValues(JsonObject data, JsonNode? structured = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (Field is not null)
        {
            return PrintField(data.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, p.Value)).ToList(), Field);
        }

        if (Format != "table")
        {
            return Structured(structured ?? data);
        }

        stdout.Write(KeyValueTable(data));
        return 0;
    }

    /// <summary>Prints a list result ("Keys" column); json/yaml print the keys array as Vault does.</summary>
    public int Keys(IReadOnlyList<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (Format != "table")
        {
            return Structured(new JsonArray(keys.Select(k => (JsonNode?)JsonValue.Create(k)).ToArray()));
        }

        stdout.Write(TableWriter.Format(["Keys"], keys.Select(k => (IReadOnlyList<string>)[k])));
        return 0;
    }

    /// <summary>Prints <paramref name="structured"/> as json/yaml, or the given table text.</summary>
    public int Custom(JsonNode structured, string tableText)
    {
        if (Field is not null && structured is JsonObject obj)
        {
            return PrintField(obj.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, p.Value)).ToList(), Field);
        }

        if (Format != "table")
        {
            return Structured(structured);
        }

        stdout.Write(tableText);
        return 0;
    }

    /// <summary>Writes json or yaml.</summary>
    public int Structured(JsonNode? node)
    {
        if (Format == "yaml")
        {
            stdout.Write(YamlOutput.Format(node));
        }
        else
        {
            stdout.WriteLine(node is null ? "null" : node.ToJsonString(JsonOutput.Indented));
        }

        return 0;
    }

    /// <summary>A "Success! ..." line, shown in table format only (like Vault).</summary>
    public int Success(string message)
    {
        stdout.WriteLine("Success! " + message);
        return 0;
    }

    public void Warnings(VaultResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Warnings.Count == 0)
        {
            return;
        }

        stderr.WriteLine();
        stderr.WriteLine("WARNING! The following warnings were returned from Strongroom:");
        stderr.WriteLine();
        foreach (var warning in response.Warnings)
        {
            stderr.WriteLine("  * " + warning);
        }
    }

    /// <summary>Sorted Key/Value rows of an object, as text.</summary>
    public static string KeyValueTable(JsonObject data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var rows = data.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => (IReadOnlyList<string>)[p.Key, GoValue.Format(p.Value)]);
        return TableWriter.Format(["Key", "Value"], rows);
    }

    /// <summary>The rows Vault shows for a secret: lease, auth, wrap info, then sorted data.</summary>
    internal static List<KeyValuePair<string, JsonNode?>> SecretFields(VaultResponse response)
    {
        var fields = new List<KeyValuePair<string, JsonNode?>>();
        void Add(string key, JsonNode? value) => fields.Add(new(key, value?.DeepClone()));

        if (response.LeaseDuration > 0)
        {
            if (!string.IsNullOrEmpty(response.LeaseId))
            {
                Add("lease_id", response.LeaseId);
                Add("lease_duration", HumanDuration.Format(response.LeaseDuration));
                Add("lease_renewable", response.Renewable);
            }
            else
            {
                Add("refresh_interval", HumanDuration.Format(response.LeaseDuration));
            }
        }

        if (response.Auth is { } auth)
        {
            Add("token", auth["client_token"]);
            Add("token_accessor", auth["accessor"]);
            var duration = auth["lease_duration"] is JsonValue d && d.TryGetValue(out long seconds) ? seconds : 0;
            Add("token_duration", duration == 0 ? "∞" : HumanDuration.Format(duration));
            Add("token_renewable", auth["renewable"] ?? false);
            Add("token_policies", auth["token_policies"] ?? auth["policies"]);
            Add("identity_policies", auth["identity_policies"] ?? new JsonArray());
            Add("policies", auth["policies"]);
            if (auth["metadata"] is JsonObject meta)
            {
                foreach (var (key, value) in meta.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    Add("token_meta_" + key, value);
                }
            }
        }

        if (response.WrapInfo is { } wrap)
        {
            Add("wrapping_token:", wrap["token"]);
            Add("wrapping_accessor:", wrap["accessor"]);
            Add("wrapping_token_ttl:", wrap["ttl"] is JsonValue t && t.TryGetValue(out long ttl) ? HumanDuration.Format(ttl) : null);
            Add("wrapping_token_creation_time:", wrap["creation_time"]);
            Add("wrapping_token_creation_path:", wrap["creation_path"]);
        }

        if (response.Data is { } data)
        {
            foreach (var (key, value) in data.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                Add(key, value);
            }
        }

        return fields;
    }

    private static string FormatCell(string key, JsonNode? value) =>
        key == "token_duration" ? GoValue.Raw(value) : GoValue.Format(value);

    private int PrintField(IReadOnlyList<KeyValuePair<string, JsonNode?>> fields, string name)
    {
        foreach (var (key, value) in fields)
        {
            if (key == name)
            {
                // Raw value, no trailing newline: `$(strongroom kv get -field=x ...)` gets exactly the value.
                stdout.Write(GoValue.Raw(value));
                return 0;
            }
        }

        stderr.WriteLine($"Field \"{name}\" not present in secret");
        return 1;
    }
}
