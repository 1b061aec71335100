namespace Strongroom.Storage.Postgres;

/// <summary>A fenced write found that this node no longer holds the HA lock (internal signal, mapped to StorageUnavailableException).</summary>
internal sealed class HaLockLostException : Exception
{
    public HaLockLostException()
        : base("this node does not hold the HA lock")
    {
    }

    public HaLockLostException(string message)
        : base(message)
    {
    }

    public HaLockLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
