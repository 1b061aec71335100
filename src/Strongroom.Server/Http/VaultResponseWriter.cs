using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Strongroom.Core.Pipeline;

namespace Strongroom.Server.Http;

/// <summary>Writes a <see cref="CoreResponse"/> as Vault's JSON envelope with Vault's status codes.</summary>
internal static class VaultResponseWriter
{
    public static async Task WriteAsync(HttpContext http, CoreResponse core, CancellationToken cancellationToken)
    {
        var response = core.Response;
        if (core.BareJson is { } bare)
        {
            await WriteJsonAsync(http, core.StatusCode ?? 200, bare, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (response.Raw is { } raw)
        {
            http.Response.StatusCode = raw.StatusCode;
            http.Response.ContentType = raw.ContentType;
            await http.Response.Body.WriteAsync(raw.Body, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (response.IsError && response.Data is null)
        {
            await WriteErrorAsync(http, ErrorStatus.For(response.ErrorCode!.Value), response.Errors, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!response.IsError && response.Data is null && core.Auth is null && response.Warnings.Count == 0 && response.Secret is null && core.LeaseId.Length == 0 && core.WrapInfo is null)
        {
            http.Response.StatusCode = 204;
            return;
        }

        var envelope = ResponseEnvelope.Build(core);
        var status = response.IsError ? ErrorStatus.For(response.ErrorCode!.Value) : 200;
        await WriteJsonAsync(http, status, envelope, cancellationToken).ConfigureAwait(false);
    }

    public static Task WriteErrorAsync(HttpContext http, int status, IEnumerable<string> errors, CancellationToken cancellationToken) =>
        WriteJsonAsync(http, status, new JsonObject { ["errors"] = new JsonArray(errors.Select(e => (JsonNode)e).ToArray()) }, cancellationToken);

    private static async Task WriteJsonAsync(HttpContext http, int status, JsonObject body, CancellationToken cancellationToken)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        http.Response.Headers.CacheControl = "no-store";
        if (HttpMethods.IsHead(http.Request.Method))
        {
            return;
        }

        await using var writer = new Utf8JsonWriter(http.Response.BodyWriter.AsStream());
        body.WriteTo(writer);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        await http.Response.Body.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
    }
}
