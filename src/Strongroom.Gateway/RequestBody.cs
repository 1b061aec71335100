using System.Text.Json;
using System.Text.Json.Nodes;

namespace Strongroom.Gateway;

/// <summary>
/// What the gateway needs from a client request body, read in one forward pass without building a
/// DOM: model, declared max tokens, whether it streams and asked for usage. The body is forwarded
/// as the same bytes unless a rewrite is needed (OpenAI streams without include_usage).
/// </summary>
internal sealed class RequestBody
{
    private RequestBody()
    {
    }

    public string Model { get; private set; } = "";

    public long? MaxTokens { get; private set; }

    public bool Stream { get; private set; }

    public bool IncludeUsage { get; private set; }

    /// <summary>Parses a JSON object body; returns null with an error message when it is not one.</summary>
    public static RequestBody? Parse(ReadOnlySpan<byte> json, out string? error)
    {
        error = null;
        var body = new RequestBody();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = "the request body must be a JSON object";
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "model" when reader.TokenType == JsonTokenType.String:
                        body.Model = reader.GetString() ?? "";
                        break;
                    case "model":
                        error = "model must be a string";
                        return null;
                    case "max_tokens" or "max_completion_tokens" or "max_output_tokens" when reader.TokenType == JsonTokenType.Number:
                        if (!reader.TryGetInt64(out var max) || max < 0)
                        {
                            error = name + " must be a non-negative integer";
                            return null;
                        }

                        body.MaxTokens = Math.Max(body.MaxTokens ?? 0, max);
                        break;
                    case "stream" when reader.TokenType is JsonTokenType.True or JsonTokenType.False:
                        body.Stream = reader.TokenType == JsonTokenType.True;
                        break;
                    case "stream_options" when reader.TokenType == JsonTokenType.StartObject:
                        var depth = reader.CurrentDepth;
                        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
                        {
                            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == depth + 1 && reader.ValueTextEquals("include_usage"))
                            {
                                reader.Read();
                                body.IncludeUsage = reader.TokenType == JsonTokenType.True;
                            }
                            else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                            {
                                reader.Skip();
                            }
                        }

                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                error = "the request body is not valid JSON";
                return null;
            }
        }
        catch (JsonException)
        {
            error = "the request body is not valid JSON";
            return null;
        }

        return body;
    }

    /// <summary>The body with stream_options.include_usage = true (other fields unchanged).</summary>
    public static byte[] WithIncludeUsage(ReadOnlySpan<byte> json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        if (node["stream_options"] is JsonObject options)
        {
            options["include_usage"] = true;
        }
        else
        {
            node["stream_options"] = new JsonObject { ["include_usage"] = true };
        }

        return JsonSerializer.SerializeToUtf8Bytes(node);
    }
}
