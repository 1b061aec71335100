using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Strongroom.Gateway;

/// <summary>A running gateway: its own Kestrel listener in front of the providers, a client of the Strongroom server.</summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ServerLedgerClient _ledger;
    private readonly ProxyHandler _proxy;
    private readonly GrantCache _grants;

    private GatewayHost(WebApplication app, ServerLedgerClient ledger, GrantCache grants, ProxyHandler proxy, Uri address)
    {
        _app = app;
        _ledger = ledger;
        _grants = grants;
        _proxy = proxy;
        Address = address;
    }

    /// <summary>Base address, e.g. http://127.0.0.1:5080 (clients use it + "/v1" as the OpenAI base URL).</summary>
    public Uri Address { get; }

    /// <summary>Usage records not yet acknowledged by the server.</summary>
    public int PendingSettlements => _ledger.Pending;

    public static async Task<GatewayHost> StartAsync(GatewayOptions options, ILoggerProvider? logging = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (logging is not null)
        {
            builder.Logging.AddProvider(logging);
        }
        else
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        }

        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(ParseEndpoint(options.ListenAddress), listen => listen.Protocols = HttpProtocols.Http1);
        });
        var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Strongroom.Gateway");
        var ledger = new ServerLedgerClient(options, logger);
        var grants = new GrantCache(options, ledger, logger);
        var proxy = new ProxyHandler(options, ledger, grants, logger);
        app.Run(proxy.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new GatewayHost(app, ledger, grants, proxy, new Uri(bound.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
    }

    /// <summary>
    /// Waits until the requests in progress finished, returns every grant's unused slice and sends
    /// every usage record to the server (later requests lease new grants).
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await WaitIdleAsync(cancellationToken).ConfigureAwait(false);

        await _grants.ReturnAllAsync().ConfigureAwait(false);
        await _ledger.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits until no request is in progress (every finished request's usage record is queued).</summary>
    public async Task WaitIdleAsync(CancellationToken cancellationToken = default)
    {
        while (_proxy.Active > 0)
        {
            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Graceful stop: in-flight requests finish (and queue their usage), slices go back, then the queue is flushed.
        await _app.StopAsync().ConfigureAwait(false);
        await _grants.ReturnAllAsync().ConfigureAwait(false);
        await _ledger.DisposeAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    internal static IPEndPoint ParseEndpoint(string address)
    {
        if (IPEndPoint.TryParse(address, out var endpoint))
        {
            return endpoint;
        }

        var colon = address.LastIndexOf(':');
        if (colon > 0 && int.TryParse(address[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var port) && address[..colon] == "localhost")
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }

        throw new ArgumentException($"invalid listen address \"{address}\" (expected ip:port)");
    }
}
