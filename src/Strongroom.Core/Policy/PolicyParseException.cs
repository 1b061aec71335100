namespace Strongroom.Core.Policy;

/// <summary>
/// A policy document is invalid. The message names the path and field at fault (e.g.
/// <c>path "secret/*": invalid capability "reed"</c>) or the HCL/JSON syntax position.
/// </summary>
public sealed class PolicyParseException : Exception
{
    public PolicyParseException()
    {
    }

    public PolicyParseException(string message)
        : base(message)
    {
    }

    public PolicyParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
