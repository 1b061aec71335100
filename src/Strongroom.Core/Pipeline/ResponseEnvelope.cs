using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Strongroom.Core.Pipeline;

/// <summary>
/// Vault's JSON envelope for a successful (or data-carrying error) response, written straight to a
/// <see cref="Utf8JsonWriter"/> (no intermediate DOM, no copy of the backend's data).
/// </summary>
public static class ResponseEnvelope
{
    private static readonly HashSet<string> EnvelopeKeys = new(StringComparer.Ordinal)
    {
        "request_id", "lease_id", "renewable", "lease_duration", "data", "wrap_info", "warnings", "auth", "mount_type",
    };

    /// <summary>Writes the envelope of <paramref name="core"/> as one JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, CoreResponse core)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(core);
        var response = core.Response;
        var wrapped = core.WrapInfo is not null;
        writer.WriteStartObject();
        writer.WriteString("request_id"u8, core.RequestId);
        writer.WriteString("lease_id"u8, core.LeaseId);
        writer.WriteBoolean("renewable"u8, core.Renewable);
        writer.WriteNumber("lease_duration"u8, core.LeaseDuration);
        WriteNode(writer, "data"u8, wrapped ? null : response.Data);
        WriteNode(writer, "wrap_info"u8, core.WrapInfo);
        writer.WritePropertyName("warnings"u8);
        if (response.Warnings.Count == 0)
        {
            writer.WriteNullValue();
        }
        else
        {
            WriteStrings(writer, response.Warnings);
        }

        WriteNode(writer, "auth"u8, wrapped ? null : core.Auth);
        writer.WriteString("mount_type"u8, core.MountType);
        if (core.DataAtTopLevel && response.Data is not null && !wrapped)
        {
            foreach (var (key, value) in response.Data)
            {
                if (!EnvelopeKeys.Contains(key) && !(response.IsError && key == "errors"))
                {
                    writer.WritePropertyName(key);
                    WriteValue(writer, value);
                }
            }
        }

        if (response.IsError)
        {
            writer.WritePropertyName("errors"u8);
            WriteStrings(writer, response.Errors);
        }

        writer.WriteEndObject();
    }

    /// <summary>The envelope as compact UTF-8 JSON (what a wrapped response stores).</summary>
    public static byte[] Serialize(CoreResponse core)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, core);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The envelope as a JSON object (a copy: the response's own nodes are not re-parented).</summary>
    public static JsonObject Build(CoreResponse core) => JsonNode.Parse(Serialize(core))!.AsObject();

    private static void WriteNode(Utf8JsonWriter writer, ReadOnlySpan<byte> name, JsonNode? node)
    {
        writer.WritePropertyName(name);
        WriteValue(writer, node);
    }

    private static void WriteValue(Utf8JsonWriter writer, JsonNode? node)
    {
        if (node is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            node.WriteTo(writer);
        }
    }

    /// <summary>Writes <paramref name="values"/> as a JSON array of strings.</summary>
    public static void WriteStrings(Utf8JsonWriter writer, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(values);
        writer.WriteStartArray();
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
