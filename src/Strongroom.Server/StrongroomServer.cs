using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Strongroom.Core;
using Strongroom.Core.Seal;
using Strongroom.Core.Storage;
using Strongroom.Engines;
using Strongroom.Server.Configuration;
using Strongroom.Server.Http;

namespace Strongroom.Server;

/// <summary>
/// A running server node: the core plus a Kestrel listener speaking the Vault HTTP API.
/// Used by `strongroom server` and, in-process, by the integration tests.
/// </summary>
public sealed class StrongroomServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StrongroomServer(WebApplication app, StrongroomCore core, Uri address, InitResult? devInit)
    {
        _app = app;
        Core = core;
        Address = address;
        DevInit = devInit;
    }

    public StrongroomCore Core { get; }

    /// <summary>The bound address, e.g. http://127.0.0.1:8200 (the real port when 0 was asked for).</summary>
    public Uri Address { get; }

    /// <summary>Dev mode only: the unseal key and root token.</summary>
    public InitResult? DevInit { get; }

    public static async Task<StrongroomServer> StartAsync(ServerConfig config, bool dev, string? devRootTokenId, TimeProvider? clock = null, IEnumerable<Sdk.IBackendFactory>? extraBackends = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        clock ??= TimeProvider.System;
        var physical = await PhysicalBackends.CreateAsync(config.Storage, cancellationToken).ConfigureAwait(false);
        var core = new StrongroomCore(
            new CoreOptions
            {
                DefaultLeaseTtl = config.DefaultLeaseTtl,
                MaxLeaseTtl = config.MaxLeaseTtl,
                StorageType = config.Storage.Type,
                ClusterName = config.ClusterName,
                AlertConfig = config.Raw,
            },
            physical,
            clock,
            BackendRegistry.All.Concat(extraBackends ?? []));
        InitResult? devInit = null;
        try
        {
            if (dev)
            {
                devInit = await core.StartDevAsync(devRootTokenId, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await core.StartAsync(cancellationToken).ConfigureAwait(false);
            }

            var app = BuildApp(config, core);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var address = new Uri(bound.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
            core.ApiAddr = string.IsNullOrEmpty(config.ApiAddr) ? address.ToString().TrimEnd('/') : config.ApiAddr.TrimEnd('/');
            return new StrongroomServer(app, core, address, devInit);
        }
        catch
        {
            await core.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        await Core.DisposeAsync().ConfigureAwait(false);
    }

    private static WebApplication BuildApp(ServerConfig config, StrongroomCore core)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        // Request logging would carry paths and headers: keep the framework quiet.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = VaultRequestReader.MaxBodyBytes + 1;
            var endpoint = ParseEndpoint(config.Listener.Address);
            kestrel.Listen(endpoint, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                if (!config.Listener.TlsDisable)
                {
                    listen.UseHttps(X509Certificate2.CreateFromPemFile(config.Listener.TlsCertFile!, config.Listener.TlsKeyFile));
                }
            });
        });
        var app = builder.Build();
        var forwarder = core.HaLock is null ? null : new StandbyForwarder(core, config.StandbyRedirect);
        if (forwarder is not null)
        {
            app.Lifetime.ApplicationStopped.Register(forwarder.Dispose);
        }

        var api = new VaultApiEndpoint(core, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Strongroom.Server"), forwarder);
        app.Map("/v1/{**path}", api.HandleAsync);
        app.MapFallback((HttpContext http) =>
            VaultResponseWriter.WriteErrorAsync(http, 404, ["not found: the API lives under /v1/"], http.RequestAborted));
        return app;
    }

    internal static IPEndPoint ParseEndpoint(string address)
    {
        if (IPEndPoint.TryParse(address, out var endpoint))
        {
            return endpoint;
        }

        var colon = address.LastIndexOf(':');
        if (colon > 0 && int.TryParse(address[(colon + 1)..], out var port))
        {
            var host = address[..colon];
            if (host is "localhost")
            {
                return new IPEndPoint(IPAddress.Loopback, port);
            }

            var addresses = Dns.GetHostAddresses(host);
            if (addresses.Length > 0)
            {
                return new IPEndPoint(addresses[0], port);
            }
        }

        throw new ConfigException($"invalid listener address \"{address}\" (expected host:port)");
    }
}
