namespace Strongroom.Scanner.Detection;

/// <summary>A rule as written in YAML (see rules/default-rules.yaml for the field meanings).</summary>
internal sealed class RuleDefinition
{
    public string? Id { get; set; }

    public string? Description { get; set; }

    public List<string>? Keywords { get; set; }

    public string? Regex { get; set; }

    public int? SecretGroup { get; set; }

    public double? Entropy { get; set; }

    public bool Generic { get; set; }

    public bool Multiline { get; set; }

    public string? Validate { get; set; }

    public string? Severity { get; set; }
}
