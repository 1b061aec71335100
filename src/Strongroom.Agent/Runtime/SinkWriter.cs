using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Strongroom.Agent.Config;

namespace Strongroom.Agent;

/// <summary>
/// Writes the auto-auth token to every file sink, atomically with the sink's mode. With wrap_ttl the
/// file holds the wrap_info JSON of a response-wrapped token (sys/wrapping/wrap), as Vault Agent writes it.
/// </summary>
internal sealed class SinkWriter
{
    private readonly IReadOnlyList<SinkConfig> _sinks;
    private readonly AgentVault _vault;
    private readonly ILogger _logger;

    public SinkWriter(IReadOnlyList<SinkConfig> sinks, AgentVault vault, ILogger logger)
    {
        _sinks = sinks;
        _vault = vault;
        _logger = logger;
    }

    public async Task WriteAsync(string token, CancellationToken cancellationToken)
    {
        foreach (var sink in _sinks)
        {
            if (sink.WrapTtl is { } ttl)
            {
                var wrapped = await _vault.SendAsync(HttpMethod.Put, "sys/wrapping/wrap", new JsonObject { ["token"] = token }, token, ttl, cancellationToken).ConfigureAwait(false);
                var info = wrapped?.WrapInfo ?? throw new InvalidOperationException("the server did not wrap the token");
                AtomicFile.Write(sink.Path, info.ToJsonString(), sink.Mode);
                Log.SinkWritten(_logger, sink.Path, " (response-wrapped)");
            }
            else
            {
                AtomicFile.Write(sink.Path, token, sink.Mode);
                Log.SinkWritten(_logger, sink.Path, string.Empty);
            }
        }
    }
}
