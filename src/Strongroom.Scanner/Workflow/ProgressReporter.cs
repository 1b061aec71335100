using System.Globalization;

namespace Strongroom.Scanner.Workflow;

/// <summary>Files/s and bytes on one rewritten stderr line while a long scan runs (only on a terminal).</summary>
internal sealed class ProgressReporter : IAsyncDisposable
{
    private readonly TextWriter _stderr;
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly ITimer? _timer;
    private long _files;
    private long _bytes;
    private bool _printed;

    public ProgressReporter(TextWriter stderr, bool enabled, TimeProvider time)
    {
        _stderr = stderr;
        _time = time;
        _started = time.GetTimestamp();
        _timer = enabled ? time.CreateTimer(_ => Print(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)) : null;
    }

    public long Files => Interlocked.Read(ref _files);

    public long Bytes => Interlocked.Read(ref _bytes);

    public void Add(long bytes)
    {
        Interlocked.Increment(ref _files);
        Interlocked.Add(ref _bytes, bytes);
    }

    public TimeSpan Elapsed => _time.GetElapsedTime(_started);

    /// <summary>The progress line as it would be printed now.</summary>
    public string Line()
    {
        var seconds = Math.Max(Elapsed.TotalSeconds, 0.001);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"scanning: {Files} files, {Bytes / 1048576.0:0.0} MB, {Files / seconds:0} files/s, {Bytes / 1048576.0 / seconds:0.0} MB/s");
    }

    private void Print()
    {
        lock (_stderr)
        {
            _stderr.Write("\r" + Line() + "   ");
            _printed = true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_timer is not null)
        {
            await _timer.DisposeAsync().ConfigureAwait(false);
        }

        if (_printed)
        {
            lock (_stderr)
            {
                _stderr.Write("\r" + new string(' ', 90) + "\r");
            }
        }
    }
}
