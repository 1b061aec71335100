namespace Strongroom.Agent.Templates;

/// <summary>Parse and execution options of a <see cref="GoTemplate"/>.</summary>
public sealed record TemplateOptions
{
    public string LeftDelimiter { get; init; } = "{{";

    public string RightDelimiter { get; init; } = "}}";

    /// <summary>Go's <c>missingkey=error</c>: a missing map key is an error instead of "&lt;no value&gt;".</summary>
    public bool ErrorOnMissingKey { get; init; }

    /// <summary>Rendering stops with an error past this many characters (runaway range guard).</summary>
    public int MaxOutputChars { get; init; } = 16 * 1024 * 1024;
}
