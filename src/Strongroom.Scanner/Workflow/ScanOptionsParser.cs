using System.Globalization;
using Strongroom.Scanner.Output;

namespace Strongroom.Scanner.Workflow;

/// <summary>Parses `strongroom scan` arguments; a bad command line is an error value (exit code 2).</summary>
internal static class ScanOptionsParser
{
    public const string Usage = """
        usage: strongroom scan [PATH|-] [options]
               strongroom scan baseline create [PATH] [--output FILE] [options]
               strongroom scan install-hook [--force] [--command CMD]

        sources:   PATH (directory, file, archive, image tarball; default .), - (stdin)
                   --git [--since DATE] [--branch REF]   every commit's added lines
                   --staged                              staged changes (pre-commit)
                   --no-git                              ignore .gitignore, scan every file
        rules:     --rules FILE (repeatable)  --config FILE (default PATH/.strongroom-scan.yaml)
                   --baseline FILE            report only findings not in the baseline
        output:    --format text|json|jsonl|sarif  --output FILE  --no-redact  --no-color  --no-progress
        migrate:   --migrate [--apply] [--app NAME] [--mount secret] [--addr URL] [--token TOKEN]
        exit code: 0 clean, 1 secrets found, 2 usage error
        """;

    public static (ScanOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var options = new ScanOptions();
        var positional = new List<string>();
        var start = 0;
        if (args.Count >= 2 && args[0] == "baseline" && args[1] == "create")
        {
            options.Subcommand = "baseline-create";
            options.OutputFile = ".strongroom-baseline.json";
            start = 2;
        }
        else if (args.Count >= 1 && args[0] == "install-hook")
        {
            options.Subcommand = "install-hook";
            start = 1;
        }

        for (var i = start; i < args.Count; i++)
        {
            var arg = args[i];
            string? Value()
            {
                var eq = arg.IndexOf('=', StringComparison.Ordinal);
                if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
                {
                    return arg[(eq + 1)..];
                }

                return i + 1 < args.Count ? args[++i] : null;
            }

            var name = arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains('=', StringComparison.Ordinal) ? arg[..arg.IndexOf('=', StringComparison.Ordinal)] : arg;
            switch (name)
            {
                case "--git": options.GitHistory = true; break;
                case "--staged": options.Staged = true; break;
                case "--no-git": options.NoGit = true; break;
                case "--no-redact": options.Redact = false; break;
                case "--no-color": options.NoColor = true; break;
                case "--no-progress": options.NoProgress = true; break;
                case "--migrate": options.Migrate = true; break;
                case "--apply": options.Apply = true; break;
                case "--force": options.Force = true; break;
                case "--since": options.Since = Value(); if (options.Since is null) { return Missing(name); } break;
                case "--branch": options.Branch = Value(); if (options.Branch is null) { return Missing(name); } break;
                case "--output" or "-o": options.OutputFile = Value(); if (options.OutputFile is null) { return Missing(name); } break;
                case "--config": options.ConfigFile = Value(); if (options.ConfigFile is null) { return Missing(name); } break;
                case "--baseline": options.Baseline = Value(); if (options.Baseline is null) { return Missing(name); } break;
                case "--app": options.App = Value(); if (options.App is null) { return Missing(name); } break;
                case "--addr": options.Address = Value(); if (options.Address is null) { return Missing(name); } break;
                case "--token": options.Token = Value(); if (options.Token is null) { return Missing(name); } break;
                case "--command": options.HookCommand = Value() ?? string.Empty; if (options.HookCommand.Length == 0) { return Missing(name); } break;
                case "--mount": options.Mount = (Value() ?? string.Empty).Trim('/'); if (options.Mount.Length == 0) { return Missing(name); } break;
                case "--rules":
                    if (Value() is not { } rules)
                    {
                        return Missing(name);
                    }

                    options.RulesFiles.Add(rules);
                    break;
                case "--max-file-size":
                    if (!long.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var max) || max <= 0)
                    {
                        return (null, "--max-file-size needs a positive number of bytes");
                    }

                    options.MaxFileBytes = max;
                    break;
                case "--format" or "-f":
                    var format = Value();
                    OutputFormat? parsed = format switch
                    {
                        "text" => OutputFormat.Text,
                        "json" => OutputFormat.Json,
                        "jsonl" or "json-lines" or "jsonlines" => OutputFormat.JsonLines,
                        "sarif" => OutputFormat.Sarif,
                        _ => null,
                    };
                    if (parsed is null)
                    {
                        return (null, $"unknown --format '{format}' (text, json, jsonl, sarif)");
                    }

                    options.Format = parsed.Value;
                    break;
                default:
                    if (arg.Length > 1 && arg.StartsWith('-'))
                    {
                        return (null, $"unknown option {arg}");
                    }

                    positional.Add(arg);
                    break;
            }
        }

        if (positional.Count > 1)
        {
            return (null, "only one PATH may be given");
        }

        if (positional.Count == 1)
        {
            options.Path = positional[0];
        }

        if (options.GitHistory && options.Staged)
        {
            return (null, "--git and --staged cannot be combined");
        }

        if ((options.Since is not null || options.Branch is not null) && !options.GitHistory)
        {
            return (null, "--since and --branch need --git");
        }

        if (options.Path == "-" && (options.GitHistory || options.Staged || options.Migrate))
        {
            return (null, "stdin (-) cannot be combined with --git, --staged or --migrate");
        }

        if (options.Apply && !options.Migrate)
        {
            return (null, "--apply needs --migrate");
        }

        return (options, null);
    }

    private static (ScanOptions?, string?) Missing(string option) => (null, $"{option} needs a value");
}
