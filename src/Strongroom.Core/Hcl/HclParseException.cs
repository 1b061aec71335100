namespace Strongroom.Core.Hcl;

/// <summary>
/// An HCL document (or a value in it) is malformed. The message is "line:column: what was
/// expected"; it names token kinds and identifiers but never echoes string contents or the input.
/// </summary>
public sealed class HclParseException : Exception
{
    public HclParseException(string message, int line, int column)
        : base($"{line}:{column}: {message}")
    {
        Line = line;
        Column = column;
        Reason = message;
    }

    public HclParseException()
    {
        Reason = "";
    }

    public HclParseException(string message)
        : base(message)
    {
        Reason = message;
    }

    public HclParseException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    /// <summary>1-based line of the problem (0 when unknown).</summary>
    public int Line { get; }

    /// <summary>1-based column of the problem (0 when unknown).</summary>
    public int Column { get; }

    /// <summary>The message without the position prefix.</summary>
    public string Reason { get; }
}
