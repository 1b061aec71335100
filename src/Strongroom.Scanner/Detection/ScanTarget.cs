namespace Strongroom.Scanner.Detection;

/// <summary>A piece of text to scan and where it came from.</summary>
internal sealed class ScanTarget
{
    public ScanTarget(string path, string text)
    {
        Path = path;
        Text = text;
    }

    public string Path { get; }

    public string Text { get; }

    public string? Commit { get; init; }

    public string? Layer { get; init; }

    public string? Detail { get; init; }

    /// <summary>Maps line index in <see cref="Text"/> (0-based) to the line to report; null = identity.</summary>
    public IReadOnlyList<int>? LineNumbers { get; init; }

    /// <summary>When set, every finding is reported on this line (decoded values, e.g. Kubernetes data).</summary>
    public int? FixedLine { get; init; }

    /// <summary>Generic rules are off (minified bundles: random-looking identifiers everywhere).</summary>
    public bool SkipGenericRules { get; init; }

    public override string ToString() => Path;
}
