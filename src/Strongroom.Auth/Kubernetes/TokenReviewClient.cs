using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Strongroom.Auth.Kubernetes;

/// <summary>
/// Calls POST /apis/authentication.k8s.io/v1/tokenreviews on the API server (over TLS trusting
/// exactly kubernetes_ca_cert when set) and returns the reviewed service-account identity.
/// </summary>
internal sealed class TokenReviewClient(HttpClient http, string host, string? reviewerJwt)
{
    private const string ServiceAccountPrefix = "system:serviceaccount:";

    /// <summary>The identity, or an error (Denied = the API server refused the token, otherwise a transport problem).</summary>
    public async ValueTask<(ServiceAccountIdentity? Identity, string? Error, bool Denied)> ReviewAsync(string jwt, string audience, CancellationToken ct)
    {
        var spec = new JsonObject { ["token"] = jwt };
        if (audience.Length > 0)
        {
            spec["audiences"] = new JsonArray(audience);
        }

        var body = new JsonObject
        {
            ["apiVersion"] = "authentication.k8s.io/v1",
            ["kind"] = "TokenReview",
            ["spec"] = spec,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseUri(host), "apis/authentication.k8s.io/v1/tokenreviews"))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", string.IsNullOrEmpty(reviewerJwt) ? jwt : reviewerJwt);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        JsonObject? result;
        try
        {
            using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            if ((int)response.StatusCode is 401 or 403)
            {
                return (null, "the Kubernetes API refused the token review request", true);
            }

            if (!response.IsSuccessStatusCode)
            {
                return (null, $"the Kubernetes API answered {(int)response.StatusCode} to the token review", false);
            }

            result = JsonNode.Parse(text) as JsonObject;
        }
        catch (HttpRequestException)
        {
            return (null, "error contacting the Kubernetes API (connection or TLS failure)", false);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return (null, "error contacting the Kubernetes API: timed out", false);
        }
        catch (JsonException)
        {
            return (null, "the Kubernetes API returned an invalid token review", false);
        }

        var status = result?["status"] as JsonObject;
        if (status?["authenticated"] is not JsonValue authenticated || authenticated.GetValueKind() != JsonValueKind.True)
        {
            return (null, "service account token was not authenticated by the Kubernetes API", true);
        }

        var user = status["user"] as JsonObject;
        var username = Text(user?["username"]);
        if (!username.StartsWith(ServiceAccountPrefix, StringComparison.Ordinal)
            || username[ServiceAccountPrefix.Length..].Split(':') is not [{ Length: > 0 } ns, { Length: > 0 } name])
        {
            return (null, "the reviewed token does not belong to a service account", true);
        }

        var audiences = (status["audiences"] as JsonArray)?.Select(Text).ToList() ?? [];
        return (new ServiceAccountIdentity(ns, name, Text(user?["uid"]), audiences), null, false);
    }

    private static Uri BaseUri(string host)
    {
        var text = host.Contains("://", StringComparison.Ordinal) ? host : "https://" + host;
        return new Uri(text.EndsWith('/') ? text : text + "/");
    }

    private static string Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : "";
}
