using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Strongroom.Gateway;

/// <summary>
/// The gateway's calls to the Strongroom server: reserve (before forwarding), failover (upstream
/// 401) and settle (after; queued and sent in batches by one background loop, retried until the
/// server has them). All are ordinary, audited requests under the gateway's token.
/// </summary>
internal sealed class ServerLedgerClient : IAsyncDisposable
{
    private const int MaxBatch = 256;
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient _http;
    private readonly Uri _reserve;
    private readonly Uri _settle;
    private readonly Uri _failover;
    private readonly ILogger _logger;
    private readonly Channel<Settlement> _queue = Channel.CreateUnbounded<Settlement>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private int _pending;

    public ServerLedgerClient(GatewayOptions options, ILogger logger)
    {
        _logger = logger;
        var handler = options.ServerHandler ?? new SocketsHttpHandler
        {
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            UseCookies = false,
            AllowAutoRedirect = false,
        };
        _http = new HttpClient(handler, disposeHandler: options.ServerHandler is null) { Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Add("X-Vault-Token", options.ServerToken);
        var baseUri = new Uri(options.ServerAddress.ToString().TrimEnd('/') + "/v1/" + options.Mount + "/gateway/");
        _reserve = new Uri(baseUri, "reserve");
        _settle = new Uri(baseUri, "settle");
        _failover = new Uri(baseUri, "failover");
        _loop = Task.Run(SettleLoopAsync);
    }

    /// <summary>Settlements queued or being sent.</summary>
    public int Pending => Volatile.Read(ref _pending);

    public async Task<Grant> ReserveAsync(string apiKey, string endpoint, string model, long? maxTokens, long promptEstimate, string? remote, CancellationToken cancellationToken)
    {
        var body = Write(w =>
        {
            w.WriteString("api_key", apiKey);
            w.WriteString("endpoint", endpoint);
            w.WriteString("model", model);
            if (maxTokens is { } max)
            {
                w.WriteNumber("max_tokens", max);
            }

            w.WriteNumber("prompt_tokens_estimate", promptEstimate);
            if (remote is not null)
            {
                w.WriteString("remote_addr", remote);
            }
        });
        using var doc = await PostAsync(_reserve, body, cancellationToken).ConfigureAwait(false);
        var data = doc.RootElement.GetProperty("data");
        if (!data.GetProperty("allowed").GetBoolean())
        {
            return new Grant
            {
                Allowed = false,
                Status = data.GetProperty("status").GetInt32(),
                Reason = data.GetProperty("reason").GetString() ?? "",
                Message = data.GetProperty("message").GetString() ?? "",
                RetryAfter = data.GetProperty("retry_after").GetInt64(),
            };
        }

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var h in data.GetProperty("headers").EnumerateObject())
        {
            headers.Add(new(h.Name, h.Value.GetString() ?? ""));
        }

        return new Grant
        {
            Allowed = true,
            ReservationId = data.GetProperty("reservation_id").GetString()!,
            Accessor = data.GetProperty("accessor").GetString()!,
            Provider = data.GetProperty("provider").GetString()!,
            ProviderType = data.GetProperty("provider_type").GetString()!,
            BaseUrl = data.GetProperty("base_url").GetString()!,
            Headers = headers,
            AllowedModels = [.. data.GetProperty("allowed_models").EnumerateArray().Select(e => e.GetString() ?? "")],
            UpstreamKeyId = data.GetProperty("upstream_key_id").GetString()!,
            UpstreamKey = data.GetProperty("upstream_key").GetString()!,
        };
    }

    /// <summary>Marks the grant's upstream key bad; returns true and updates the grant when another key exists.</summary>
    public async Task<bool> FailoverAsync(Grant grant, CancellationToken cancellationToken)
    {
        var body = Write(w => w.WriteString("reservation_id", grant.ReservationId));
        using var doc = await PostAsync(_failover, body, cancellationToken).ConfigureAwait(false);
        var data = doc.RootElement.GetProperty("data");
        if (data.TryGetProperty("alert", out var alert))
        {
            Log.Alert(_logger, alert.GetString() ?? "");
        }

        if (data.TryGetProperty("upstream_key", out var key) && key.GetString() is { } value)
        {
            grant.UpstreamKey = value;
            grant.UpstreamKeyId = data.GetProperty("upstream_key_id").GetString() ?? "";
            return true;
        }

        return false;
    }

    public void Settle(Settlement settlement)
    {
        Interlocked.Increment(ref _pending);
        _queue.Writer.TryWrite(settlement);
    }

    /// <summary>Waits until every queued settlement reached the server (or the token fires).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        while (Pending > 0)
        {
            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _loop.WaitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Gave up flushing: the server charges abandoned reservations at their reserved amount.
        }

        _http.Dispose();
    }

    private async Task SettleLoopAsync()
    {
        var batch = new List<Settlement>(MaxBatch);
        var delay = TimeSpan.FromMilliseconds(50);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false) || batch.Count > 0)
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            if (batch.Count == 0)
            {
                continue;
            }

            try
            {
                var body = Write(w =>
                {
                    w.WriteStartArray("settlements");
                    foreach (var s in batch)
                    {
                        w.WriteStartObject();
                        w.WriteString("reservation_id", s.ReservationId);
                        w.WriteNumber("prompt_tokens", s.PromptTokens);
                        w.WriteNumber("completion_tokens", s.CompletionTokens);
                        w.WriteNumber("status", s.Status);
                        w.WriteString("outcome", s.Outcome);
                        w.WriteBoolean("estimated", s.Estimated);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                });
                using var _ = await PostAsync(_settle, body, CancellationToken.None).ConfigureAwait(false);
                Interlocked.Add(ref _pending, -batch.Count);
                batch.Clear();
                delay = TimeSpan.FromMilliseconds(50);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or GatewayServerException or JsonException)
            {
                Log.SettleFailed(_logger, batch.Count, ex.Message);
                if (_queue.Reader.Completion.IsCompleted && delay > TimeSpan.FromSeconds(2))
                {
                    Interlocked.Add(ref _pending, -batch.Count);
                    return;
                }

                await Task.Delay(delay).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    private async Task<JsonDocument> PostAsync(Uri uri, byte[] body, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        using var response = await _http.PostAsync(uri, content, cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var message = $"server answered {(int)response.StatusCode}";
            try
            {
                using var error = JsonDocument.Parse(bytes);
                if (error.RootElement.TryGetProperty("errors", out var errors) && errors.GetArrayLength() > 0)
                {
                    message += ": " + errors[0].GetString();
                }
            }
            catch (JsonException)
            {
                // keep the status only
            }

            throw new GatewayServerException(message);
        }

        return JsonDocument.Parse(bytes);
    }

    private static byte[] Write(Action<Utf8JsonWriter> fill)
    {
        using var buffer = new MemoryStream(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            fill(w);
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }
}

/// <summary>The Strongroom server refused or failed a gateway call (message has no secrets).</summary>
internal sealed class GatewayServerException : Exception
{
    public GatewayServerException(string message)
        : base(message)
    {
    }

    public GatewayServerException()
    {
    }

    public GatewayServerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
