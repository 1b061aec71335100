using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Strongroom.Agent.Config;
using Strongroom.Client;

namespace Strongroom.Agent;

/// <summary>
/// api_proxy: a local listener that forwards /v1/* to the server, adding the auto-auth token when the
/// request carries none (use_auto_auth_token = true) or always (= "force").
/// </summary>
internal sealed class ApiProxyServer : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Host", "Proxy-Connection", "TE", "Trailer",
    };

    private readonly AgentConfig _config;
    private readonly VaultClientSettings _settings;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private WebApplication? _app;
    private HttpClient? _http;

    public ApiProxyServer(AgentConfig config, VaultClientSettings settings, ILoggerFactory loggerFactory)
    {
        _config = config;
        _settings = settings;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("strongroom.agent.proxy");
    }

    /// <summary>Where the current auto-auth token comes from (null: none yet).</summary>
    public Func<string?> TokenSource { get; set; } = () => null;

    /// <summary>The bound addresses once started (port 0 resolved).</summary>
    public IReadOnlyList<string> Addresses { get; private set; } = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _http?.Dispose();
        _http = new HttpClient(VaultHttpHandlerFactory.Create(_settings), disposeHandler: true) { Timeout = TimeSpan.FromSeconds(60) };
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(_loggerFactory);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var listener in _config.Listeners)
            {
                var endpoint = IPEndPoint.Parse(listener.Address);
                kestrel.Listen(endpoint, options =>
                {
                    if (!listener.TlsDisable)
                    {
                        options.UseHttps(X509Certificate2.CreateFromPemFile(listener.TlsCertFile!, listener.TlsKeyFile));
                    }
                });
            }
        });
        var app = builder.Build();
        app.Run(ForwardAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _app = app;
        Addresses = app.Urls.ToList();
        foreach (var address in Addresses)
        {
            Log.ProxyListening(_logger, address);
        }
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var request = context.Request;
        if (!request.Path.StartsWithSegments("/v1", StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var target = new Uri(_settings.Address, request.Path.Value + request.QueryString.Value);
        using var outgoing = new HttpRequestMessage(new HttpMethod(request.Method), target);
        if (request.ContentLength > 0 || request.Headers.ContainsKey("Transfer-Encoding"))
        {
            outgoing.Content = new StreamContent(request.Body);
        }

        foreach (var (name, values) in request.Headers)
        {
            if (HopByHop.Contains(name))
            {
                continue;
            }

            if (!outgoing.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                outgoing.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        var proxy = _config.ApiProxy;
        var hasToken = request.Headers.ContainsKey("X-Vault-Token");
        if (proxy is { UseAutoAuthToken: true } && (proxy.Force || !hasToken) && TokenSource() is { } token)
        {
            outgoing.Headers.Remove("X-Vault-Token");
            outgoing.Headers.TryAddWithoutValidation("X-Vault-Token", token);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http!.SendAsync(outgoing, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"errors\":[\"the agent could not reach the server\"]}", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        using (response)
        {
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (!HopByHop.Contains(name))
                {
                    context.Response.Headers[name] = values.ToArray();
                }
            }

            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }

        _http?.Dispose();
    }
}
