using System.Net;
using Microsoft.Extensions.Logging;
using Strongroom.Agent.Config;
using Strongroom.Agent.Templates;
using Strongroom.Client;

namespace Strongroom.Agent;

/// <summary>
/// The agent's main loop: authenticate, write sinks, render, then wake whenever something is due
/// (token renewal, lease renewal or re-fetch, static re-read, a retry) on the injected clock.
/// Server failures are retried with exponential backoff; the last good files stay in place.
/// </summary>
public sealed class AgentRunner
{
    private readonly AgentConfig _config;
    private readonly AgentRunnerOptions _options;
    private readonly ILogger _logger;

    public AgentRunner(AgentConfig config, AgentRunnerOptions options)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        _config = config;
        _options = options;
        _logger = options.LoggerFactory.CreateLogger("strongroom.agent");
    }

    /// <summary>How many times the loop has run a pass (tests wait on it instead of sleeping).</summary>
    public int Passes => Volatile.Read(ref _passes);

    /// <summary>Consecutive failed attempts so far.</summary>
    public int ConsecutiveFailures { get; private set; }

    private int _passes;

    /// <summary>Runs until cancelled (0), exit_after_auth (0, or 1 if a template failed), retry exhaustion with exit_on_retry_failure (1), or the exec child's exit (its code).</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var clock = _options.Clock;
        var settings = new VaultClientSettings
        {
            Address = VaultClientSettings.ParseAddress(_config.Vault.Address ?? _options.Environment("STRONGROOM_ADDR") ?? _options.Environment("VAULT_ADDR") ?? VaultClientSettings.DefaultAddress),
            CaCertPath = _config.Vault.CaCert,
            SkipVerify = _config.Vault.TlsSkipVerify,
        };
        using var vault = new AgentVault(settings, _options.HttpHandler);
        await using var proxy = _config.ApiProxy is not null || _config.Listeners.Count > 0
            ? new ApiProxyServer(_config, settings, _options.LoggerFactory)
            : null;
        if (_config.AutoAuth is null)
        {
            if (proxy is null)
            {
                throw new AgentConfigException("nothing to do: configure auto_auth, templates or an api_proxy listener");
            }

            await proxy.StartAsync(cancellationToken).ConfigureAwait(false);
            await Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            return 0;
        }

        var auth = new AutoAuthenticator(_config.AutoAuth, vault, clock, _logger);
        var sinks = new SinkWriter(_config.AutoAuth.Sinks, vault, _logger);
        var cache = new SecretCache(vault, clock, _config.TemplateConfig.StaticSecretRenderInterval, _logger);
        var functions = TemplateFunctions.Create(cache, _options.Environment, clock);
        var renderer = new TemplateRenderer(_config.Templates, _config.EnvTemplates, functions, _logger);
        var retry = new RetryPolicy(_config.Vault.Backoff, _config.Vault.MaxBackoff, _config.Vault.NumRetries);
        var exitOnRetryFailure = _config.TemplateConfig.ExitOnRetryFailure || _config.ExitAfterAuth;
        await using var exec = _config.Exec is null ? null : new ExecSupervisor(_config.Exec, _logger);

        var renderPending = true;
        var started = false;
        var retryAt = DateTimeOffset.MinValue;
        try
        {
            while (true)
            {
                var due = retry.Failures > 0 ? retryAt
                    : renderPending ? DateTimeOffset.MinValue
                    : Min(auth.NextActionAt, cache.NextActionAt);
                var wait = due - clock.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    var delay = Task.Delay(wait > TimeSpan.FromDays(1) ? TimeSpan.FromDays(1) : wait, clock, cancellationToken);
                    var finished = exec is null ? await Task.WhenAny(delay).ConfigureAwait(false) : await Task.WhenAny(delay, exec.Exited).ConfigureAwait(false);
                    if (exec is not null && finished == exec.Exited)
                    {
                        return await exec.Exited.ConfigureAwait(false);
                    }

                    if (cancellationToken.IsCancellationRequested)
                    {
                        return 0;
                    }
                }

                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    if (await auth.MaintainAsync(cancellationToken).ConfigureAwait(false))
                    {
                        await sinks.WriteAsync(auth.Token!, cancellationToken).ConfigureAwait(false);
                    }

                    renderPending |= await cache.TickAsync(cancellationToken).ConfigureAwait(false);
                    var errors = 0;
                    if (renderPending)
                    {
                        (var changed, errors) = await renderer.RenderAsync(cancellationToken).ConfigureAwait(false);
                        renderPending = false;
                        if (changed && started && exec is not null)
                        {
                            await exec.RestartAsync(renderer.Environment).ConfigureAwait(false);
                        }
                    }

                    retry.Succeed();
                    ConsecutiveFailures = 0;
                    if (!started)
                    {
                        if (_config.ExitAfterAuth)
                        {
                            Log.ExitAfterAuth(_logger);
                            return errors == 0 ? 0 : 1;
                        }

                        if (proxy is not null)
                        {
                            proxy.TokenSource = () => auth.Token;
                            await proxy.StartAsync(cancellationToken).ConfigureAwait(false);
                        }

                        started = true;
                        exec?.Start(renderer.Environment);
                    }
                }
                catch (Exception e) when (IsServerFailure(e) && !cancellationToken.IsCancellationRequested)
                {
                    if (e is VaultApiException { StatusCode: HttpStatusCode.Forbidden })
                    {
                        auth.Invalidate("permission denied with the current token");
                    }

                    renderPending = true;
                    var delay = retry.Fail();
                    ConsecutiveFailures = retry.Failures;
                    Log.Retrying(_logger, Describe(e), retry.Failures, (long)delay.TotalMilliseconds);
                    if (retry.Exhausted && exitOnRetryFailure)
                    {
                        Log.GivingUp(_logger, retry.Failures);
                        return 1;
                    }

                    retryAt = clock.GetUtcNow() + delay;
                }
                finally
                {
                    Interlocked.Increment(ref _passes);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
    }

    private static bool IsServerFailure(Exception e) =>
        e is HttpRequestException or VaultApiException or TaskCanceledException or AgentConfigException or IOException
            or UnauthorizedAccessException or System.Text.Json.JsonException;

    /// <summary>Describes a failure without secrets: the exception type and, for API errors, the status and path.</summary>
    private static string Describe(Exception e) => e switch
    {
        VaultApiException api when api.Path.Length > 0 => $"{(int)api.StatusCode} from {api.Method} {api.Path}",
        VaultApiException api => api.Message,
        HttpRequestException http => "connection failed: " + (http.HttpRequestError.ToString()),
        AgentConfigException config => config.Message,
        _ => e.GetType().Name,
    };

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
