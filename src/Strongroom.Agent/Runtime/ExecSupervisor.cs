using System.Collections;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Strongroom.Agent.Config;

namespace Strongroom.Agent;

/// <summary>
/// exec mode: runs the child with the agent's environment plus the env templates, restarts it (stop signal,
/// then SIGKILL after a grace period) when secrets change, and reports its exit when it stops by itself.
/// </summary>
internal sealed class ExecSupervisor : IAsyncDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    private readonly ExecConfig _config;
    private readonly ILogger _logger;
    private Process? _process;
    private TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ExecSupervisor(ExecConfig config, ILogger logger)
    {
        _config = config;
        _logger = logger;
    }

    /// <summary>Completes with the exit code when the child exits on its own (not when the agent restarts it).</summary>
    public Task<int> Exited => _exited.Task;

    public int? ProcessId => _process?.Id;

    public void Start(IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(_config.Command[0]) { UseShellExecute = false, RedirectStandardInput = true };
        foreach (var arg in _config.Command.Skip(1))
        {
            info.ArgumentList.Add(arg);
        }

        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            info.Environment[(string)entry.Key] = (string?)entry.Value;
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var exited = _exited;
        process.Exited += (_, _) =>
        {
            if (ReferenceEquals(_process, process))
            {
                var code = process.ExitCode;
                Log.ChildExited(_logger, code);
                exited.TrySetResult(code);
            }
        };
        process.Start();
        process.StandardInput.Close();
        _process = process;
        Log.ChildStarted(_logger, Path.GetFileName(_config.Command[0]), process.Id);
    }

    public async Task RestartAsync(IReadOnlyDictionary<string, string> environment)
    {
        if (_config.RestartOnSecretChanges == "never")
        {
            return;
        }

        Log.ChildRestarting(_logger, _config.RestartStopSignal);
        await StopAsync().ConfigureAwait(false);
        _exited = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        Start(environment);
    }

    public async Task StopAsync()
    {
        var process = _process;
        _process = null;
        if (process is null)
        {
            return;
        }

        using (process)
        {
            if (process.HasExited)
            {
                return;
            }

            if (!ProcessSignals.Send(process.Id, ProcessSignals.Parse(_config.RestartStopSignal) ?? 15))
            {
                process.Kill(entireProcessTree: true);
            }

            using var grace = new CancellationTokenSource(StopGrace);
            try
            {
                await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
