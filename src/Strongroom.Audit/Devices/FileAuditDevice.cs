namespace Strongroom.Audit;

/// <summary>
/// Appends audit lines to a file. Each batch is one write(2) straight to the OS (no user-space
/// buffer survives a write), so a line is in the page cache before the request is acknowledged.
/// Before every batch the device checks that the open handle is still the file at the configured
/// path; a deleted, replaced or rotated-away file is reopened and reported through the callback.
/// </summary>
internal sealed class FileAuditDevice : IAuditDevice
{
    private readonly string _path;
    private readonly UnixFileMode? _mode;
    private readonly Action<FileReopenReason, string>? _onReopen;
    private FileStream? _stream;
    private string? _identity;
    private volatile bool _reopenRequested;

    /// <summary>Opens (creating it and its directory if needed) the file; throws IOException when it cannot.</summary>
    public FileAuditDevice(string path, UnixFileMode? mode, Action<FileReopenReason, string>? onReopen = null)
    {
        _path = Path.GetFullPath(path);
        _mode = mode;
        _onReopen = onReopen;
        var directory = Path.GetDirectoryName(_path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        Open();
    }

    public string Type => "file";

    public string FilePath => _path;

    public ValueTask WriteAsync(ReadOnlyMemory<byte> lines, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        EnsureCurrentFile();
        var stream = _stream!;
        var before = stream.CanSeek ? stream.Length : -1;
        try
        {
            stream.Write(lines.Span);
            stream.Flush();
        }
        catch (IOException) when (before >= 0)
        {
            TryTruncate(stream, before);
            throw;
        }

        return ValueTask.CompletedTask;
    }

    public void Reopen() => _reopenRequested = true;

    public byte[]? ReadLastLine()
    {
        if (_stream is null || !_stream.CanSeek)
        {
            return null;
        }

        using var reader = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var length = reader.Length;
        if (length == 0)
        {
            return null;
        }

        var take = (int)Math.Min(length, 1 << 20);
        var buffer = new byte[take];
        reader.Seek(length - take, SeekOrigin.Begin);
        reader.ReadExactly(buffer);
        if (buffer[^1] != (byte)'\n')
        {
            // A torn last line (crash mid-write): terminate it so the next line starts cleanly.
            _stream.Write("\n"u8);
            _stream.Flush();
            return null;
        }

        var start = Array.LastIndexOf(buffer, (byte)'\n', buffer.Length - 2) + 1;
        return buffer[start..^1];
    }

    public ValueTask DisposeAsync()
    {
        _stream?.Dispose();
        _stream = null;
        return ValueTask.CompletedTask;
    }

    /// <summary>Drops a torn partial batch (disk full mid-write) so the file keeps whole lines only.</summary>
    private static void TryTruncate(FileStream stream, long length)
    {
        try
        {
            stream.SetLength(length);
        }
        catch (IOException)
        {
            // Best effort: the verifier reports a torn line if one remains.
        }
    }

    private void EnsureCurrentFile()
    {
        if (_reopenRequested || _stream is null)
        {
            _reopenRequested = false;
            Reopen(FileReopenReason.Requested, notify: false);
            return;
        }

        var reason = CheckIdentity();
        if (reason is not null)
        {
            Reopen(reason.Value, notify: true);
        }
    }

    private void Reopen(FileReopenReason reason, bool notify)
    {
        _stream?.Dispose();
        _stream = null;
        Open();
        if (notify)
        {
            _onReopen?.Invoke(reason, _path);
        }
    }

    private void Open()
    {
        var existed = File.Exists(_path);
        var stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        try
        {
            if (!existed && _mode is not null && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(stream.SafeFileHandle, _mode.Value);
            }
        }
        catch
        {
            stream.Dispose();
            throw;
        }

        _stream = stream;
        _identity = Identity(stream);
    }

    /// <summary>Null when the open handle is still the file at the path.</summary>
    private FileReopenReason? CheckIdentity()
    {
        var stream = _stream!;
        if (_identity is not null)
        {
            // One readlink per batch: the link still names our path only while the file is there.
            if (Identity(stream) == _identity)
            {
                return null;
            }

            return File.Exists(_path) ? FileReopenReason.Replaced : FileReopenReason.Deleted;
        }

        if (!File.Exists(_path))
        {
            return FileReopenReason.Deleted;
        }

        // Without /proc: a different length at the path than behind our handle means another file.
        return stream.CanSeek && new FileInfo(_path).Length != stream.Length ? FileReopenReason.Replaced : null;
    }

    /// <summary>On Linux, where /proc/self/fd/N points: it changes when the file is renamed, deleted or replaced.</summary>
    private static string? Identity(FileStream stream)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var fd = stream.SafeFileHandle.DangerousGetHandle().ToInt64();
        return new FileInfo($"/proc/self/fd/{fd}").LinkTarget;
    }
}
