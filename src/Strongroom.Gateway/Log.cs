using Microsoft.Extensions.Logging;

namespace Strongroom.Gateway;

/// <summary>Gateway diagnostics (event ids 9000-9099). Never bodies, keys or tokens.</summary>
internal static partial class Log
{
    [LoggerMessage(9001, LogLevel.Warning, "Strongroom server call {Path} failed: {Reason}")]
    public static partial void ServerCallFailed(ILogger logger, string path, string reason);

    [LoggerMessage(9002, LogLevel.Warning, "Upstream {Provider} request failed: {Reason}")]
    public static partial void UpstreamFailed(ILogger logger, string provider, string reason);

    [LoggerMessage(9003, LogLevel.Warning, "Settling {Count} usage records failed, will retry: {Reason}")]
    public static partial void SettleFailed(ILogger logger, int count, string reason);

    [LoggerMessage(9004, LogLevel.Error, "{Alert}")]
    public static partial void Alert(ILogger logger, string alert);
}
