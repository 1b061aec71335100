namespace Strongroom.Sdk;

/// <summary>
/// A request field had the wrong type. Carries the field name only, never the value.
/// Backends catch it and return a 400 (<see cref="LogicalResponse.BadRequest"/>).
/// </summary>
public sealed class FieldException : Exception
{
    public FieldException(string field, string expected)
        : base($"error converting input for field \"{field}\": expected {expected}")
    {
        Field = field;
    }

    public FieldException()
    {
        Field = "";
    }

    public FieldException(string message)
        : base(message)
    {
        Field = "";
    }

    public FieldException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = "";
    }

    public string Field { get; }
}
