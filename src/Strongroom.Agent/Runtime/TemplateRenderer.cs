using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Strongroom.Agent.Config;
using Strongroom.Agent.Templates;

namespace Strongroom.Agent;

/// <summary>
/// Renders the file templates and env templates. A file is written (atomically, with its perms) only when
/// its text changed, then its command runs. A template that fails to parse or render leaves the previous
/// file as it was. Server failures propagate so the caller can retry with backoff.
/// </summary>
internal sealed class TemplateRenderer
{
    private readonly IReadOnlyList<TemplateConfig> _templates;
    private readonly IReadOnlyList<EnvTemplateConfig> _envTemplates;
    private readonly IReadOnlyDictionary<string, TemplateFunction> _functions;
    private readonly ILogger _logger;
    private readonly Dictionary<string, (string Text, GoTemplate Template)> _parsed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _lastRendered = new(StringComparer.Ordinal);

    public TemplateRenderer(IReadOnlyList<TemplateConfig> templates, IReadOnlyList<EnvTemplateConfig> envTemplates, IReadOnlyDictionary<string, TemplateFunction> functions, ILogger logger)
    {
        _templates = templates;
        _envTemplates = envTemplates;
        _functions = functions;
        _logger = logger;
    }

    /// <summary>The environment rendered from env_template blocks by the last successful pass.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; private set; } = new Dictionary<string, string>();

    /// <summary>Renders everything; returns whether any file or env value changed and how many templates failed.</summary>
    public async Task<(bool Changed, int Errors)> RenderAsync(CancellationToken cancellationToken)
    {
        var changed = false;
        var errors = 0;
        foreach (var template in _templates)
        {
            var text = await RenderOneAsync(template.Name, template.Source, template.Contents, template.ErrorOnMissingKey,
                template.LeftDelimiter, template.RightDelimiter, template.Destination, cancellationToken).ConfigureAwait(false);
            if (text is null)
            {
                errors++;
                continue;
            }

            var previous = _lastRendered.TryGetValue(template.Destination, out var last) ? last : AtomicFile.TryRead(template.Destination);
            if (string.Equals(previous, text, StringComparison.Ordinal) && File.Exists(template.Destination))
            {
                _lastRendered[template.Destination] = text;
                continue;
            }

            AtomicFile.Write(template.Destination, text, template.Perms);
            _lastRendered[template.Destination] = text;
            Log.Rendered(_logger, template.Destination);
            changed = true;
            if (template.Command is not null)
            {
                await RunCommandAsync(template, cancellationToken).ConfigureAwait(false);
            }
        }

        if (_envTemplates.Count > 0)
        {
            var environment = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var env in _envTemplates)
            {
                var text = await RenderOneAsync("env_template " + env.Name, null, env.Contents, env.ErrorOnMissingKey, "{{", "}}", "environment of exec", cancellationToken).ConfigureAwait(false);
                if (text is null)
                {
                    errors++;
                    text = Environment.TryGetValue(env.Name, out var old) ? old : null;
                }

                if (text is not null)
                {
                    environment[env.Name] = text;
                }
            }

            if (!environment.OrderBy(kv => kv.Key, StringComparer.Ordinal).SequenceEqual(Environment.OrderBy(kv => kv.Key, StringComparer.Ordinal)))
            {
                Environment = environment;
                changed = true;
            }
        }

        return (changed, errors);
    }

    private async Task<string?> RenderOneAsync(string name, string? source, string? contents, bool errorOnMissingKey, string left, string right, string destination, CancellationToken cancellationToken)
    {
        try
        {
            var text = source is null ? contents! : await File.ReadAllTextAsync(source, cancellationToken).ConfigureAwait(false);
            var key = name + "\0" + destination;
            if (!_parsed.TryGetValue(key, out var parsed) || !string.Equals(parsed.Text, text, StringComparison.Ordinal))
            {
                var options = new TemplateOptions { ErrorOnMissingKey = errorOnMissingKey, LeftDelimiter = left, RightDelimiter = right };
                parsed = (text, GoTemplate.Parse(name, text, _functions, options));
                _parsed[key] = parsed;
            }

            return await parsed.Template.RenderAsync(null, cancellationToken).ConfigureAwait(false);
        }
        catch (TemplateException e)
        {
            Log.RenderFailed(_logger, e.Message, destination);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.RenderFailed(_logger, $"template: {name}: cannot read the source file ({e.GetType().Name})", destination);
            return null;
        }
    }

    private async Task RunCommandAsync(TemplateConfig template, CancellationToken cancellationToken)
    {
        var command = template.Command!;
        var info = template.CommandIsShell ? new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", command[0] } } : new ProcessStartInfo(command[0]);
        if (!template.CommandIsShell)
        {
            foreach (var arg in command.Skip(1))
            {
                info.ArgumentList.Add(arg);
            }
        }

        info.UseShellExecute = false;
        info.RedirectStandardInput = true;
        try
        {
            using var process = Process.Start(info)!;
            process.StandardInput.Close();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                Log.CommandFailed(_logger, template.Destination, "timed out after 30s");
                return;
            }

            Log.CommandRan(_logger, template.Destination, process.ExitCode);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Log.CommandFailed(_logger, template.Destination, e.Message);
        }
    }
}
