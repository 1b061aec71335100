using Microsoft.Extensions.Logging;

namespace Strongroom.Agent;

/// <summary>The agent's diagnostic log (event ids 4000-4099). Never tokens, secret values or bodies.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "auto-auth: authenticated with method {Method} at {MountPath}, token ttl {TtlSeconds}s")]
    public static partial void Authenticated(ILogger logger, string method, string mountPath, long ttlSeconds);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "auto-auth: token renewed, ttl {TtlSeconds}s")]
    public static partial void TokenRenewed(ILogger logger, long ttlSeconds);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "auto-auth: token can no longer be used ({Reason}); authenticating again")]
    public static partial void Reauthenticating(ILogger logger, string reason);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "sink: token written to {Path}{Wrapped}")]
    public static partial void SinkWritten(ILogger logger, string path, string wrapped);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "template: rendered {Destination}")]
    public static partial void Rendered(ILogger logger, string destination);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Error, Message = "template: {Error}; keeping the previous {Destination}")]
    public static partial void RenderFailed(ILogger logger, string error, string destination);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Information, Message = "template: command for {Destination} exited with {ExitCode}")]
    public static partial void CommandRan(ILogger logger, string destination, int exitCode);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Error, Message = "template: command for {Destination} could not run: {Error}")]
    public static partial void CommandFailed(ILogger logger, string destination, string error);

    [LoggerMessage(EventId = 4020, Level = LogLevel.Debug, Message = "lease: renewed {Path}, lease {DurationSeconds}s")]
    public static partial void LeaseRenewed(ILogger logger, string path, long durationSeconds);

    [LoggerMessage(EventId = 4021, Level = LogLevel.Information, Message = "lease: fetching a new secret for {Path} ({Reason})")]
    public static partial void Refetching(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 4022, Level = LogLevel.Debug, Message = "static secret {Path} changed")]
    public static partial void StaticChanged(ILogger logger, string path);

    [LoggerMessage(EventId = 4030, Level = LogLevel.Warning, Message = "server request failed ({Error}); attempt {Attempt}, retrying in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, string error, int attempt, long delayMs);

    [LoggerMessage(EventId = 4031, Level = LogLevel.Error, Message = "giving up after {Attempts} failed attempts (exit_on_retry_failure)")]
    public static partial void GivingUp(ILogger logger, int attempts);

    [LoggerMessage(EventId = 4040, Level = LogLevel.Information, Message = "exec: started {Command} (pid {Pid})")]
    public static partial void ChildStarted(ILogger logger, string command, int pid);

    [LoggerMessage(EventId = 4041, Level = LogLevel.Information, Message = "exec: secrets changed, restarting the child with {Signal}")]
    public static partial void ChildRestarting(ILogger logger, string signal);

    [LoggerMessage(EventId = 4042, Level = LogLevel.Information, Message = "exec: child exited with {ExitCode}")]
    public static partial void ChildExited(ILogger logger, int exitCode);

    [LoggerMessage(EventId = 4050, Level = LogLevel.Information, Message = "api proxy listening on {Address}")]
    public static partial void ProxyListening(ILogger logger, string address);

    [LoggerMessage(EventId = 4060, Level = LogLevel.Information, Message = "exit_after_auth: done, exiting")]
    public static partial void ExitAfterAuth(ILogger logger);
}
