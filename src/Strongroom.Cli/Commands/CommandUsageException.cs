namespace Strongroom.Cli.Commands;

/// <summary>
/// Raised inside a command for a usage mistake found after flag parsing; <see cref="Command"/> turns it into
/// exit code 2 plus the command's help. It carries no secret material.
/// </summary>
internal sealed class CommandUsageException : Exception
{
    public CommandUsageException()
    {
    }

    public CommandUsageException(string message)
        : base(message)
    {
    }

    public CommandUsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
