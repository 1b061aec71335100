using System.Buffers;
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
            await WriteJsonAsync(http, core.StatusCode ?? 200, writer => bare.WriteTo(writer), cancellationToken).ConfigureAwait(false);
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

        var status = response.IsError ? ErrorStatus.For(response.ErrorCode!.Value) : 200;
        await WriteJsonAsync(http, status, writer => ResponseEnvelope.Write(writer, core), cancellationToken).ConfigureAwait(false);
    }

    public static Task WriteErrorAsync(HttpContext http, int status, IEnumerable<string> errors, CancellationToken cancellationToken) =>
        WriteJsonAsync(http, status, writer =>
        {
            writer.WriteStartObject();
            writer.WritePropertyName("errors"u8);
            ResponseEnvelope.WriteStrings(writer, errors);
            writer.WriteEndObject();
        }, cancellationToken);

    /// <summary>
    /// Serialises the body into one buffer and sends it with a Content-Length in a single write: no
    /// chunked encoding, one socket send per response.
    /// </summary>
    private static async Task WriteJsonAsync(HttpContext http, int status, Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        http.Response.Headers.CacheControl = "no-store";
        if (HttpMethods.IsHead(http.Request.Method))
        {
            return;
        }

        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        buffer.Write("\n"u8);
        http.Response.ContentLength = buffer.WrittenCount;
        try
        {
            // PipeWriter.WriteAsync copies into Kestrel's buffers before returning, so the copy here can be wiped.
            await http.Response.BodyWriter.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            buffer.Clear();
        }
    }
}
