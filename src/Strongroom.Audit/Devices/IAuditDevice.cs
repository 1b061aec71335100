namespace Strongroom.Audit;

/// <summary>
/// Where audit lines go. A device is a plain byte sink: the broker formats, chains, batches and
/// bounds every write by the device's timeout. Writes are serialised by the broker (one at a time).
/// </summary>
public interface IAuditDevice : IAsyncDisposable
{
    /// <summary>"file", "socket" or "stdout".</summary>
    string Type { get; }

    /// <summary>
    /// Writes complete, newline-terminated lines and returns once they reached the OS (no fsync).
    /// Throws <see cref="IOException"/>, <see cref="System.Net.Sockets.SocketException"/> or
    /// <see cref="OperationCanceledException"/> when the device cannot record them.
    /// </summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> lines, CancellationToken cancellationToken);

    /// <summary>Asks the device to reopen its target before the next write (SIGHUP, log rotation).</summary>
    void Reopen();

    /// <summary>The last complete line already in the target, to continue its chain; null when none.</summary>
    byte[]? ReadLastLine() => null;
}
