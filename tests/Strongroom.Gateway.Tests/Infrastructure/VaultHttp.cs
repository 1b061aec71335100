using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Strongroom.Gateway.Tests.Infrastructure;

/// <summary>A thin raw-HTTP client for wire-level assertions (status codes and exact JSON shapes).</summary>
public sealed class VaultHttp : IDisposable
{
    private readonly HttpClient _http;

    public VaultHttp(Uri address, string? token)
    {
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        Token = token;
    }

    public string? Token { get; set; }

    public Task<Reply> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    public Task<Reply> ListAsync(string path) => SendAsync(new HttpMethod("LIST"), path, null);

    public Task<Reply> PostAsync(string path, object? body = null) => SendAsync(HttpMethod.Post, path, body);

    public Task<Reply> PutAsync(string path, object? body = null) => SendAsync(HttpMethod.Put, path, body);

    public Task<Reply> PatchAsync(string path, object? body) => SendAsync(HttpMethod.Patch, path, body, "application/merge-patch+json");

    public Task<Reply> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path, null);

    public async Task<Reply> SendAsync(HttpMethod method, string path, object? body, string contentType = "application/json", Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, "/v1/" + path);
        if (Token is not null)
        {
            request.Headers.Add("X-Vault-Token", Token);
        }

        if (body is not null)
        {
            var text = body as string ?? (body is JsonNode node ? node.ToJsonString() : System.Text.Json.JsonSerializer.Serialize(body));
            request.Content = new StringContent(text, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        configure?.Invoke(request);
        using var response = await _http.SendAsync(request);
        var raw = await response.Content.ReadAsStringAsync();
        JsonObject? json = null;
        if (raw.Length > 0)
        {
            try
            {
                json = JsonNode.Parse(raw) as JsonObject;
            }
            catch (System.Text.Json.JsonException)
            {
                json = null;
            }
        }

        return new Reply(response.StatusCode, json, raw);
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>Status, parsed JSON and raw body of one response.</summary>
public sealed record Reply(HttpStatusCode Status, JsonObject? Json, string Raw)
{
    public JsonNode? Data => Json?["data"];

    public Reply Expect(HttpStatusCode status)
    {
        Assert.True(status == Status, $"expected {(int)status} but got {(int)Status}: {Raw}");
        return this;
    }
}
