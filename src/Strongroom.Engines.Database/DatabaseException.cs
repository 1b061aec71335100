namespace Strongroom.Engines.Database;

/// <summary>
/// A database operation failed. The message is safe to return and log: it never carries the
/// connection string or a password (see <see cref="DatabaseErrors"/>).
/// </summary>
public sealed class DatabaseException : Exception
{
    public DatabaseException()
    {
    }

    public DatabaseException(string message)
        : base(message)
    {
    }

    public DatabaseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when the database could not be reached (as opposed to a statement failing).</summary>
    public bool IsConnectionFailure { get; init; }
}
