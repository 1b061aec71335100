using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Strongroom.Scanner.Migration;

/// <summary>
/// The two Vault KV v2 calls the scanner needs: write (`PUT {addr}/v1/{mount}/data/{path}` with
/// `{"data":{...}}`) and read (`GET`, answer in `data.data`), authenticated with X-Vault-Token.
/// Errors are values and never contain the secret.
/// </summary>
internal sealed class KvClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    public KvClient(VaultEndpoint endpoint, HttpClient? http = null)
    {
        _ownsHttp = http is null;
        _http = http ?? new HttpClient();
        _http.BaseAddress = endpoint.Address;
        if (endpoint.Token is not null)
        {
            _http.DefaultRequestHeaders.Add("X-Vault-Token", endpoint.Token);
        }
    }

    public async Task<string?> WriteAsync(string mount, string path, IReadOnlyDictionary<string, string> data, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["data"] = new JsonObject(data.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))) };
        try
        {
            using var response = await _http.PutAsJsonAsync(Url(mount, path), body, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? null : $"writing {mount}/{path} failed: HTTP {(int)response.StatusCode}";
        }
        catch (HttpRequestException ex)
        {
            return $"writing {mount}/{path} failed: {ex.Message}";
        }
    }

    public async Task<(IReadOnlyDictionary<string, string>? Data, string? Error)> ReadAsync(string mount, string path, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync(Url(mount, path), cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return (null, $"{mount}/{path} not found");
            }

            if (!response.IsSuccessStatusCode)
            {
                return (null, $"reading {mount}/{path} failed: HTTP {(int)response.StatusCode}");
            }

            var json = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken).ConfigureAwait(false);
            if (json?["data"]?["data"] is not JsonObject data)
            {
                return (null, $"reading {mount}/{path} failed: response has no data.data");
            }

            return (data.Where(kv => kv.Value is JsonValue).ToDictionary(kv => kv.Key, kv => kv.Value!.ToString()), null);
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Text.Json.JsonException)
        {
            return (null, $"reading {mount}/{path} failed: {ex.GetType().Name}");
        }
    }

    private static string Url(string mount, string path) =>
        $"v1/{Uri.EscapeDataString(mount)}/data/{string.Join('/', path.Split('/').Select(Uri.EscapeDataString))}";

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }
}
