using Microsoft.Extensions.Logging;

namespace Strongroom.Server;

/// <summary>Source-generated diagnostic log messages (event ids 1000-1099). Never bodies, never tokens.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Error, Message = "Unhandled {ExceptionType} while handling a request to {Path}")]
    public static partial void UnhandledRequestFailure(ILogger logger, string exceptionType, string path, Exception exception);
}
