namespace Strongroom.Core.Storage;

/// <summary>
/// Physical storage could not complete an operation (unwritable or corrupt file, disk full,
/// database locked past the busy timeout, connection lost). The request pipeline maps it to 503 (the request may be retried). The
/// message names the operation and the cause, never a key's value.
/// </summary>
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException()
        : base("storage unavailable")
    {
    }

    public StorageUnavailableException(string message)
        : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
