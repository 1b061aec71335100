namespace Strongroom.Core.Identity;

/// <summary>A login resolved to a disabled entity; the pipeline answers 403.</summary>
public sealed class EntityDisabledException : Exception
{
    public EntityDisabledException()
        : base("entity is disabled")
    {
    }

    public EntityDisabledException(string message)
        : base(message)
    {
    }

    public EntityDisabledException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
