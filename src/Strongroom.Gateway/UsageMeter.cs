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

    /// <summary>Finds "usage" at the top level or inside "message"/"response" and takes its counts (a forward-only read, no DOM).</summary>
    private void ReadUsage(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                Scan(ref reader, holders: true);
            }
        }
        catch (JsonException)
        {
            // Not JSON we can meter; the estimate applies.
        }
    }

    /// <summary>Reads the members of the object the reader is on, up to its end.</summary>
    private void Scan(ref Utf8JsonReader reader, bool holders)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var usage = reader.ValueTextEquals("usage"u8);
            var holder = holders && (reader.ValueTextEquals("message"u8) || reader.ValueTextEquals("response"u8));
            reader.Read();
            if (reader.TokenType == JsonTokenType.StartObject && usage)
            {
                Take(ref reader);
            }
            else if (reader.TokenType == JsonTokenType.StartObject && holder)
            {
                Scan(ref reader, holders: false);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private void Take(ref Utf8JsonReader reader)
    {
        long? prompt = null, input = null, cacheCreation = null, cacheRead = null, completion = null, output = null, total = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            ref var slot = ref Slot(ref reader, ref prompt, ref input, ref cacheCreation, ref cacheRead, ref completion, ref output, ref total, out var known);
            reader.Read();
            if (known && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var n))
            {
                slot = n;
            }
            else
            {
                reader.Skip();
            }
        }

        var promptTokens = prompt ?? input;
        if (promptTokens is not null)
        {
            promptTokens += (cacheCreation ?? 0) + (cacheRead ?? 0);
            PromptTokens = Math.Max(PromptTokens ?? 0, promptTokens.Value);
        }

        var completionTokens = completion ?? output;
        if (completionTokens is null && total is { } t && promptTokens is not null)
        {
            completionTokens = Math.Max(0, t - promptTokens.Value);
        }

        if (completionTokens is not null)
        {
            CompletionTokens = Math.Max(CompletionTokens ?? 0, completionTokens.Value);
        }
    }

    private static ref long? Slot(ref Utf8JsonReader reader, ref long? prompt, ref long? input, ref long? cacheCreation, ref long? cacheRead,
        ref long? completion, ref long? output, ref long? total, out bool known)
    {
        known = true;
        if (reader.ValueTextEquals("prompt_tokens"u8))
        {
            return ref prompt;
        }

        if (reader.ValueTextEquals("input_tokens"u8))
        {
            return ref input;
        }

        if (reader.ValueTextEquals("cache_creation_input_tokens"u8))
        {
            return ref cacheCreation;
        }

        if (reader.ValueTextEquals("cache_read_input_tokens"u8))
        {
            return ref cacheRead;
        }

        if (reader.ValueTextEquals("completion_tokens"u8))
        {
            return ref completion;
        }

        if (reader.ValueTextEquals("output_tokens"u8))
        {
            return ref output;
        }

        known = reader.ValueTextEquals("total_tokens"u8);
        return ref total;
    }
}
