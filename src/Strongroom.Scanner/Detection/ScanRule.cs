using System.Text.RegularExpressions;

namespace Strongroom.Scanner.Detection;

/// <summary>One compiled detection rule (loaded from the rules data file).</summary>
internal sealed class ScanRule
{
    public ScanRule(
        string id,
        string description,
        IReadOnlyList<string> keywords,
        Regex regex,
        int? secretGroup,
        double? minEntropy,
        bool generic,
        bool multiline,
        SecretValidation validation,
        string severity)
    {
        Id = id;
        Description = description;
        Keywords = keywords;
        Regex = regex;
        SecretGroup = secretGroup;
        MinEntropy = minEntropy;
        Generic = generic;
        Multiline = multiline;
        Validation = validation;
        Severity = severity;
    }

    public string Id { get; }

    public string Description { get; }

    /// <summary>Literal strings (case-insensitive); the regex runs only near one of them.</summary>
    public IReadOnlyList<string> Keywords { get; }

    public Regex Regex { get; }

    /// <summary>Group holding the secret; null = first group that matched, else the whole match.</summary>
    public int? SecretGroup { get; }

    public double? MinEntropy { get; }

    /// <summary>Names no provider; a provider rule wins when both match the same text.</summary>
    public bool Generic { get; }

    public bool Multiline { get; }

    public SecretValidation Validation { get; }

    public string Severity { get; }

    public override string ToString() => Id;
}
