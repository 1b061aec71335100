namespace Strongroom.Agent.Templates;

/// <summary>
/// A template function. Arguments are template values (null, <see cref="NoValue"/>, string, long, double,
/// bool, <c>IReadOnlyDictionary&lt;string, object?&gt;</c>, <c>IReadOnlyList&lt;object?&gt;</c>); a piped value comes last.
/// Throw <see cref="TemplateFunctionException"/> for a user-facing error.
/// </summary>
public delegate ValueTask<object?> TemplateFunction(IReadOnlyList<object?> args, CancellationToken cancellationToken);

/// <summary>A function's error; the executor adds the template name, line and column.</summary>
public sealed class TemplateFunctionException : Exception
{
    public TemplateFunctionException()
    {
    }

    public TemplateFunctionException(string message)
        : base(message)
    {
    }

    public TemplateFunctionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The value of a missing map key (prints as Go's "&lt;no value&gt;").</summary>
public sealed class NoValue
{
    private NoValue()
    {
    }

    public static NoValue Instance { get; } = new();

    public override string ToString() => "<no value>";
}
