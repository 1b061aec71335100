namespace Strongroom.Scanner.Detection;

/// <summary>The `allow:` section of a config: what is never reported.</summary>
internal sealed class AllowDocument
{
    /// <summary>Glob patterns (`*`, `**`, `?`) of paths relative to the scan root.</summary>
    public List<string>? Paths { get; set; }

    /// <summary>Regexes; a secret matching one is not reported.</summary>
    public List<string>? Regexes { get; set; }

    /// <summary>Substrings (case-insensitive); a secret containing one is not reported.</summary>
    public List<string>? Stopwords { get; set; }
}
