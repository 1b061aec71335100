using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Strongroom.Engines.Ai;

namespace Strongroom.Gateway;

/// <summary>
/// One gateway request: take the virtual key, read and inspect the body, admit it against the key's
/// grant (<see cref="GrantCache"/>: no server call in steady state), swap in the real key, forward,
/// stream the answer back as it arrives while metering usage, then queue the settlement. The real
/// key exists only in the grant and the outgoing upstream request.
/// </summary>
internal sealed class ProxyHandler
{
    private static readonly Dictionary<string, string> Routes = new(StringComparer.Ordinal)
    {
        ["/v1/chat/completions"] = "chat",
        ["/v1/completions"] = "completions",
        ["/v1/embeddings"] = "embeddings",
        ["/v1/responses"] = "responses",
        ["/v1/messages"] = "messages",
    };

    /// <summary>Client headers passed upstream (everything else, including both auth headers, is dropped).</summary>
    private static readonly string[] ForwardedHeaders =
        ["anthropic-version", "anthropic-beta", "openai-beta", "openai-organization", "openai-project", "accept", "user-agent", "idempotency-key"];

    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection", "te", "trailer",
    };

    private readonly GatewayOptions _options;
    private readonly ServerLedgerClient _ledger;
    private readonly GrantCache _grants;
    private readonly HttpMessageInvoker _upstream;
    private readonly ILogger _logger;

    public ProxyHandler(GatewayOptions options, ServerLedgerClient ledger, GrantCache grants, ILogger logger)
    {
        _options = options;
        _ledger = ledger;
        _grants = grants;
        _logger = logger;
        _upstream = new HttpMessageInvoker(options.UpstreamHandler ?? new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            ConnectTimeout = TimeSpan.FromSeconds(15),
            EnableMultipleHttp2Connections = true,
        }, disposeHandler: options.UpstreamHandler is null);
    }

    private int _active;

    /// <summary>Requests being handled right now (their settlements are not queued yet).</summary>
    public int Active => Volatile.Read(ref _active);

    public async Task HandleAsync(HttpContext http)
    {
        Interlocked.Increment(ref _active);
        try
        {
            await HandleCoreAsync(http).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _active);
        }
    }

    private async Task HandleCoreAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "";
        var anthropic = path == "/v1/messages";
        string? endpoint;
        if (path == "/v1/models" && HttpMethods.IsGet(http.Request.Method))
        {
            endpoint = "models";
        }
        else if (!Routes.TryGetValue(path, out endpoint))
        {
            await ProviderErrors.WriteAsync(http, anthropic, 404, "not_found", $"unknown route {path}").ConfigureAwait(false);
            return;
        }
        else if (!HttpMethods.IsPost(http.Request.Method))
        {
            await ProviderErrors.WriteAsync(http, anthropic, 405, "method_not_allowed", "use POST").ConfigureAwait(false);
            return;
        }

        var apiKey = VirtualKey(http.Request);
        if (apiKey is null)
        {
            await ProviderErrors.WriteAsync(http, anthropic, 401, "invalid_api_key", "missing API key: send the virtual key as Authorization: Bearer or x-api-key").ConfigureAwait(false);
            return;
        }

        byte[]? rented = null;
        try
        {
            var length = 0;
            RequestBody? body = null;
            if (endpoint != "models")
            {
                (rented, length, var tooLarge) = await ReadBodyAsync(http).ConfigureAwait(false);
                if (tooLarge)
                {
                    await ProviderErrors.WriteAsync(http, anthropic, 413, "request_too_large", $"request body larger than {_options.MaxBodyBytes} bytes").ConfigureAwait(false);
                    return;
                }

                body = RequestBody.Parse(rented.AsSpan(0, length), out var error);
                if (body is null)
                {
                    await ProviderErrors.WriteAsync(http, anthropic, 400, "invalid_request_error", error!).ConfigureAwait(false);
                    return;
                }
            }

            Admission admission;
            try
            {
                admission = await _grants.AcquireAsync(apiKey, endpoint, body?.Model ?? "", (length + 3) / 4, body?.MaxTokens,
                    http.Connection.RemoteIpAddress?.ToString(), http.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or GatewayServerException or JsonException or KeyNotFoundException or InvalidOperationException
                                          || (ex is OperationCanceledException && !http.RequestAborted.IsCancellationRequested))
            {
                await ProviderErrors.WriteAsync(http, anthropic, 503, "gateway_unavailable", "the gateway cannot reach Strongroom to authorise this request").ConfigureAwait(false);
                return;
            }

            if (admission.Denial is { } denial)
            {
                await ProviderErrors.WriteAsync(http, anthropic, denial.Status, denial.Reason, denial.Message, denial.RetryAfterSeconds).ConfigureAwait(false);
                return;
            }

            var payload = new ReadOnlyMemory<byte>(rented, 0, length);
            if (body is { Stream: true, IncludeUsage: false } && endpoint is "chat" or "completions" && admission.Provider!.Type != "anthropic")
            {
                payload = RequestBody.WithIncludeUsage(payload.Span);
            }

            await ForwardAsync(http, endpoint, anthropic, admission, body?.Model ?? "", payload, (length + 3) / 4).ConfigureAwait(false);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private async Task ForwardAsync(HttpContext http, string endpoint, bool anthropic, Admission admission, string model, ReadOnlyMemory<byte> payload, long promptEstimate)
    {
        var grant = admission.Grant!;
        var provider = admission.Provider!;
        var meter = new UsageMeter(sse: false);
        var status = 0;
        var outcome = "ok";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        try
        {
            HttpResponseMessage? response = null;
            for (var attempt = 0; ; attempt++)
            {
                timeout.CancelAfter(_options.UpstreamTimeout);
                using var request = BuildRequest(http, provider, payload, endpoint == "models");
                response = await _upstream.SendAsync(request, timeout.Token).ConfigureAwait(false);
                if ((int)response.StatusCode == 401 && attempt == 0 && await _ledger.FailoverAsync(grant, provider, http.RequestAborted).ConfigureAwait(false))
                {
                    response.Dispose();
                    continue;
                }

                break;
            }

            using (response)
            {
                status = (int)response.StatusCode;
                if (endpoint == "models")
                {
                    await WriteModelsAsync(http, response, grant, timeout.Token).ConfigureAwait(false);
                    return;
                }

                var sse = response.Content.Headers.ContentType?.MediaType == "text/event-stream";
                meter = new UsageMeter(sse);
                CopyHeaders(http.Response, response);
                var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
                await PumpAsync(http, stream, meter, sse, timeout).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            outcome = "client_disconnected";
        }
        catch (OperationCanceledException)
        {
            outcome = "upstream_timeout";
            status = status == 0 ? 504 : status;
            Log.UpstreamFailed(_logger, provider.Name, "timeout");
            await ProviderErrors.WriteAsync(http, anthropic, 504, "upstream_timeout", $"provider \"{provider.Name}\" did not answer in time").ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            outcome = "upstream_error";
            status = status == 0 ? 502 : status;
            Log.UpstreamFailed(_logger, provider.Name, ex.HttpRequestError.ToString());
            await ProviderErrors.WriteAsync(http, anthropic, 502, "upstream_unreachable", $"provider \"{provider.Name}\" could not be reached").ConfigureAwait(false);
        }
        catch (IOException) when (http.RequestAborted.IsCancellationRequested || http.Response.HasStarted)
        {
            outcome = http.RequestAborted.IsCancellationRequested ? "client_disconnected" : "upstream_error";
        }
        catch (GatewayServerException ex)
        {
            outcome = "failover_failed";
            Log.ServerCallFailed(_logger, "failover", ex.Message);
            await ProviderErrors.WriteAsync(http, anthropic, 503, "gateway_unavailable", "the gateway cannot reach Strongroom").ConfigureAwait(false);
        }
        finally
        {
            var estimated = !meter.HasUsage && outcome != "ok";
            var prompt = meter.PromptTokens ?? (estimated && meter.DataEvents > 0 ? promptEstimate : 0);
            var completion = meter.CompletionTokens ?? (estimated ? meter.DataEvents : 0);
            _ledger.Enqueue(new Settlement(grant.SliceId, grant.Accessor, model, endpoint, admission.DrawnTokens, admission.DrawnCost, prompt, completion,
                status == 0 ? 499 : status, outcome, estimated || (!meter.HasUsage && status < 400 && status > 0)));
        }
    }

    /// <summary>Copies the upstream body to the client chunk by chunk (flushing each for SSE) while metering it.</summary>
    private async Task PumpAsync(HttpContext http, Stream upstream, UsageMeter meter, bool sse, CancellationTokenSource timeout)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            if (sse)
            {
                http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
                await http.Response.StartAsync(http.RequestAborted).ConfigureAwait(false);
            }

            while (true)
            {
                timeout.CancelAfter(_options.UpstreamTimeout);
                var read = await upstream.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                meter.Feed(buffer.AsSpan(0, read));
                await http.Response.Body.WriteAsync(buffer.AsMemory(0, read), http.RequestAborted).ConfigureAwait(false);
                if (sse)
                {
                    await http.Response.Body.FlushAsync(http.RequestAborted).ConfigureAwait(false);
                }
            }

            meter.Complete();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static HttpRequestMessage BuildRequest(HttpContext http, GrantProvider provider, ReadOnlyMemory<byte> payload, bool get)
    {
        var path = http.Request.Path.Value!;
        var baseUrl = provider.BaseUrl;
        if (baseUrl.EndsWith("/v1", StringComparison.Ordinal))
        {
            path = path[3..];
        }

        var request = new HttpRequestMessage(get ? HttpMethod.Get : HttpMethod.Post, baseUrl + path + http.Request.QueryString.Value);
        if (!get)
        {
            request.Content = new ReadOnlyMemoryContent(payload);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        foreach (var name in ForwardedHeaders)
        {
            if (http.Request.Headers.TryGetValue(name, out var value))
            {
                request.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)value!);
            }
        }

        foreach (var (name, value) in provider.Headers)
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }

        switch (provider.Type)
        {
            case "anthropic":
                request.Headers.TryAddWithoutValidation("x-api-key", provider.UpstreamKey);
                break;
            case "azure-openai":
                request.Headers.TryAddWithoutValidation("api-key", provider.UpstreamKey);
                break;
            default:
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", provider.UpstreamKey);
                break;
        }

        return request;
    }

    private static void CopyHeaders(HttpResponse target, HttpResponseMessage source)
    {
        target.StatusCode = (int)source.StatusCode;
        foreach (var (name, values) in source.Headers)
        {
            if (!HopByHop.Contains(name))
            {
                target.Headers[name] = values.ToArray();
            }
        }

        foreach (var (name, values) in source.Content.Headers)
        {
            target.Headers[name] = values.ToArray();
        }
    }

    /// <summary>GET /v1/models: the provider's list filtered by the role's model allowlist.</summary>
    private static async Task WriteModelsAsync(HttpContext http, HttpResponseMessage response, Grant grant, CancellationToken cancellationToken)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        http.Response.StatusCode = (int)response.StatusCode;
        http.Response.ContentType = "application/json";
        if (response.IsSuccessStatusCode && JsonNode.Parse(bytes) is JsonObject list && list["data"] is JsonArray data)
        {
            foreach (var item in data.ToList())
            {
                if (item?["id"]?.GetValue<string>() is not { } id || !ModelGlob.AnyMatch(grant.AllowedModels, id))
                {
                    data.Remove(item);
                }
            }

            bytes = JsonSerializer.SerializeToUtf8Bytes(list);
        }

        await http.Response.Body.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    private static string? VirtualKey(HttpRequest request)
    {
        if (request.Headers.Authorization.ToString() is { Length: > 7 } auth && auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return auth[7..].Trim();
        }

        return request.Headers["x-api-key"].ToString() is { Length: > 0 } key ? key.Trim() : null;
    }

    private async Task<(byte[] Buffer, int Length, bool TooLarge)> ReadBodyAsync(HttpContext http)
    {
        var declared = http.Request.ContentLength;
        if (declared > _options.MaxBodyBytes)
        {
            return (ArrayPool<byte>.Shared.Rent(1), 0, true);
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(declared ?? 16 * 1024, 1, _options.MaxBodyBytes) + 1);
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (buffer.Length > _options.MaxBodyBytes)
                {
                    return (buffer, length, true);
                }

                var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, _options.MaxBodyBytes + 1));
                buffer.AsSpan(0, length).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = bigger;
            }

            var read = await http.Request.Body.ReadAsync(buffer.AsMemory(length), http.RequestAborted).ConfigureAwait(false);
            if (read == 0)
            {
                return (buffer, length, length > _options.MaxBodyBytes);
            }

            length += read;
        }
    }
}
