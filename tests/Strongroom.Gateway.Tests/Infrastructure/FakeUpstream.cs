using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Strongroom.Gateway.Tests.Infrastructure;

/// <summary>
/// A provider on loopback speaking the real OpenAI and Anthropic wire formats (JSON and SSE):
/// chat/completions, completions, embeddings, responses, models, messages. It records the headers
/// and body of every request, answers 401 to keys it does not know, and can be told to fail,
/// hang, or stream slowly.
/// </summary>
public sealed class FakeUpstream : IAsyncDisposable
{
    public const int ChatPromptTokens = 11;
    public const int ChatCompletionTokens = 7;
    public const int MessagesInputTokens = 13;
    public const int MessagesOutputTokens = 9;
    public const int EmbeddingTokens = 5;

    private readonly WebApplication _app;

    private FakeUpstream(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public string BaseUrl => Address.ToString().TrimEnd('/');

    /// <summary>Keys that get a 200; anything else gets the provider's 401.</summary>
    public ConcurrentDictionary<string, bool> ValidKeys { get; } = new();

    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>When set, every request answers this status with the provider's error JSON.</summary>
    public int? FailWith { get; set; }

    /// <summary>When true, requests never answer (until cancelled).</summary>
    public bool Hang { get; set; }

    /// <summary>When set, streams send one chunk and then wait for this before the rest.</summary>
    public TaskCompletionSource? StreamGate { get; set; }

    /// <summary>Completed when a request's RequestAborted fired (the gateway cancelled upstream).</summary>
    public TaskCompletionSource UpstreamCancelled { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource FirstChunkSent { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ResetSignals()
    {
        UpstreamCancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        FirstChunkSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public static async Task<FakeUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        FakeUpstream? self = null;
        app.Run(http => self!.HandleAsync(http));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new FakeUpstream(app, new Uri(address));
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        Requests.Enqueue(new Received(http.Request.Method, http.Request.Path.Value ?? "", headers, body));
        http.RequestAborted.Register(() => UpstreamCancelled.TrySetResult());
        var anthropic = http.Request.Path.Value == "/v1/messages";
        var key = anthropic ? headers.GetValueOrDefault("x-api-key", "") : headers.GetValueOrDefault("authorization", "").Replace("Bearer ", "", StringComparison.Ordinal);
        if (Hang)
        {
            await Task.Delay(Timeout.Infinite, http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        if (!ValidKeys.ContainsKey(key))
        {
            await ErrorAsync(http, anthropic, 401, anthropic ? "authentication_error" : "invalid_request_error", "Incorrect API key provided");
            return;
        }

        if (FailWith is { } status)
        {
            await ErrorAsync(http, anthropic, status, anthropic ? "api_error" : "server_error", "The server had an error while processing your request");
            return;
        }

        var request = body.Length > 0 ? JsonNode.Parse(body) as JsonObject : null;
        var stream = request?["stream"]?.GetValue<bool>() == true;
        var model = request?["model"]?.GetValue<string>() ?? "";
        switch (http.Request.Path.Value)
        {
            case "/v1/chat/completions" when stream:
                await ChatStreamAsync(http, model, request!["stream_options"]?["include_usage"]?.GetValue<bool>() == true);
                break;
            case "/v1/chat/completions":
                await JsonAsync(http, new JsonObject
                {
                    ["id"] = "chatcmpl-fake1",
                    ["object"] = "chat.completion",
                    ["created"] = 1764000000,
                    ["model"] = model,
                    ["choices"] = new JsonArray(new JsonObject
                    {
                        ["index"] = 0,
                        ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = "Hello from the fake upstream", ["refusal"] = null },
                        ["logprobs"] = null,
                        ["finish_reason"] = "stop",
                    }),
                    ["usage"] = new JsonObject { ["prompt_tokens"] = ChatPromptTokens, ["completion_tokens"] = ChatCompletionTokens, ["total_tokens"] = ChatPromptTokens + ChatCompletionTokens },
                });
                break;
            case "/v1/completions":
                await JsonAsync(http, new JsonObject
                {
                    ["id"] = "cmpl-fake1",
                    ["object"] = "text_completion",
                    ["created"] = 1764000000,
                    ["model"] = model,
                    ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["text"] = "fake text", ["finish_reason"] = "stop", ["logprobs"] = null }),
                    ["usage"] = new JsonObject { ["prompt_tokens"] = ChatPromptTokens, ["completion_tokens"] = ChatCompletionTokens, ["total_tokens"] = ChatPromptTokens + ChatCompletionTokens },
                });
                break;
            case "/v1/embeddings":
                var floats = new float[] { 0.25f, -0.5f, 0.125f };
                JsonNode embedding = request?["encoding_format"]?.GetValue<string>() == "base64"
                    ? Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(floats.AsSpan()))
                    : new JsonArray(floats.Select(f => (JsonNode)f).ToArray());
                await JsonAsync(http, new JsonObject
                {
                    ["object"] = "list",
                    ["data"] = new JsonArray(new JsonObject { ["object"] = "embedding", ["index"] = 0, ["embedding"] = embedding }),
                    ["model"] = model,
                    ["usage"] = new JsonObject { ["prompt_tokens"] = EmbeddingTokens, ["total_tokens"] = EmbeddingTokens },
                });
                break;
            case "/v1/models":
                await JsonAsync(http, new JsonObject
                {
                    ["object"] = "list",
                    ["data"] = new JsonArray([.. new[] { "gpt-4o", "gpt-4o-mini", "o1", "text-embedding-3-small" }.Select(id =>
                        (JsonNode)new JsonObject { ["id"] = id, ["object"] = "model", ["created"] = 1700000000, ["owned_by"] = "fake" })]),
                });
                break;
            case "/v1/messages" when stream:
                await MessagesStreamAsync(http, model);
                break;
            case "/v1/messages":
                await JsonAsync(http, new JsonObject
                {
                    ["id"] = "msg_fake1",
                    ["type"] = "message",
                    ["role"] = "assistant",
                    ["model"] = model,
                    ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "Hello from the fake upstream" }),
                    ["stop_reason"] = "end_turn",
                    ["stop_sequence"] = null,
                    ["usage"] = new JsonObject { ["input_tokens"] = MessagesInputTokens, ["output_tokens"] = MessagesOutputTokens },
                });
                break;
            default:
                await ErrorAsync(http, anthropic, 404, "not_found_error", "unknown path");
                break;
        }
    }

    private async Task ChatStreamAsync(HttpContext http, string model, bool includeUsage)
    {
        StartSse(http);
        string Chunk(string content, bool final) => JsonSerializer.Serialize(new
        {
            id = "chatcmpl-fake2",
            @object = "chat.completion.chunk",
            created = 1764000000,
            model,
            choices = new object[] { new { index = 0, delta = final ? new { content = (string?)null } : new { content = (string?)content }, finish_reason = final ? "stop" : null } },
        });
        await SendAsync(http, "data: " + Chunk("Hello", false) + "\n\n");
        FirstChunkSent.TrySetResult();
        if (StreamGate is { } gate)
        {
            await gate.Task.WaitAsync(http.RequestAborted);
        }

        await SendAsync(http, "data: " + Chunk(" world", false) + "\n\n");
        await SendAsync(http, "data: " + Chunk("", true) + "\n\n");
        if (includeUsage)
        {
            await SendAsync(http, "data: " + JsonSerializer.Serialize(new
            {
                id = "chatcmpl-fake2",
                @object = "chat.completion.chunk",
                created = 1764000000,
                model,
                choices = Array.Empty<object>(),
                usage = new { prompt_tokens = ChatPromptTokens, completion_tokens = ChatCompletionTokens, total_tokens = ChatPromptTokens + ChatCompletionTokens },
            }) + "\n\n");
        }

        await SendAsync(http, "data: [DONE]\n\n");
    }

    private async Task MessagesStreamAsync(HttpContext http, string model)
    {
        StartSse(http);
        async Task Event(string name, object data) => await SendAsync(http, $"event: {name}\ndata: {JsonSerializer.Serialize(data)}\n\n");
        await Event("message_start", new
        {
            type = "message_start",
            message = new { id = "msg_fake2", type = "message", role = "assistant", model, content = Array.Empty<object>(), stop_reason = (string?)null, stop_sequence = (string?)null, usage = new { input_tokens = MessagesInputTokens, output_tokens = 1 } },
        });
        FirstChunkSent.TrySetResult();
        await Event("content_block_start", new { type = "content_block_start", index = 0, content_block = new { type = "text", text = "" } });
        await Event("ping", new { type = "ping" });
        if (StreamGate is { } gate)
        {
            await gate.Task.WaitAsync(http.RequestAborted);
        }

        await Event("content_block_delta", new { type = "content_block_delta", index = 0, delta = new { type = "text_delta", text = "Hello" } });
        await Event("content_block_delta", new { type = "content_block_delta", index = 0, delta = new { type = "text_delta", text = " world" } });
        await Event("content_block_stop", new { type = "content_block_stop", index = 0 });
        await Event("message_delta", new { type = "message_delta", delta = new { stop_reason = "end_turn", stop_sequence = (string?)null }, usage = new { output_tokens = MessagesOutputTokens } });
        await Event("message_stop", new { type = "message_stop" });
    }

    private static void StartSse(HttpContext http)
    {
        http.Response.StatusCode = 200;
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
    }

    private static async Task SendAsync(HttpContext http, string text)
    {
        await http.Response.WriteAsync(text, http.RequestAborted);
        await http.Response.Body.FlushAsync(http.RequestAborted);
    }

    private static Task JsonAsync(HttpContext http, JsonObject body)
    {
        http.Response.ContentType = "application/json";
        http.Response.Headers["x-request-id"] = "req_fake";
        return http.Response.WriteAsync(body.ToJsonString());
    }

    private static Task ErrorAsync(HttpContext http, bool anthropic, int status, string type, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        var body = anthropic
            ? new JsonObject { ["type"] = "error", ["error"] = new JsonObject { ["type"] = type, ["message"] = message } }
            : new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = null, ["code"] = status == 401 ? "invalid_api_key" : null } };
        return http.Response.WriteAsync(body.ToJsonString());
    }

    public sealed record Received(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body);
}
