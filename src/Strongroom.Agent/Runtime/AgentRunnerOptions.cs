using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Strongroom.Agent;

/// <summary>What the runner takes from its host: time, environment, logging, and optionally the HTTP handler.</summary>
public sealed record AgentRunnerOptions
{
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    public HttpMessageHandler? HttpHandler { get; init; }
}
