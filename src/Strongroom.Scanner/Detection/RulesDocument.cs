namespace Strongroom.Scanner.Detection;

/// <summary>
/// A rules file or a repository config (`.strongroom-scan.yaml`): both share this shape, every part optional.
/// </summary>
internal sealed class RulesDocument
{
    /// <summary>When false, the built-in rules are dropped and only this file's rules apply.</summary>
    public bool? ExtendDefault { get; set; }

    public List<RuleDefinition>? Rules { get; set; }

    /// <summary>Rule ids to switch off.</summary>
    public List<string>? Disable { get; set; }

    /// <summary>Exact values that are documentation examples, never findings.</summary>
    public List<string>? Examples { get; set; }

    public AllowDocument? Allow { get; set; }
}
