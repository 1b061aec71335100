using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Strongroom.Auth.Tests.Infrastructure;

namespace Strongroom.Auth.Tests.Kubernetes;

/// <summary>
/// Loopback HTTPS API server that answers POST /apis/authentication.k8s.io/v1/tokenreviews with real
/// TokenReview JSON. Tokens are registered per test; unknown tokens get authenticated=false.
/// </summary>
public sealed class FakeKubernetesApiServer : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, (string Namespace, string Name, string Uid, string[] Audiences)> _tokens = new(StringComparer.Ordinal);
    private LoopbackServer? _server;

    internal TestCertificates Certificates { get; } = TestCertificates.Create();

    public string Host => _server!.BaseUrl;

    /// <summary>Bearer tokens the server accepts as reviewers (plus any registered service-account token).</summary>
    public ConcurrentBag<string> ReviewerTokens { get; } = [];

    public ConcurrentQueue<JsonObject> ReviewRequests { get; } = new();

    public string Register(string ns, string name, params string[] audiences)
    {
        var token = "sa-" + Guid.NewGuid().ToString("N");
        _tokens[token] = (ns, name, Guid.NewGuid().ToString(), audiences);
        return token;
    }

    public string UidOf(string token) => _tokens[token].Uid;

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync(app => app.MapPost("/apis/authentication.k8s.io/v1/tokenreviews", (Delegate)HandleAsync), Certificates.Server);
    }

    public async Task DisposeAsync()
    {
        await _server!.DisposeAsync();
        Certificates.Dispose();
    }

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        var bearer = context.Request.Headers.Authorization.ToString();
        bearer = bearer.StartsWith("Bearer ", StringComparison.Ordinal) ? bearer[7..] : "";
        if (!ReviewerTokens.Contains(bearer) && !_tokens.ContainsKey(bearer))
        {
            return Results.Json(new JsonObject { ["kind"] = "Status", ["status"] = "Failure", ["reason"] = "Unauthorized", ["code"] = 401 }, statusCode: 401);
        }

        var review = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        ReviewRequests.Enqueue(review);
        var token = review["spec"]!["token"]!.GetValue<string>();
        var requested = (review["spec"]!["audiences"] as JsonArray)?.Select(a => a!.GetValue<string>()).ToArray() ?? [];
        var status = new JsonObject();
        if (_tokens.TryGetValue(token, out var sa) && (requested.Length == 0 || requested.Any(sa.Audiences.Contains)))
        {
            status["authenticated"] = true;
            status["user"] = new JsonObject
            {
                ["username"] = $"system:serviceaccount:{sa.Namespace}:{sa.Name}",
                ["uid"] = sa.Uid,
                ["groups"] = new JsonArray("system:serviceaccounts", $"system:serviceaccounts:{sa.Namespace}", "system:authenticated"),
            };
            status["audiences"] = new JsonArray([.. (requested.Length > 0 ? requested : sa.Audiences).Select(a => (JsonNode)a)]);
        }
        else
        {
            status["authenticated"] = false;
            status["error"] = "[invalid bearer token, token lookup failed]";
        }

        var response = new JsonObject
        {
            ["kind"] = "TokenReview",
            ["apiVersion"] = "authentication.k8s.io/v1",
            ["metadata"] = new JsonObject { ["creationTimestamp"] = null },
            ["spec"] = review["spec"]!.DeepClone(),
            ["status"] = status,
        };
        return Results.Json(response, statusCode: 201);
    }
}
