using Microsoft.AspNetCore.Http;
using Strongroom.Core;

namespace Strongroom.Server.Http;

/// <summary>
/// On an HA standby: sends a request to the active node and relays its answer (or answers 307 with
/// the active node's address when <c>standby_redirect</c> is set). A standby answers sys/health,
/// sys/seal-status, sys/leader, sys/init and sys/unseal itself. A request already forwarded once is
/// never forwarded again (no loops while a failover settles); the pipeline then answers 503.
/// </summary>
internal sealed class StandbyForwarder : IDisposable
{
    public const string ForwardedHeader = "X-Strongroom-Forwarded";
    private static readonly HashSet<string> LocalPaths = new(StringComparer.Ordinal) { "sys/health", "sys/seal-status", "sys/leader", "sys/init", "sys/unseal" };
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "TE", "Trailer", "Upgrade", "Proxy-Connection", "Content-Length",
    };

    private readonly StrongroomCore _core;
    private readonly bool _redirect;
    private readonly HttpClient _client;

    public StandbyForwarder(StrongroomCore core, bool redirect)
    {
        _core = core;
        _redirect = redirect;
        _client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    /// <summary>Forwards (or redirects) when this node is a standby that knows an active node; false: handle locally.</summary>
    public async Task<bool> TryForwardAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (!_core.IsStandby || http.Request.Headers.ContainsKey(ForwardedHeader))
        {
            return false;
        }

        var path = (http.Request.Path.Value ?? "/v1/")["/v1/".Length..].TrimEnd('/');
        if (LocalPaths.Contains(path))
        {
            return false;
        }

        var leader = _core.Ha?.Leader;
        if (leader is null || leader.NodeId == _core.HaLock?.NodeId || !Uri.TryCreate(leader.ApiAddr, UriKind.Absolute, out var active))
        {
            return false;
        }

        var target = new Uri(active, (http.Request.Path.Value ?? "") + http.Request.QueryString.Value);
        if (_redirect)
        {
            http.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
            http.Response.Headers.Location = target.ToString();
            return true;
        }

        using var request = new HttpRequestMessage(new HttpMethod(http.Request.Method), target);
        if (http.Request.ContentLength > 0 || http.Request.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(http.Request.Body);
        }

        foreach (var (name, values) in http.Request.Headers)
        {
            if (HopByHop.Contains(name))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        request.Headers.TryAddWithoutValidation(ForwardedHeader, _core.HaLock?.NodeId ?? "standby");
        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            await VaultResponseWriter.WriteErrorAsync(http, 503, [$"this node is a standby and the active node ({leader.ApiAddr}) is unreachable; retry"], cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await VaultResponseWriter.WriteErrorAsync(http, 503, [$"this node is a standby and the active node ({leader.ApiAddr}) did not answer in time; retry"], cancellationToken).ConfigureAwait(false);
            return true;
        }

        using (response)
        {
            http.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (!HopByHop.Contains(name))
                {
                    http.Response.Headers[name] = values.ToArray();
                }
            }

            await response.Content.CopyToAsync(http.Response.Body, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    public void Dispose() => _client.Dispose();
}
