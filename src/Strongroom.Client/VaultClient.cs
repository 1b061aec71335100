using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Strongroom.Client;

/// <summary>
/// Typed client of the Vault-compatible HTTP API (<c>/v1/...</c>, <c>X-Vault-Token</c>).
/// Paths are given without the <c>/v1/</c> prefix, e.g. <c>secret/data/app</c>.
/// </summary>
public sealed class VaultClient : IDisposable
{
    private static readonly HttpMethod ListMethod = new("LIST");
    private static readonly MediaTypeHeaderValue JsonType = new("application/json");
    private static readonly MediaTypeHeaderValue MergePatchType = new("application/merge-patch+json");

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <summary>Creates a client owning its HttpClient; <paramref name="handler"/> defaults to one honouring the TLS settings.</summary>
    public VaultClient(VaultClientSettings settings, HttpMessageHandler? handler = null)
        : this(new HttpClient(handler ?? VaultHttpHandlerFactory.Create(settings), disposeHandler: true), settings, ownsHttp: true)
    {
    }

    /// <summary>Creates a client over a caller-owned HttpClient (not disposed by this client).</summary>
    public VaultClient(HttpClient httpClient, VaultClientSettings settings)
        : this(httpClient, settings, ownsHttp: false)
    {
    }

    private VaultClient(HttpClient httpClient, VaultClientSettings settings, bool ownsHttp)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(settings);
        _http = httpClient;
        _ownsHttp = ownsHttp;
        Address = settings.Address;
        Token = settings.Token;
        Namespace = settings.Namespace;
        WrapTtl = settings.WrapTtl;
    }

    public Uri Address { get; }

    /// <summary>The token sent as X-Vault-Token; null sends none (e.g. before login).</summary>
    public string? Token { get; set; }

    public string? Namespace { get; }

    /// <summary>When set, requests carry X-Vault-Wrap-TTL and the server answers with wrap_info only.</summary>
    public string? WrapTtl { get; set; }

    /// <summary>GET; returns null on 404 (no value at path), like the Vault API client.</summary>
    public Task<VaultResponse?> ReadAsync(string path, CancellationToken cancellationToken = default) =>
        ReadAsync(path, null, cancellationToken);

    /// <summary>GET with query parameters; returns null on 404.</summary>
    public Task<VaultResponse?> ReadAsync(string path, IReadOnlyDictionary<string, string>? query, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, path, null, query, nullOnNotFound: true, cancellationToken);

    /// <summary>PUT with a JSON body; returns null on an empty (204) answer.</summary>
    public Task<VaultResponse?> WriteAsync(string path, JsonObject? body, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, path, body, null, nullOnNotFound: false, cancellationToken);

    /// <summary>DELETE; returns null on an empty (204) answer.</summary>
    public Task<VaultResponse?> DeleteAsync(string path, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, path, null, null, nullOnNotFound: false, cancellationToken);

    /// <summary>LIST (the Vault LIST verb); returns null on 404 (nothing to list).</summary>
    public Task<VaultResponse?> ListAsync(string path, CancellationToken cancellationToken = default) =>
        SendAsync(ListMethod, path, null, null, nullOnNotFound: true, cancellationToken);

    /// <summary>PATCH with a JSON merge-patch body.</summary>
    public Task<VaultResponse?> PatchAsync(string path, JsonObject? body, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Patch, path, body, null, nullOnNotFound: false, cancellationToken);

    /// <summary>POST with a JSON body (some endpoints, e.g. sys/mounts, document POST).</summary>
    public Task<VaultResponse?> PostAsync(string path, JsonObject? body, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, path, body, null, nullOnNotFound: false, cancellationToken);

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    /// <summary>Builds the request URL: /v1/ + path with each segment escaped, plus the query.</summary>
    internal Uri BuildUri(string path, IReadOnlyDictionary<string, string>? query)
    {
        var segments = path.Trim('/').Split('/').Select(Uri.EscapeDataString);
        var builder = new StringBuilder(Address.GetLeftPart(UriPartial.Path).TrimEnd('/'));
        builder.Append("/v1/").Append(string.Join('/', segments));
        if (path.EndsWith('/') && path.Trim('/').Length > 0)
        {
            builder.Append('/');
        }

        if (query is { Count: > 0 })
        {
            builder.Append('?').Append(string.Join('&', query.Select(kv =>
                Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(kv.Value))));
        }

        return new Uri(builder.ToString());
    }

    private async Task<VaultResponse?> SendAsync(
        HttpMethod method, string path, JsonObject? body, IReadOnlyDictionary<string, string>? query, bool nullOnNotFound, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var request = new HttpRequestMessage(method, BuildUri(path, query));
        if (!string.IsNullOrEmpty(Token))
        {
            request.Headers.TryAddWithoutValidation("X-Vault-Token", Token);
        }

        if (!string.IsNullOrEmpty(Namespace))
        {
            request.Headers.TryAddWithoutValidation("X-Vault-Namespace", Namespace);
        }

        request.Headers.TryAddWithoutValidation("X-Vault-Request", "true");
        if (!string.IsNullOrEmpty(WrapTtl))
        {
            request.Headers.TryAddWithoutValidation("X-Vault-Wrap-TTL", WrapTtl);
        }

        if (body is not null)
        {
            var content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            content.Headers.ContentType = method == HttpMethod.Patch ? MergePatchType : JsonType;
            request.Content = content;
        }

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response.StatusCode == HttpStatusCode.NoContent || string.IsNullOrWhiteSpace(text)
                ? null
                : ParseOrThrow(method, path, response.StatusCode, text);
        }

        var errors = ReadErrors(text);
        if (nullOnNotFound && response.StatusCode == HttpStatusCode.NotFound)
        {
            // Like Vault's client: a 404 that still carries data or warnings (a deleted kv v2
            // version reports its metadata) is returned; a bare 404 means no value.
            return NotFoundBody(text);
        }

        throw new VaultApiException(method, path, response.StatusCode, errors);
    }

    private static VaultResponse? NotFoundBody(string text)
    {
        try
        {
            if (JsonNode.Parse(text) is JsonObject obj
                && ((obj["data"] is JsonObject data && data.Count > 0) || (obj["warnings"] is JsonArray warnings && warnings.Count > 0)))
            {
                return VaultResponse.FromObject(obj);
            }
        }
        catch (JsonException)
        {
            // Not JSON: no value.
        }

        return null;
    }

    private static VaultResponse ParseOrThrow(HttpMethod method, string path, HttpStatusCode status, string text)
    {
        try
        {
            return VaultResponse.Parse(text);
        }
        catch (JsonException)
        {
            throw new VaultApiException(method, path, status, ["server returned a response that is not a JSON object"]);
        }
    }

    private static List<string> ReadErrors(string text)
    {
        try
        {
            if (JsonNode.Parse(text) is JsonObject { } obj && obj["errors"] is JsonArray array)
            {
                return array.Select(e => e?.ToString() ?? string.Empty).ToList();
            }
        }
        catch (JsonException)
        {
            // Not JSON (e.g. a proxy's HTML page): fall through to the generic description.
        }

        return text.Length == 0 ? [] : [string.Create(CultureInfo.InvariantCulture, $"non-JSON error response ({text.Length} bytes)")];
    }
}
