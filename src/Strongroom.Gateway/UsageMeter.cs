using System.Buffers;
using System.Text.Json;

namespace Strongroom.Gateway;

/// <summary>
/// Reads token usage from a provider response as it passes through: the <c>usage</c> object of a
/// JSON body (OpenAI chat/completions/embeddings/responses, Anthropic messages), or the usage carried
/// by SSE events (OpenAI's final chunk, Anthropic's message_start/message_delta, Responses'
/// response.completed). Counts data events so a stream cut short can still be charged an estimate.
/// </summary>
internal sealed class UsageMeter
{
    private const int MaxJsonBytes = 8 * 1024 * 1024;
    private static readonly byte[] DataPrefix = "data:"u8.ToArray();
    private static readonly byte[] UsageWord = "\"usage\""u8.ToArray();

    private readonly bool _sse;
    private readonly ArrayBufferWriter<byte> _pending = new();
    private bool _overflow;

    public UsageMeter(bool sse) => _sse = sse;

    public long? PromptTokens { get; private set; }

    public long? CompletionTokens { get; private set; }

    /// <summary>SSE data events seen (each carries about one token of output).</summary>
    public long DataEvents { get; private set; }

    public bool HasUsage => PromptTokens is not null || CompletionTokens is not null;

    public void Feed(ReadOnlySpan<byte> chunk)
    {
        if (!_sse)
        {
            if (_pending.WrittenCount + chunk.Length > MaxJsonBytes)
            {
                _overflow = true;
                return;
            }

            _pending.Write(chunk);
            return;
        }

        while (chunk.Length > 0)
        {
            var newline = chunk.IndexOf((byte)'\n');
            if (newline < 0)
            {
                if (_pending.WrittenCount + chunk.Length <= MaxJsonBytes)
                {
                    _pending.Write(chunk);
                }

                return;
            }

            ReadOnlySpan<byte> line;
            if (_pending.WrittenCount > 0)
            {
                _pending.Write(chunk[..newline]);
                line = _pending.WrittenSpan;
            }
            else
            {
                line = chunk[..newline];
            }

            Line(line.TrimEnd((byte)'\r'));
            _pending.ResetWrittenCount();
            chunk = chunk[(newline + 1)..];
        }
    }

    /// <summary>Call at the end of a JSON (non-SSE) body.</summary>
    public void Complete()
    {
        if (!_sse && !_overflow && _pending.WrittenCount > 0)
        {
            ReadUsage(_pending.WrittenSpan);
        }
        else if (_sse && _pending.WrittenCount > 0)
        {
            Line(_pending.WrittenSpan.TrimEnd((byte)'\r'));
        }

        _pending.ResetWrittenCount();
    }

    private void Line(ReadOnlySpan<byte> line)
    {
        if (!line.StartsWith(DataPrefix))
        {
            return;
        }

        var payload = line[DataPrefix.Length..].TrimStart((byte)' ');
        if (payload.Length == 0 || payload.SequenceEqual("[DONE]"u8))
        {
            return;
        }

        DataEvents++;
        if (payload.IndexOf(UsageWord) >= 0)
        {
            ReadUsage(payload);
        }
    }

    /// <summary>Finds "usage" at the top level or inside "message"/"response" and takes its counts.</summary>
    private void ReadUsage(ReadOnlySpan<byte> json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json.ToArray());
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
            {
                Take(usage);
            }

            foreach (var holder in (ReadOnlySpan<string>)["message", "response"])
            {
                if (root.TryGetProperty(holder, out var inner) && inner.ValueKind == JsonValueKind.Object
                    && inner.TryGetProperty("usage", out var nested) && nested.ValueKind == JsonValueKind.Object)
                {
                    Take(nested);
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON we can meter; the estimate applies.
        }
    }

    private void Take(JsonElement usage)
    {
        long? Get(string name) => usage.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;
        var prompt = Get("prompt_tokens") ?? Get("input_tokens");
        if (prompt is not null)
        {
            prompt += (Get("cache_creation_input_tokens") ?? 0) + (Get("cache_read_input_tokens") ?? 0);
            PromptTokens = Math.Max(PromptTokens ?? 0, prompt.Value);
        }

        var completion = Get("completion_tokens") ?? Get("output_tokens");
        if (completion is null && Get("total_tokens") is { } total && prompt is not null)
        {
            completion = Math.Max(0, total - prompt.Value);
        }

        if (completion is not null)
        {
            CompletionTokens = Math.Max(CompletionTokens ?? 0, completion.Value);
        }
    }
}
