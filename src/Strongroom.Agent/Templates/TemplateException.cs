using System.Globalization;

namespace Strongroom.Agent.Templates;

/// <summary>
/// A template parse or execution error, formatted like Go's text/template:
/// <c>template: NAME:LINE:COLUMN: reason</c>. The reason never carries secret values.
/// </summary>
public sealed class TemplateException : Exception
{
    public TemplateException()
        : this(string.Empty, 0, 0, "template error")
    {
    }

    public TemplateException(string message)
        : this(string.Empty, 0, 0, message)
    {
    }

    public TemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
        TemplateName = string.Empty;
        Reason = message;
    }

    public TemplateException(string templateName, int line, int column, string reason)
        : base(string.Create(CultureInfo.InvariantCulture, $"template: {templateName}:{line}:{column}: {reason}"))
    {
        TemplateName = templateName;
        Line = line;
        Column = column;
        Reason = reason;
    }

    public string TemplateName { get; }

    /// <summary>1-based line of the offending token or action.</summary>
    public int Line { get; }

    /// <summary>1-based column of the offending token or action.</summary>
    public int Column { get; }

    public string Reason { get; }
}
