using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Strongroom.Gateway;

/// <summary>
/// Errors in the provider's own JSON shape so SDK error handling works: OpenAI's
/// <c>{"error":{"message","type","param","code"}}</c> and Anthropic's <c>{"type":"error","error":{"type","message"}}</c>.
/// </summary>
internal static class ProviderErrors
{
    public static async Task WriteAsync(HttpContext http, bool anthropic, int status, string reason, string message, long retryAfter = 0)
    {
        var response = http.Response;
        if (response.HasStarted)
        {
            return;
        }

        response.StatusCode = status;
        response.ContentType = "application/json";
        if (retryAfter > 0)
        {
            response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        }

        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            if (anthropic)
            {
                w.WriteString("type", "error");
                w.WriteStartObject("error");
                w.WriteString("type", AnthropicType(status));
                w.WriteString("message", message);
                w.WriteEndObject();
            }
            else
            {
                w.WriteStartObject("error");
                w.WriteString("message", message);
                w.WriteString("type", OpenAiType(status, reason));
                w.WriteNull("param");
                w.WriteString("code", reason);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        response.ContentLength = buffer.Length;
        await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), http.RequestAborted).ConfigureAwait(false);
    }

    private static string AnthropicType(int status) => status switch
    {
        400 => "invalid_request_error",
        401 => "authentication_error",
        403 => "permission_error",
        404 => "not_found_error",
        413 => "request_too_large",
        429 => "rate_limit_error",
        503 or 529 => "overloaded_error",
        _ => "api_error",
    };

    private static string OpenAiType(int status, string reason) => status switch
    {
        429 when reason == "insufficient_quota" => "insufficient_quota",
        429 => "requests",
        401 => "invalid_request_error",
        >= 500 => "server_error",
        _ => "invalid_request_error",
    };
}
