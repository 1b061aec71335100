using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Strongroom.Client;

namespace Strongroom.Agent;

/// <summary>
/// The agent's connection to the server: a <see cref="VaultClient"/> whose token is the auto-auth token,
/// plus the few calls that need headers the typed client does not send (X-Vault-Wrap-TTL, another token).
/// </summary>
internal sealed class AgentVault : IDisposable
{
    private readonly HttpClient _http;

    public AgentVault(VaultClientSettings settings, HttpMessageHandler? handler = null)
    {
        _http = new HttpClient(handler ?? VaultHttpHandlerFactory.Create(settings), disposeHandler: true) { Timeout = TimeSpan.FromSeconds(30) };
        Client = new VaultClient(_http, settings);
        Address = settings.Address;
    }

    public VaultClient Client { get; }

    public Uri Address { get; }

    /// <summary>Sends one request with explicit token and headers; returns the parsed response (null on 204).</summary>
    public async Task<VaultResponse?> SendAsync(HttpMethod method, string path, JsonObject? body, string? token, TimeSpan? wrapTtl, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(Address, "/v1/" + path.TrimStart('/')));
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Vault-Token", token);
        }

        if (wrapTtl is { } ttl)
        {
            request.Headers.TryAddWithoutValidation("X-Vault-Wrap-TTL", ((long)Math.Ceiling(ttl.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture) + "s");
        }

        request.Headers.TryAddWithoutValidation("X-Vault-Request", "true");
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var errors = new List<string>();
            try
            {
                if (JsonNode.Parse(text) is JsonObject { } obj && obj["errors"] is JsonArray array)
                {
                    errors.AddRange(array.Select(e => e?.ToString() ?? string.Empty));
                }
            }
            catch (System.Text.Json.JsonException)
            {
                // not JSON: no server errors to report
            }

            throw new VaultApiException(method, path, response.StatusCode, errors);
        }

        return response.StatusCode == HttpStatusCode.NoContent || string.IsNullOrWhiteSpace(text) ? null : VaultResponse.Parse(text);
    }

    public void Dispose()
    {
        Client.Dispose();
        _http.Dispose();
    }
}
