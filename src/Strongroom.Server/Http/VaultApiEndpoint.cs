using Microsoft.AspNetCore.Http;
using Strongroom.Core;

namespace Strongroom.Server.Http;

/// <summary>The single /v1/* endpoint: read → pipeline → write.</summary>
internal sealed class VaultApiEndpoint
{
    private readonly StrongroomCore _core;

    public VaultApiEndpoint(StrongroomCore core)
    {
        _core = core;
    }

    public async Task HandleAsync(HttpContext http)
    {
        var cancellationToken = http.RequestAborted;
        var read = await VaultRequestReader.ReadAsync(http, cancellationToken).ConfigureAwait(false);
        if (read.Request is null)
        {
            await VaultResponseWriter.WriteErrorAsync(http, read.Status, [read.Error!], cancellationToken).ConfigureAwait(false);
            return;
        }

        var response = await _core.Pipeline.HandleAsync(read.Request, cancellationToken).ConfigureAwait(false);
        await VaultResponseWriter.WriteAsync(http, response, cancellationToken).ConfigureAwait(false);
    }
}
