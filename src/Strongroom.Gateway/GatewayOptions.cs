namespace Strongroom.Gateway;

/// <summary>Settings of one gateway process. Defaults live here.</summary>
public sealed class GatewayOptions
{
    /// <summary>Listen address (host:port); port 0 picks a free port.</summary>
    public string ListenAddress { get; init; } = "127.0.0.1:5080";

    /// <summary>The Strongroom server, e.g. http://127.0.0.1:8200.</summary>
    public required Uri ServerAddress { get; init; }

    /// <summary>A token allowed to update {mount}/gateway/*. Never logged.</summary>
    public required string ServerToken { get; init; }

    /// <summary>Mount path of the ai engine (no slashes).</summary>
    public string Mount { get; init; } = "ai";

    /// <summary>Largest accepted request body; larger gets 413.</summary>
    public long MaxBodyBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Time allowed for the upstream to answer (headers), and for each read of its body.</summary>
    public TimeSpan UpstreamTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Optional handler for upstream calls (tests); null uses a pooled SocketsHttpHandler.</summary>
    public HttpMessageHandler? UpstreamHandler { get; init; }

    /// <summary>Optional handler for calls to the server; null uses a pooled SocketsHttpHandler.</summary>
    public HttpMessageHandler? ServerHandler { get; init; }

    /// <summary>How long a grant (key rules + budget slice) is used before asking the server again: the revocation delay. At most 1 s.</summary>
    public TimeSpan GrantValidity { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Clock for grant validity (tests inject one).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        if (GrantValidity < TimeSpan.FromMilliseconds(10) || GrantValidity > TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException("grant validity must be between 10 ms and 1 s");
        }

        if (string.IsNullOrEmpty(ServerToken))
        {
            throw new ArgumentException("a Strongroom token is required (STRONGROOM_TOKEN)");
        }

        if (MaxBodyBytes <= 0 || UpstreamTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("max body size and upstream timeout must be positive");
        }

        if (Mount.Length == 0 || Mount.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException("mount must be a single path segment, e.g. \"ai\"");
        }
    }
}
