using System.Buffers;
using System.Net.Sockets;

namespace Strongroom.Audit;

/// <summary>
/// Owns one enabled device: formats events with its salt, stamps the chain, and group-commits
/// queued lines: whoever finds the device idle becomes the writer, takes every queued line and
/// writes them in one device write; lines that arrive meanwhile wait for the next batch, which a
/// background drain writes. A caller's task completes only after the batch holding its line reached
/// the device (the OS, for files). Waiting callers are bounded by the device's write timeout. After
/// a failure the device is skipped (fails fast) for a short backoff so a hung or broken device does
/// not cost every request a full timeout.
/// </summary>
internal sealed class AuditDeviceWriter : IAsyncDisposable
{
    private const int MaxBatch = 512;
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private readonly AuditHasher _hasher;
    private readonly AuditFormatter _formatter;
    private readonly AuditChain _chain;
    private readonly TimeProvider _time;
    private readonly Action<AuditDeviceWriter, string>? _onFailure;
    private readonly Lock _health = new();

    // Group commit state, guarded by _queueLock. Only the owner of _writing touches the chain and the buffer.
    private readonly Lock _queueLock = new();
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly List<PendingLine> _batch = new(MaxBatch);
    private List<PendingLine> _queued = [];
    private List<PendingLine> _spare = [];
    private bool _writing;
    private bool _closed;
    private TaskCompletionSource? _idle;

    private DateTimeOffset _skipUntil = DateTimeOffset.MinValue;
    private TimeSpan _backoff = FirstBackoff;
    private string _lastError = "";
    private bool _healthy = true;
    private long _failures;
    private long _written;

    public AuditDeviceWriter(
        string path,
        string description,
        AuditDeviceOptions options,
        IAuditDevice device,
        ReadOnlySpan<byte> salt,
        ReadOnlySpan<byte> chainKey,
        TimeProvider time,
        Action<AuditDeviceWriter, string>? onFailure)
    {
        Path = path;
        Description = description;
        Options = options;
        Device = device;
        _hasher = new AuditHasher(salt);
        _formatter = new AuditFormatter(options, _hasher);
        _chain = new AuditChain(chainKey);
        _time = time;
        _onFailure = onFailure;
        ResumeChain();
    }

    public string Path { get; }

    public string Description { get; }

    public AuditDeviceOptions Options { get; }

    public IAuditDevice Device { get; }

    public string Hash(string input) => _hasher.Hash(input);

    public AuditDeviceStatus Status()
    {
        lock (_health)
        {
            return new AuditDeviceStatus(Path, Device.Type, Description, Options.Raw, _healthy, _lastError, _failures, Interlocked.Read(ref _written));
        }
    }

