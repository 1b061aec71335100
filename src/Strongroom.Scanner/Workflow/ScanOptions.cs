using Strongroom.Scanner.Output;

namespace Strongroom.Scanner.Workflow;

/// <summary>Parsed `strongroom scan` arguments.</summary>
internal sealed class ScanOptions
{
    /// <summary>Directory or file to scan, or "-" for stdin.</summary>
    public string Path { get; set; } = ".";

    public bool GitHistory { get; set; }

    public bool Staged { get; set; }

    public string? Since { get; set; }

    public string? Branch { get; set; }

    /// <summary>Ignore .gitignore and scan every file (`--no-git`).</summary>
    public bool NoGit { get; set; }

    public OutputFormat Format { get; set; } = OutputFormat.Text;

    public string? OutputFile { get; set; }

    public bool Redact { get; set; } = true;

    public List<string> RulesFiles { get; } = [];

    public string? ConfigFile { get; set; }

    public string? Baseline { get; set; }

    public bool NoColor { get; set; }

    public bool NoProgress { get; set; }

    public long MaxFileBytes { get; set; } = 256L * 1024 * 1024;

    public bool Migrate { get; set; }

    public bool Apply { get; set; }

    public string? App { get; set; }

    public string Mount { get; set; } = "secret";

    public string? Address { get; set; }

    public string? Token { get; set; }

    /// <summary>Subcommand: null (scan), "baseline-create" or "install-hook".</summary>
    public string? Subcommand { get; set; }

    public bool Force { get; set; }

    public string HookCommand { get; set; } = "strongroom";
}
