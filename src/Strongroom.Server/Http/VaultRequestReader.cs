using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Strongroom.Core.Pipeline;
using Strongroom.Sdk;

namespace Strongroom.Server.Http;

/// <summary>
/// Turns an HTTP request under /v1/ into a <see cref="CoreRequest"/>, or into an error outcome
/// for what no client should send: bad methods, malformed JSON, traversal in the raw target.
/// </summary>
internal static class VaultRequestReader
{
    public const long MaxBodyBytes = 32L * 1024 * 1024;

    public sealed record ReadResult(CoreRequest? Request, int Status, string? Error);

    public static async Task<ReadResult> ReadAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var request = http.Request;
        var rawTarget = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value ?? "";
        if (!RawTargetIsSafe(rawTarget))
        {
            return new ReadResult(null, 400, "invalid request path");
        }

        var path = (request.Path.Value ?? "")["/v1/".Length..];
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Query)
        {
            query[key] = value.ToString();
        }

        var isList = query.TryGetValue("list", out var list) && (list is "true" or "1" or "True");
        Operation? operation = request.Method switch
        {
            "GET" or "HEAD" => isList ? Operation.List : Operation.Read,
            "LIST" => Operation.List,
            "POST" or "PUT" => Operation.Update,
            "PATCH" => Operation.Patch,
            "DELETE" => Operation.Delete,
            _ => null,
        };
        if (operation is null)
        {
            return new ReadResult(null, 405, "unsupported method");
        }

        var data = new JsonObject();
        if (operation is Operation.Update or Operation.Patch or Operation.Delete)
        {
            var (body, status, error) = await ReadBodyAsync(request, cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                return new ReadResult(null, status, error);
            }

            data = body!;
        }

        if (operation is Operation.Read or Operation.List or Operation.Delete)
        {
            foreach (var (key, value) in query)
            {
                if (key != "list" && data[key] is null)
                {
                    data[key] = value;
                }
            }
        }

        var token = request.Headers["X-Vault-Token"].ToString();
        if (string.IsNullOrEmpty(token))
        {
            var authorization = request.Headers.Authorization.ToString();
            if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                token = authorization["Bearer ".Length..].Trim();
            }
        }

        TimeSpan? wrapTtl = null;
        if (request.Headers.TryGetValue("X-Vault-Wrap-TTL", out var wrap) && Durations.TryParse(wrap.ToString(), out var ttl) && ttl > TimeSpan.Zero)
        {
            wrapTtl = ttl;
        }

        var remote = http.Connection.RemoteIpAddress;
        return new ReadResult(
            new CoreRequest
            {
                Operation = operation.Value,
                Path = path,
                Data = data,
                Query = query,
                ClientToken = string.IsNullOrEmpty(token) ? null : token,
                RemoteAddress = remote is { IsIPv4MappedToIPv6: true } ? remote.MapToIPv4() : remote ?? IPAddress.Loopback,
                WrapTtl = wrapTtl,
            },
            200,
            null);
    }

    private static async Task<(JsonObject? Body, int Status, string? Error)> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, 413, "request body too large: the limit is 32 MiB");
        }

        byte[] bytes;
        try
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (buffer.Length > MaxBodyBytes)
            {
                return (null, 413, "request body too large: the limit is 32 MiB");
            }

            bytes = buffer.ToArray();
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == 413)
        {
            return (null, 413, "request body too large: the limit is 32 MiB");
        }

        var span = bytes.AsSpan().Trim((byte)' ').Trim("\r\n\t"u8);
        if (span.Length == 0)
        {
            return (new JsonObject(), 200, null);
        }

        // Clients send empty bodies with a form content type; a non-empty form body is not JSON.
        if (request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true && span[0] != (byte)'{')
        {
            return (null, 400, "failed to parse JSON input: request body must be a JSON object");
        }

        try
        {
            var node = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
            return node switch
            {
                JsonObject obj => (obj, 200, null),
                null => (new JsonObject(), 200, null),
                _ => (null, 400, "failed to parse JSON input: request body must be a JSON object"),
            };
        }
        catch (JsonException ex)
        {
            return (null, 400, $"failed to parse JSON input: invalid JSON at byte {ex.BytePositionInLine}, line {ex.LineNumber + 1}");
        }
    }

    /// <summary>Rejects "..", ".", "//" segments, encoded NUL/control characters and backslashes in the raw request target.</summary>
    internal static bool RawTargetIsSafe(string rawTarget)
    {
        var pathPart = rawTarget.Split('?', 2)[0];
        string decoded;
        try
        {
            decoded = Uri.UnescapeDataString(pathPart);
        }
        catch (UriFormatException)
        {
            return false;
        }

        if (!decoded.StartsWith("/v1/", StringComparison.Ordinal))
        {
            return false;
        }

        var rest = decoded["/v1/".Length..];
        if (rest.Length == 0 || rest[0] == '/' || rest.Contains("//", StringComparison.Ordinal) || rest.Contains('\\'))
        {
            return false;
        }

        foreach (var c in rest)
        {
            if (char.IsControl(c))
            {
                return false;
            }
        }

        var body = rest.EndsWith('/') ? rest[..^1] : rest;
        return body.Split('/').All(s => s.Length > 0 && s != "." && s != "..");
    }
}
