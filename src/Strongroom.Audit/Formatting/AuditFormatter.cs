using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Strongroom.Audit;

/// <summary>
/// Turns an <see cref="AuditEvent"/> into one JSON object in Vault's audit format, with every
/// value that could be secret replaced by its HMAC under the device salt. The result carries the
/// device prefix and no trailing newline; <see cref="AuditChain"/> appends "seq" and "chain".
/// </summary>
internal sealed class AuditFormatter
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = false };

    // One reusable buffer and JSON writer per thread: formatting allocates only the finished line.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    private readonly AuditDeviceOptions _options;
    private readonly AuditHasher _hasher;
    private readonly byte[] _prefix;

    public AuditFormatter(AuditDeviceOptions options, AuditHasher hasher)
    {
        _options = options;
        _hasher = hasher;
        _prefix = Encoding.UTF8.GetBytes(options.Prefix);
    }

    public byte[] Format(AuditEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        buffer.Write(_prefix);
        var w = t_writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        w.Reset(buffer);
        try
        {
            // The token and accessor appear in "auth" and in "request": HMAC each once.
            var token = Secret(e.Auth?.ClientToken ?? "");
            var accessor = Accessor(e.Auth?.Accessor ?? "");
            w.WriteStartObject();
            Span<char> time = stackalloc char[32];
            e.Time.UtcDateTime.TryFormat(time, out var timeLength, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
            w.WriteString("time", time[..timeLength]);
            w.WriteString("type", e.Type);
            WriteAuth(w, e.Auth, token, accessor);
            WriteRequest(w, e, token, accessor);
            if (e.Response is not null)
            {
                WriteResponse(w, e.Response, e.Request.Operation);
            }

            w.WriteString("error", e.Error);
            w.WriteEndObject();
            w.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            // Drop references to this event's bytes; a line can hold secrets when log_raw is on.
            w.Reset(Stream.Null);
            buffer.Clear();
        }
    }

    private string Secret(string value) => _options.LogRaw || value.Length == 0 ? value : _hasher.Hash(value);

    private string Accessor(string value) => _options.HmacAccessor ? Secret(value) : value;

    private static void WriteAuth(Utf8JsonWriter w, AuditAuth? auth, string token, string accessor)
    {
        auth ??= new AuditAuth();
        w.WriteStartObject("auth");
        w.WriteString("client_token", token);
        w.WriteString("accessor", accessor);
        w.WriteString("display_name", auth.DisplayName);
        WriteStrings(w, "policies", auth.Policies);
        WriteStrings(w, "token_policies", auth.TokenPolicies);
        w.WritePropertyName("metadata");
        if (auth.Metadata is null)
        {
            w.WriteNullValue();
        }
        else
        {
            w.WriteStartObject();
            foreach (var (key, value) in auth.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                w.WriteString(key, value);
            }

            w.WriteEndObject();
        }

        w.WriteString("entity_id", auth.EntityId);
        w.WriteString("token_type", auth.TokenType);
        w.WriteString("remote_address", auth.RemoteAddress);
        w.WriteEndObject();
    }

    private void WriteRequest(Utf8JsonWriter w, AuditEvent e, string token, string accessor)
    {
        var r = e.Request;
        w.WriteStartObject("request");
        w.WriteString("id", r.Id);
        w.WriteString("operation", r.Operation);
        w.WriteString("mount_type", r.MountType);
        w.WriteString("mount_point", r.MountPoint);
        w.WriteString("mount_accessor", r.MountAccessor);
        w.WriteString("client_token", token);
        w.WriteString("client_token_accessor", accessor);
        w.WriteStartObject("namespace");
        w.WriteString("id", "root");
        w.WriteEndObject();
        w.WriteString("path", r.Path);
        w.WritePropertyName("data");
        WriteData(w, r.Data, r.NonHmacDataKeys);
        w.WriteString("remote_address", r.RemoteAddress);
        if (r.Headers is { Count: > 0 })
        {
            w.WriteStartObject("headers");
            foreach (var (name, values) in r.Headers.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                w.WriteStartArray(name.ToLowerInvariant());
                foreach (var value in values)
                {
                    w.WriteStringValue(Secret(value));
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private void WriteResponse(Utf8JsonWriter w, AuditResponse r, string operation)
    {
        w.WriteStartObject("response");
        w.WriteNumber("status", r.Status);
        w.WriteString("mount_type", r.MountType);
        var data = r.Data;
        if (_options.ElideListResponses && operation == "list" && data is not null)
        {
            data = Elide(data);
        }

        w.WritePropertyName("data");
        WriteData(w, data, r.NonHmacDataKeys);
        if (r.Auth is not null)
        {
            w.WritePropertyName("auth");
            WriteTokenBlock(w, r.Auth);
        }

        if (r.WrapInfo is not null)
        {
            w.WritePropertyName("wrap_info");
            WriteTokenBlock(w, r.WrapInfo);
        }

        w.WriteEndObject();
    }

    /// <summary>Vault's elide_list_responses: "keys" and "key_info" become their entry counts.</summary>
    private static JsonObject Elide(JsonObject data)
    {
        var copy = new JsonObject();
        foreach (var (key, value) in data)
        {
            copy[key] = (key, value) switch
            {
                ("keys", JsonArray keys) => JsonValue.Create(keys.Count),
                ("key_info", JsonObject info) => JsonValue.Create(info.Count),
                _ => value?.DeepClone(),
            };
        }

        return copy;
    }

    /// <summary>An auth or wrap_info block: "client_token"/"token" and "accessor" are secrets, the rest is metadata.</summary>
    private void WriteTokenBlock(Utf8JsonWriter w, JsonObject block)
    {
        w.WriteStartObject();
        foreach (var (key, value) in block)
        {
            if (value is JsonValue v && v.TryGetValue<string>(out var text)
                && key is "client_token" or "token" or "accessor" or "wrapped_accessor" or "secret_id")
            {
                w.WriteString(key, key is "accessor" or "wrapped_accessor" ? Accessor(text) : Secret(text));
            }
            else
            {
                w.WritePropertyName(key);
                WriteHashed(w, value, []);
            }
        }

        w.WriteEndObject();
    }

    private void WriteData(Utf8JsonWriter w, JsonObject? data, IReadOnlyCollection<string> nonHmacKeys)
    {
        if (data is null)
        {
            w.WriteNullValue();
            return;
        }

        WriteHashed(w, data, nonHmacKeys);
    }

    /// <summary>Writes a node with every string leaf HMACed, except under keys listed in <paramref name="nonHmacKeys"/>.</summary>
    private void WriteHashed(Utf8JsonWriter w, JsonNode? node, IReadOnlyCollection<string> nonHmacKeys)
    {
        switch (node)
        {
            case null:
                w.WriteNullValue();
                break;
            case JsonObject obj:
                w.WriteStartObject();
                foreach (var (key, value) in obj)
                {
                    w.WritePropertyName(key);
                    if (nonHmacKeys.Count > 0 && nonHmacKeys.Contains(key))
                    {
                        WriteRaw(w, value);
                    }
                    else
                    {
                        WriteHashed(w, value, nonHmacKeys);
                    }
                }

                w.WriteEndObject();
                break;
            case JsonArray array:
                w.WriteStartArray();
                foreach (var item in array)
                {
                    WriteHashed(w, item, nonHmacKeys);
                }

                w.WriteEndArray();
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                w.WriteStringValue(Secret(value.GetValue<string>()));
                break;
            default:
                node.WriteTo(w);
                break;
        }
    }

    private static void WriteRaw(Utf8JsonWriter w, JsonNode? node)
    {
        if (node is null)
        {
            w.WriteNullValue();
        }
        else
        {
            node.WriteTo(w);
        }
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }
}
