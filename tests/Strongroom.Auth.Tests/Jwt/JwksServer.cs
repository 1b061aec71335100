using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Strongroom.Auth.Tests.Infrastructure;

namespace Strongroom.Auth.Tests.Jwt;

/// <summary>Loopback HTTP identity provider: /.well-known/openid-configuration and /keys (the current JWKS).</summary>
internal sealed class JwksServer : IAsyncDisposable
{
    private readonly List<TestSigner> _published = [];
    private LoopbackServer? _server;
    private int _keyFetches;

    public string Issuer => _server!.BaseUrl;

    public string JwksUrl => _server!.BaseUrl + "/keys";

    public int KeyFetches => Volatile.Read(ref _keyFetches);

    public static async Task<JwksServer> StartAsync(params TestSigner[] signers)
    {
        var jwks = new JwksServer();
        jwks._published.AddRange(signers);
        jwks._server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/.well-known/openid-configuration", () => Results.Text(
                new JsonObject { ["issuer"] = jwks.Issuer, ["jwks_uri"] = jwks.JwksUrl }.ToJsonString(), "application/json"));
            app.MapGet("/keys", () =>
            {
                Interlocked.Increment(ref jwks._keyFetches);
                JsonArray keys;
                lock (jwks._published)
                {
                    keys = new JsonArray([.. jwks._published.Select(s => (JsonNode)s.Jwk())]);
                }

                return Results.Text(new JsonObject { ["keys"] = keys }.ToJsonString(), "application/json");
            });
        });
        return jwks;
    }

    public void Publish(TestSigner signer)
    {
        lock (_published)
        {
            _published.Add(signer);
        }
    }

    public ValueTask DisposeAsync() => _server!.DisposeAsync();
}