    /// <summary>Null when the line reached the device, otherwise the reason it did not.</summary>
    public async Task<string?> WriteAsync(AuditEvent e, CancellationToken cancellationToken)
    {
        lock (_health)
        {
            if (_time.GetUtcNow() < _skipUntil)
            {
                _failures++;
                return $"device is backing off after a failure: {_lastError}";
            }
        }

        var pending = new PendingLine(_formatter.Format(e));
        bool lead;
        lock (_queueLock)
        {
            if (_closed)
            {
                return "device is disabled";
            }

            _queued.Add(pending);
            lead = !_writing;
            _writing = true;
        }

        string? error;
        if (lead)
        {
            // The device was idle: write this line (and any that queued meanwhile) now, on this thread.
            try
            {
                await WriteQueuedAsync().ConfigureAwait(false);
            }
            finally
            {
                ReleaseOrDrain();
            }

            error = pending.Outcome;
        }
        else
        {
            try
            {
                error = await pending.Completion.Task.WaitAsync(Options.WriteTimeout, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                pending.Abandon();
                error = $"write timed out after {Options.WriteTimeout.TotalMilliseconds:0} ms";
            }
        }

        RecordOutcome(error);
        return error;
    }

    public void Reopen() => Device.Reopen();

    /// <summary>Stops accepting lines, writes every line already accepted (bounded by the write timeout), then closes the device.</summary>
    public async ValueTask DisposeAsync()
    {
        Task idle;
        lock (_queueLock)
        {
            _closed = true;
            idle = _writing ? (_idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task : Task.CompletedTask;
        }

        try
        {
            await idle.WaitAsync(Options.WriteTimeout, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A hung device: abandon its writer; disposing the device below unblocks sockets.
        }

        await Device.DisposeAsync().ConfigureAwait(false);
        _chain.Dispose();
        _hasher.Dispose();
    }

    private void RecordOutcome(string? error)
    {
        bool raise;
        lock (_health)
        {
            if (error is null)
            {
                _healthy = true;
                _backoff = FirstBackoff;
                return;
            }

            raise = _healthy;
            _healthy = false;
            _failures++;
            _lastError = error;
            _skipUntil = _time.GetUtcNow() + _backoff;
            _backoff = _backoff * 2 > MaxBackoff ? MaxBackoff : _backoff * 2;
        }

        if (raise)
        {
            _onFailure?.Invoke(this, error);
        }
    }

    private void ResumeChain()
    {
        var last = Device.ReadLastLine();
        if (last is not null && AuditLine.TryParse(last, out var line))
        {
            _chain.Resume(line.Sequence, line.Chain);
        }
    }

    /// <summary>
    /// Called by the writer after its batch: hands the device over to a background drain when lines
    /// queued meanwhile (one thread hop per contended batch, not per line), otherwise marks it idle.
    /// </summary>
    private void ReleaseOrDrain()
    {
        if (!TryRelease())
        {
            _ = Task.Run(DrainAsync);
        }
    }

    /// <summary>Marks the device idle when nothing is queued; false when lines are waiting.</summary>
    private bool TryRelease()
    {
        lock (_queueLock)
        {
            if (_queued.Count > 0)
            {
                return false;
            }

            _writing = false;
            _idle?.TrySetResult();
            return true;
        }
    }

    private async Task DrainAsync()
    {
        var released = false;
        try
        {
            while (!released)
            {
                await WriteQueuedAsync().ConfigureAwait(false);
                released = TryRelease();
            }
        }
        finally
        {
            if (!released)
            {
                ReleaseOrDrain();
            }
        }
    }

    /// <summary>
    /// Takes the queued lines (up to <see cref="MaxBatch"/>), stamps the chain and writes them in one
    /// device write, then completes every line in the batch. Only the owner of <c>_writing</c> calls it.
    /// </summary>
    private async Task WriteQueuedAsync()
    {
        var batch = _batch;
        batch.Clear();
        lock (_queueLock)
        {
            if (_queued.Count <= MaxBatch)
            {
                (_queued, _spare) = (_spare, _queued);
                foreach (var pending in _spare)
                {
                    if (!pending.Abandoned)
                    {
                        batch.Add(pending);
                    }
                }

                _spare.Clear();
            }
            else
            {
                foreach (var pending in _queued.Take(MaxBatch))
                {
                    if (!pending.Abandoned)
                    {
                        batch.Add(pending);
                    }
                }

                _queued.RemoveRange(0, MaxBatch);
            }
        }

        if (batch.Count == 0)
        {
            return;
        }

        var buffer = _buffer;
        buffer.ResetWrittenCount();
        var snapshot = _chain.Snapshot();
        string? error = "internal error while writing the audit batch";
        try
        {
            foreach (var pending in batch)
            {
                _chain.Stamp(pending.Body, buffer);
            }

            error = await WriteBatchAsync(buffer.WrittenMemory).ConfigureAwait(false);
        }
        finally
        {
            if (error is null)
            {
                Interlocked.Add(ref _written, batch.Count);
            }
            else
            {
                _chain.Restore(snapshot);
            }

            foreach (var pending in batch)
            {
                pending.Complete(error);
            }
        }

        batch.Clear();
    }

    private async Task<string?> WriteBatchAsync(ReadOnlyMemory<byte> lines)
    {
        using var timeout = new CancellationTokenSource(Options.WriteTimeout, _time);
        try
        {
            await Device.WriteAsync(lines, timeout.Token).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException)
        {
            return $"write timed out after {Options.WriteTimeout.TotalMilliseconds:0} ms";
        }
        catch (Exception ex) when (ex is IOException or SocketException or UnauthorizedAccessException or ObjectDisposedException)
        {
            return Describe(ex);
        }
    }

    /// <summary>A reason safe to show operators: the error kind, never line content.</summary>
    internal static string Describe(Exception ex) => ex switch
    {
        IOException io when io.HResult == 28 || io.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase)
            => "disk full (ENOSPC): the audit device cannot record requests",
        DirectoryNotFoundException => "the audit file's directory no longer exists",
        UnauthorizedAccessException => "the audit file is not writable (permission denied)",
        SocketException se => $"socket error: {se.SocketErrorCode}",
        IOException io => $"I/O error: {io.Message}",
        _ => ex.GetType().Name,
    };
}
