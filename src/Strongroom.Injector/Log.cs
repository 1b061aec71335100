using Microsoft.Extensions.Logging;

namespace Strongroom.Injector;

/// <summary>Source-generated diagnostic log messages (event ids 4000-4099). Never pod bodies, never templates.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Injected agent into pod {Namespace}/{Pod} ({Secrets} secrets, init={Init}, sidecar={Sidecar})")]
    public static partial void Injected(ILogger logger, string @namespace, string pod, int secrets, bool init, bool sidecar);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Pod {Namespace}/{Pod} has malformed injector annotations ({Decision}): {Problem}")]
    public static partial void Malformed(ILogger logger, string @namespace, string pod, string decision, string problem);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Rejected an admission request: {Problem}")]
    public static partial void BadRequest(ILogger logger, string problem);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "Unhandled {ExceptionType} while handling an admission request")]
    public static partial void Unhandled(ILogger logger, string exceptionType, Exception exception);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Reloaded the TLS certificate from {CertFile}")]
    public static partial void CertificateReloaded(ILogger logger, string certFile);
}
