namespace Strongroom.Core.Barrier;

/// <summary>Thrown by barrier data operations while sealed; the server maps it to 503.</summary>
public sealed class BarrierSealedException : Exception
{
    public BarrierSealedException()
        : base("Vault is sealed")
    {
    }

    public BarrierSealedException(string message)
        : base(message)
    {
    }

    public BarrierSealedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
