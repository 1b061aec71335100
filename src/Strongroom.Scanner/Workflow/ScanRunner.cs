using System.Collections.Concurrent;
using Strongroom.Scanner.Detection;
using Strongroom.Scanner.Sources;

namespace Strongroom.Scanner.Workflow;

/// <summary>
/// Runs one scan: loads rules (built-in, `--rules`, the repo config), collects findings from the chosen
/// source (directory, file, stdin, git history, staged changes), scanning files in parallel, then applies
/// the baseline. Problems with the user's input are returned as an error string (exit code 2).
/// </summary>
internal sealed class ScanRunner
{
    public static readonly string[] ConfigFileNames = [".strongroom-scan.yaml", ".strongroom-scan.yml"];

    private readonly ScanOptions _options;
    private readonly TextWriter _stderr;

    public ScanRunner(ScanOptions options, TextWriter stderr)
    {
        _options = options;
        _stderr = stderr;
    }

    /// <summary>Directory that relative finding paths are relative to (set by <see cref="RunAsync"/>).</summary>
    public string Root { get; private set; } = Directory.GetCurrentDirectory();

    public async Task<ScanResult> RunAsync(Stream stdin, ProgressReporter progress, CancellationToken cancellationToken)
    {
        var (root, singleFile, pathError) = await ResolveRootAsync(cancellationToken).ConfigureAwait(false);
        if (pathError is not null)
        {
            return ScanResult.Fail(pathError);
        }

        Root = root;
        var (rules, rulesError) = LoadRules(root);
        if (rules is null)
        {
            return ScanResult.Fail(rulesError!);
        }

        var detector = new Detector(rules);
        var files = new FileScanner(detector, _options.MaxFileBytes);
        files.Warning += message =>
        {
            lock (_stderr)
            {
                _stderr.WriteLine("warning: " + message);
            }
        };

        var findings = new ConcurrentBag<Finding>();
        if (_options.Path == "-")
        {
            using var buffer = new MemoryStream();
            await stdin.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            progress.Add(buffer.Length);
            foreach (var finding in files.Scan("stdin", buffer.ToArray()))
            {
                findings.Add(finding);
            }
        }
        else if (_options.GitHistory || _options.Staged)
        {
            var (targets, gitError) = _options.Staged
                ? await GitSource.StagedAsync(root, cancellationToken).ConfigureAwait(false)
                : await GitSource.HistoryAsync(root, _options.Branch, _options.Since, cancellationToken).ConfigureAwait(false);
            if (targets is null)
            {
                return ScanResult.Fail(gitError!);
            }

            Parallel.ForEach(targets, new ParallelOptions { CancellationToken = cancellationToken }, target =>
            {
                progress.Add(target.Text.Length);
                if (FileClassifier.IsLockFile(target.Path) || rules.IsPathAllowed(target.Path))
                {
                    return;
                }

                foreach (var finding in detector.Scan(target))
                {
                    findings.Add(finding);
                }
            });
        }
        else
        {
            var list = singleFile is not null
                ? [singleFile]
                : await FileLister.ListAsync(root, !_options.NoGit, cancellationToken).ConfigureAwait(false);
            await ScanFilesAsync(root, list, files, findings, progress, cancellationToken).ConfigureAwait(false);
        }

        var (reported, suppressed, baselineError) = ApplyBaseline(findings);
        if (baselineError is not null)
        {
            return ScanResult.Fail(baselineError);
        }

        var ordered = reported
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ThenBy(f => f.Commit, StringComparer.Ordinal)
            .ThenBy(f => f.Line)
            .ThenBy(f => f.Column)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ToList();
        return new ScanResult(ordered, suppressed, null);
    }

    private async Task ScanFilesAsync(
        string root, List<string> list, FileScanner files, ConcurrentBag<Finding> findings, ProgressReporter progress,
        CancellationToken cancellationToken)
    {
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
        await Parallel.ForEachAsync(list, parallel, async (relative, ct) =>
        {
            if (files.Detector.Rules.IsPathAllowed(relative) || FileClassifier.IsLockFile(relative))
            {
                return;
            }

            var full = Path.Combine(root, relative);
            byte[] bytes;
            try
            {
                var info = new FileInfo(full);
                if (info.Length > _options.MaxFileBytes)
                {
                    files.Warn($"{relative}: larger than --max-file-size, skipped");
                    return;
                }

                bytes = await File.ReadAllBytesAsync(full, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                files.Warn($"{relative}: could not be read ({ex.GetType().Name})");
                return;
            }

            progress.Add(bytes.Length);
            foreach (var finding in files.Scan(relative, bytes))
            {
                findings.Add(finding);
            }
        }).ConfigureAwait(false);
    }

    private async Task<(string Root, string? SingleFile, string? Error)> ResolveRootAsync(CancellationToken cancellationToken)
    {
        if (_options.Path == "-")
        {
            return (Directory.GetCurrentDirectory(), null, null);
        }

        var full = Path.GetFullPath(_options.Path);
        if (_options.GitHistory || _options.Staged)
        {
            if (!Directory.Exists(full))
            {
                return (full, null, $"{_options.Path} is not a directory");
            }

            var top = await GitProcess.WorkTreeRootAsync(full, cancellationToken).ConfigureAwait(false);
            return top is null ? (full, null, $"{_options.Path} is not inside a Git work tree") : (top, null, null);
        }

        if (File.Exists(full))
        {
            return (Path.GetDirectoryName(full)!, Path.GetFileName(full), null);
        }

        return Directory.Exists(full) ? (full, null, null) : (full, null, $"{_options.Path}: no such file or directory");
    }

    private (RuleSet? Rules, string? Error) LoadRules(string root)
    {
        var layers = new List<(string, string)>();
        foreach (var file in _options.RulesFiles)
        {
            if (!File.Exists(file))
            {
                return (null, $"--rules {file}: no such file");
            }

            layers.Add((file, File.ReadAllText(file)));
        }

        var config = _options.ConfigFile ?? ConfigFileNames.Select(n => Path.Combine(root, n)).FirstOrDefault(File.Exists);
        if (config is not null)
        {
            if (!File.Exists(config))
            {
                return (null, $"--config {config}: no such file");
            }

            layers.Add((Path.GetFileName(config), File.ReadAllText(config)));
        }

        return RuleLoader.Load(layers);
    }

    private (List<Finding> Reported, int Suppressed, string? Error) ApplyBaseline(IEnumerable<Finding> findings)
    {
        if (_options.Baseline is null)
        {
            return (findings.ToList(), 0, null);
        }

        if (!File.Exists(_options.Baseline))
        {
            return ([], 0, $"--baseline {_options.Baseline}: no such file");
        }

        var (known, error) = Baseline.Parse(File.ReadAllText(_options.Baseline));
        if (known is null)
        {
            return ([], 0, $"--baseline {_options.Baseline}: {error}");
        }

        var all = findings.ToList();
        var reported = all.Where(f => !known.Contains(f.Fingerprint)).ToList();
        return (reported, all.Count - reported.Count, null);
    }
}
