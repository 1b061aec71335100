using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Strongroom.Engines.Ai;

namespace Strongroom.Gateway;

/// <summary>
/// The gateway's calls to the Strongroom server: lease (a grant per virtual key, see
/// <see cref="GrantCache"/>), failover (upstream 401) and settle (usage and returned slices; queued
/// and sent in batches by one background loop, retried until the server has them). All are
/// ordinary, audited requests under the gateway's token.
/// </summary>
internal sealed class ServerLedgerClient : IAsyncDisposable
{
    private const int MaxBatch = 256;
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient _http;
    private readonly Uri _lease;
    private readonly Uri _settle;
    private readonly Uri _failover;
    private readonly ILogger _logger;
    private readonly Channel<LedgerMessage> _queue = Channel.CreateUnbounded<LedgerMessage>(new UnboundedChannelOptions { SingleReader = true });
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
        _lease = new Uri(baseUri, "lease");
        _settle = new Uri(baseUri, "settle");
        _failover = new Uri(baseUri, "failover");
        _loop = Task.Run(SettleLoopAsync);
    }

    /// <summary>Settlements queued or being sent.</summary>
    public int Pending => Volatile.Read(ref _pending);

    /// <summary>Asks for a grant for a virtual key, sized for <paramref name="wantRequests"/> requests like the one described.</summary>
    public async Task<LeaseResult> LeaseAsync(string apiKey, string endpoint, string model, long promptEstimate, long? maxTokens, long wantRequests,
        TimeSpan validity, TimeProvider clock, CancellationToken cancellationToken)
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
            w.WriteNumber("want_requests", wantRequests);
            w.WriteNumber("validity_ms", (long)validity.TotalMilliseconds);
        });
        var issued = clock.GetUtcNow();
        using var doc = await PostAsync(_lease, body, cancellationToken).ConfigureAwait(false);
        var data = doc.RootElement.GetProperty("data");
        if (!data.GetProperty("allowed").GetBoolean())
        {
            return new LeaseResult(null, new GatewayDenial(data.GetProperty("status").GetInt32(), data.GetProperty("reason").GetString() ?? "",
                data.GetProperty("message").GetString() ?? "", data.GetProperty("retry_after").GetInt64()));
        }

        var providers = new List<GrantProvider>();
        foreach (var p in data.GetProperty("providers").EnumerateArray())
        {
            var headers = new List<KeyValuePair<string, string>>();
            foreach (var h in p.GetProperty("headers").EnumerateObject())
            {
                headers.Add(new(h.Name, h.Value.GetString() ?? ""));
            }

            providers.Add(new GrantProvider
            {
                Name = p.GetProperty("name").GetString()!,
                Type = p.GetProperty("type").GetString()!,
                BaseUrl = p.GetProperty("base_url").GetString()!,
                Headers = headers,
                Models = Strings(p.GetProperty("models")),
                UpstreamKeyId = p.GetProperty("upstream_key_id").GetString(),
                UpstreamKey = p.GetProperty("upstream_key").GetString(),
            });
        }

        var prices = new List<(string, double, double)>();
        foreach (var p in data.GetProperty("prices").EnumerateArray())
        {
            prices.Add((p.GetProperty("model").GetString()!, p.GetProperty("input").GetDouble(), p.GetProperty("output").GetDouble()));
        }

        var tokens = data.GetProperty("tokens").GetInt64();
        var cost = data.GetProperty("cost_usd").GetDouble();
        var requests = data.GetProperty("requests").GetInt64();
        return new LeaseResult(new Grant
        {
            SliceId = data.GetProperty("reservation_id").GetString()!,
            Accessor = data.GetProperty("accessor").GetString()!,
            Role = data.GetProperty("role").GetString()!,
            Issued = issued,
            ValidUntil = issued + TimeSpan.FromMilliseconds(Math.Min(data.GetProperty("valid_ms").GetInt64(), (long)validity.TotalMilliseconds)),
            DefaultMaxTokens = data.GetProperty("default_max_tokens").GetInt64(),
            AllowedModels = Strings(data.GetProperty("allowed_models")),
            AllowedEndpoints = Strings(data.GetProperty("allowed_endpoints")),
            AllowedCidrs = Strings(data.GetProperty("allowed_cidrs")),
            Providers = providers,
            Prices = prices,
            GrantedTokens = tokens,
            GrantedCost = cost,
            GrantedRequests = requests,
            Tokens = tokens,
            Cost = cost,
            Requests = requests,
        }, null);
    }

    private static List<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString() ?? "")];

    /// <summary>Marks the provider's upstream key bad; returns true and updates the provider when another key exists.</summary>
    public async Task<bool> FailoverAsync(Grant grant, GrantProvider provider, CancellationToken cancellationToken)
    {
        var body = Write(w =>
        {
            w.WriteString("reservation_id", grant.SliceId);
            w.WriteString("provider", provider.Name);
            w.WriteString("upstream_key_id", provider.UpstreamKeyId);
        });
        using var doc = await PostAsync(_failover, body, cancellationToken).ConfigureAwait(false);
        var data = doc.RootElement.GetProperty("data");
        if (data.TryGetProperty("alert", out var alert))
        {
            Log.Alert(_logger, alert.GetString() ?? "");
        }

        if (data.TryGetProperty("upstream_key", out var key) && key.GetString() is { } value)
        {
            provider.UpstreamKeyId = data.GetProperty("upstream_key_id").GetString() ?? "";
            provider.UpstreamKey = value;
            return true;
        }

        // No other key: this grant's later requests get a clear 503 (no_upstream_key) until the provider is fixed.
        provider.UpstreamKey = null;
        provider.UpstreamKeyId = null;
        return false;
    }

    public void Enqueue(LedgerMessage message)
    {
        if (message is not FlushMarker)
        {
            Interlocked.Increment(ref _pending);
        }

        if (!_queue.Writer.TryWrite(message) && message is FlushMarker marker)
        {
            marker.Done.TrySetResult();
        }
    }

    /// <summary>Waits until every message queued so far reached the server (or the token fires).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var marker = new FlushMarker(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        Enqueue(marker);
        await marker.Done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
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
        var batch = new List<LedgerMessage>(MaxBatch);
        var markers = new List<FlushMarker>();
        var delay = TimeSpan.FromMilliseconds(50);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false) || batch.Count > 0 || markers.Count > 0)
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
            {
                if (item is FlushMarker marker)
                {
                    markers.Add(marker);
                    if (batch.Count > 0)
                    {
                        break; // send what was queued before the marker, then release it
                    }

                    continue;
                }

                batch.Add(item);
            }

            if (batch.Count == 0)
            {
                Release(markers);
                continue;
            }

            try
            {
                using var _ = await PostAsync(_settle, WriteBatch(batch), CancellationToken.None).ConfigureAwait(false);
                Interlocked.Add(ref _pending, -batch.Count);
                batch.Clear();
                Release(markers);
                delay = TimeSpan.FromMilliseconds(50);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or GatewayServerException or JsonException)
            {
                Log.SettleFailed(_logger, batch.Count, ex.Message);
                if (_queue.Reader.Completion.IsCompleted && delay > TimeSpan.FromSeconds(2))
                {
                    Interlocked.Add(ref _pending, -batch.Count);
                    Release(markers);
                    return;
                }

                await Task.Delay(delay).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    private static void Release(List<FlushMarker> markers)
    {
        foreach (var m in markers)
        {
            m.Done.TrySetResult();
        }

        markers.Clear();
    }

    private static byte[] WriteBatch(List<LedgerMessage> batch) => Write(w =>
    {
        w.WriteStartArray("settlements");
        foreach (var message in batch)
        {
            if (message is Settlement s)
            {
                w.WriteStartObject();
                w.WriteString("reservation_id", s.SliceId);
                w.WriteBoolean("slice", true);
                w.WriteString("accessor", s.Accessor);
                w.WriteString("model", s.Model);
                w.WriteString("endpoint", s.Endpoint);
                w.WriteNumber("drawn_tokens", s.DrawnTokens);
                w.WriteNumber("drawn_cost_usd", s.DrawnCost);
                w.WriteNumber("prompt_tokens", s.PromptTokens);
                w.WriteNumber("completion_tokens", s.CompletionTokens);
                w.WriteNumber("status", s.Status);
                w.WriteString("outcome", s.Outcome);
                w.WriteBoolean("estimated", s.Estimated);
                w.WriteEndObject();
            }
        }

        w.WriteEndArray();
        w.WriteStartArray("returns");
        foreach (var message in batch)
        {
            if (message is SliceReturn r)
            {
                w.WriteStartObject();
                w.WriteString("reservation_id", r.SliceId);
                w.WriteNumber("unused_tokens", r.UnusedTokens);
                w.WriteNumber("unused_cost_usd", r.UnusedCost);
                w.WriteNumber("unused_requests", r.UnusedRequests);
                w.WriteNumber("drawn_requests", r.DrawnRequests);
                w.WriteEndObject();
            }
        }

        w.WriteEndArray();
    });

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
