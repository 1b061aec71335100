using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Strongroom.Injector;

/// <summary>
/// The running webhook: Kestrel over TLS with <c>POST /mutate</c> (AdmissionReview v1) and
/// <c>GET /health/ready</c>.
/// </summary>
internal sealed class InjectorHost : IAsyncDisposable
{
    /// <summary>An AdmissionReview carries at most one object (etcd caps objects at 1.5 MiB) and its old version.</summary>
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    private readonly WebApplication _app;
    private readonly CertificateReloader _certificates;

    private InjectorHost(WebApplication app, CertificateReloader certificates, Uri address)
    {
        _app = app;
        _certificates = certificates;
        Address = address;
    }

    /// <summary>The bound address (the real port when the listen address said 0).</summary>
    public Uri Address { get; }

    public static async Task<InjectorHost> StartAsync(InjectorOptions options, Action<ILoggingBuilder>? logging = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.TlsCertFile is null || options.TlsKeyFile is null)
        {
            throw new InvalidOperationException("the injector needs -tls-cert-file and -tls-key-file: the Kubernetes API server only calls webhooks over HTTPS");
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (logging is null)
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
            builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        }
        else
        {
            logging(builder.Logging);
        }

        var certificates = new CertificateReloader(options.TlsCertFile, options.TlsKeyFile);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxBodyBytes;
            kestrel.Listen(ParseEndpoint(options.Listen), listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(https => https.ServerCertificateSelector = (_, _) => certificates.Current);
            });
        });

        var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Strongroom.Injector");
        certificates.Logger = logger;
        var handler = new AdmissionReviewHandler(options, logger);
        app.MapPost("/mutate", (HttpContext http) => MutateAsync(http, handler, logger));
        app.MapGet("/health/ready", (HttpContext http) =>
        {
            http.Response.ContentType = "application/json";
            return http.Response.WriteAsync("{\"ready\":true}", http.RequestAborted);
        });
        app.MapFallback((HttpContext http) =>
        {
            http.Response.StatusCode = 404;
            return http.Response.WriteAsync("not found: POST AdmissionReviews to /mutate\n", http.RequestAborted);
        });

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            certificates.Dispose();
            throw;
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(bound.Replace("[::]", "localhost", StringComparison.Ordinal).Replace("0.0.0.0", "localhost", StringComparison.Ordinal)).Port;
        var endpoint = ParseEndpoint(options.Listen);
        var host = endpoint.Address.Equals(IPAddress.Any) || endpoint.Address.Equals(IPAddress.IPv6Any) ? "127.0.0.1" : endpoint.Address.ToString();
        if (endpoint.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && !endpoint.Address.Equals(IPAddress.IPv6Any))
        {
            host = "[" + host + "]";
        }

        return new InjectorHost(app, certificates, new Uri($"https://{host}:{port}/"));
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _certificates.Dispose();
    }

    internal static IPEndPoint ParseEndpoint(string address)
    {
        if (address.StartsWith(':'))
        {
            address = "0.0.0.0" + address;
        }

        if (IPEndPoint.TryParse(address, out var endpoint))
        {
            return endpoint;
        }

        var colon = address.LastIndexOf(':');
        if (colon > 0 && address[..colon] == "localhost" && int.TryParse(address[(colon + 1)..], out var port))
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }

        throw new FormatException($"invalid listen address \"{address}\": expected host:port or :port");
    }

    private static async Task MutateAsync(HttpContext http, AdmissionReviewHandler handler, ILogger logger)
    {
        var contentType = http.Request.ContentType;
        if (contentType is null || !contentType.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            http.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            await http.Response.WriteAsync("invalid Content-Type: expected application/json\n", http.RequestAborted).ConfigureAwait(false);
            return;
        }

        byte[] body;
        try
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted).ConfigureAwait(false);
            body = buffer.ToArray();
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException ex)
        {
            http.Response.StatusCode = ex.StatusCode;
            await http.Response.WriteAsync("request body too large\n", http.RequestAborted).ConfigureAwait(false);
            return;
        }

        AdmissionReviewHandler.Result result;
        try
        {
            result = handler.Handle(body);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or JsonException)
        {
            Log.Unhandled(logger, ex.GetType().Name, ex);
            http.Response.StatusCode = 500;
            await http.Response.WriteAsync("internal error\n", http.RequestAborted).ConfigureAwait(false);
            return;
        }

        http.Response.StatusCode = result.StatusCode;
        if (result.Review is not null)
        {
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(result.Review.ToJsonString(), http.RequestAborted).ConfigureAwait(false);
        }
        else
        {
            await http.Response.WriteAsync(result.Error + "\n", http.RequestAborted).ConfigureAwait(false);
        }
    }
}
