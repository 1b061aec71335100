using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Strongroom.Core;

namespace Strongroom.Server.Http;

/// <summary>The single /v1/* endpoint: read → pipeline → write.</summary>
internal sealed class VaultApiEndpoint
{
    private readonly StrongroomCore _core;
    private readonly ILogger _logger;
    private readonly StandbyForwarder? _forwarder;

    public VaultApiEndpoint(StrongroomCore core, ILogger logger, StandbyForwarder? forwarder = null)
    {
        _core = core;
        _logger = logger;
        _forwarder = forwarder;
    }

    public async Task HandleAsync(HttpContext http)
    {
        var cancellationToken = http.RequestAborted;
        if (_forwarder is not null && await _forwarder.TryForwardAsync(http, cancellationToken).ConfigureAwait(false))
        {
            return;
        }
        var read = await VaultRequestReader.ReadAsync(http, cancellationToken).ConfigureAwait(false);
        if (read.Request is null)
        {
            await VaultResponseWriter.WriteErrorAsync(http, read.Status, [read.Error!], cancellationToken).ConfigureAwait(false);
            return;
        }

        Core.Pipeline.CoreResponse response;
        try
        {
            response = await _core.Pipeline.HandleAsync(read.Request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A bug, not an expected outcome. Exception messages never carry secrets (house rule),
            // but the request body is never logged.
            Log.UnhandledRequestFailure(_logger, ex.GetType().Name, read.Request.Path, ex);
            await VaultResponseWriter.WriteErrorAsync(http, 500, ["internal error"], cancellationToken).ConfigureAwait(false);
            return;
        }

        await VaultResponseWriter.WriteAsync(http, response, cancellationToken).ConfigureAwait(false);
    }
}
