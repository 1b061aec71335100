using System.Buffers;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Strongroom.Audit;

/// <summary>
/// Owns one enabled device: formats events with its salt, stamps the chain, and feeds a single
/// writer loop that group-commits queued lines in one write. Every caller waits at most the
/// device's write timeout. After a failure the device is skipped (fails fast) for a short backoff
/// so a hung or broken device does not cost every request a full timeout.
/// </summary>
internal sealed class AuditDeviceWriter : IAsyncDisposable
{
    private const int MaxBatch = 512;
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private readonly Channel<PendingLine> _queue = Channel.CreateUnbounded<PendingLine>(new UnboundedChannelOptions { SingleReader = true });
    private readonly AuditHasher _hasher;
    private readonly AuditFormatter _formatter;
    private readonly AuditChain _chain;
    private readonly TimeProvider _time;
    private readonly Action<AuditDeviceWriter, string>? _onFailure;
    private readonly Task _loop;
    private readonly Lock _health = new();
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
        _loop = Task.Run(RunAsync);
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
        if (!_queue.Writer.TryWrite(pending))
        {
            return "device is disabled";
        }

        string? error;
        try
        {
            error = await pending.Completion.Task.WaitAsync(Options.WriteTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            pending.Abandon();
            error = $"write timed out after {Options.WriteTimeout.TotalMilliseconds:0} ms";
        }

        RecordOutcome(error);
        return error;
    }

    public void Reopen() => Device.Reopen();

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        try
        {
            await _loop.WaitAsync(Options.WriteTimeout, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A hung device: abandon its loop; disposing the device below unblocks sockets.
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

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<PendingLine>(MaxBatch);
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            buffer.ResetWrittenCount();
            while (batch.Count < MaxBatch && reader.TryRead(out var pending))
            {
                if (!pending.Abandoned)
                {
                    batch.Add(pending);
                }
            }

            if (batch.Count == 0)
            {
                continue;
            }

            var snapshot = _chain.Snapshot();
            foreach (var pending in batch)
            {
                _chain.Stamp(pending.Body, buffer);
            }

            var error = await WriteBatchAsync(buffer.WrittenMemory).ConfigureAwait(false);
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
                pending.Completion.TrySetResult(error);
            }
        }
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
