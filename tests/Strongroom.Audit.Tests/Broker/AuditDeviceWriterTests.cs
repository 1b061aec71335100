using System.Text.Json.Nodes;

namespace Strongroom.Audit.Tests;

/// <summary>Group commit: lines queued while the device is busy share one write, and every caller learns its batch's outcome.</summary>
public sealed class AuditDeviceWriterTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task LogAsync_WhileDeviceBusy_QueuedLinesShareOneWriteAndAllVerify()
    {
        var file = _dir.File("audit.log");
        var chainKey = TestData.Key();
        var device = new GatedDevice(new FileAuditDevice(file, null));
        await using var broker = new AuditBroker();
        Enable(broker, device, file, chainKey);
        const int queued = 40;

        // The first caller finds the device idle and writes its own line; the gate holds that write.
        var first = broker.LogAsync(TestData.Request(path: "secret/data/first"), default);
        var rest = Enumerable.Range(0, queued).Select(i => broker.LogAsync(TestData.Request(path: $"secret/data/q{i}"), default)).ToList();
        Assert.False(first.IsCompleted);
        Assert.All(rest, t => Assert.False(t.IsCompleted));
        device.Open();

        Assert.True(await first.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.All(await Task.WhenAll(rest).WaitAsync(TimeSpan.FromSeconds(30)), Assert.True);
        Assert.Equal(new[] { 1, queued }, device.LinesPerWrite);
        var lines = File.ReadAllLines(file);
        Assert.Equal(queued + 1, lines.Length);
        Assert.Equal("secret/data/first", (string?)JsonNode.Parse(lines[0])!["request"]!["path"]);
        for (var i = 0; i < queued; i++)
        {
            Assert.Single(lines, l => (string?)JsonNode.Parse(l)!["request"]!["path"] == $"secret/data/q{i}");
        }

        var result = AuditVerifier.Verify([file], chainKey);
        Assert.True(result.Clean, result.ToString());
        Assert.Equal(queued + 1, result.Lines);
    }

    [Fact]
    public async Task LogAsync_ConcurrentCallers_EveryLinePresentWellFormedAndChained()
    {
        var file = _dir.File("audit.log");
        var chainKey = TestData.Key();
        await using var broker = new AuditBroker();
        Assert.True(broker.Enable("file", TestData.FileOptions(file), TestData.Key(), chainKey).Success);
        const int callers = 16, perCaller = 100;

        await Task.WhenAll(Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            for (var i = 0; i < perCaller; i++)
            {
                Assert.True(await broker.LogAsync(TestData.Request(path: $"secret/data/c{c}/{i}"), default));
                Assert.True(await broker.LogAsync(TestData.Response(path: $"secret/data/c{c}/{i}"), default));
            }
        })));

        var lines = File.ReadAllLines(file);
        Assert.Equal(2 * callers * perCaller, lines.Length);
        var paths = lines.Select(l => (string)JsonNode.Parse(l)!["request"]!["path"]!).ToList();
        for (var c = 0; c < callers; c++)
        {
            for (var i = 0; i < perCaller; i++)
            {
                var at = paths.IndexOf($"secret/data/c{c}/{i}");
                Assert.Equal(2, paths.Count(p => p == $"secret/data/c{c}/{i}"));
                Assert.Equal("request", (string?)JsonNode.Parse(lines[at])!["type"]);
            }
        }

        var result = AuditVerifier.Verify([file], chainKey);
        Assert.True(result.Clean, result.ToString());
    }

    [Fact]
    public async Task LogAsync_BatchCannotBeWritten_EveryCallerInItIsRefusedAndChainStaysWhole()
    {
        var file = _dir.File("audit.log");
        var chainKey = TestData.Key();
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var device = new GatedDevice(new FileAuditDevice(file, null)) { FailWrite = 2 };
        await using var broker = new AuditBroker(time: clock);
        Enable(broker, device, file, chainKey);

        var first = broker.LogAsync(TestData.Request(path: "secret/data/first"), default);
        var failing = Enumerable.Range(0, 5).Select(i => broker.LogAsync(TestData.Request(path: $"secret/data/f{i}"), default)).ToList();
        device.Open();

        Assert.True(await first.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.All(await Task.WhenAll(failing).WaitAsync(TimeSpan.FromSeconds(30)), Assert.False);
        var status = broker.Devices.Single();
        Assert.False(status.Healthy);
        Assert.Contains("injected", status.LastError, StringComparison.Ordinal);

        // After the backoff the device works again and the chain continues from the last written line.
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(await broker.LogAsync(TestData.Request(path: "secret/data/after"), default).WaitAsync(TimeSpan.FromSeconds(30)));
        var lines = File.ReadAllLines(file);
        Assert.Equal(2, lines.Length);
        var result = AuditVerifier.Verify([file], chainKey);
        Assert.True(result.Clean, result.ToString());
    }

    [Fact]
    public async Task DisposeAsync_WithQueuedLines_WritesThemAllBeforeClosing()
    {
        var file = _dir.File("audit.log");
        var device = new GatedDevice(new FileAuditDevice(file, null));
        var broker = new AuditBroker();
        Enable(broker, device, file, TestData.Key());

        var pending = Enumerable.Range(0, 10).Select(i => broker.LogAsync(TestData.Request(path: $"secret/data/s{i}"), default)).ToList();
        var disposing = broker.DisposeAsync().AsTask();
        Assert.False(disposing.IsCompleted);
        device.Open();
        await disposing.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.All(await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(30)), Assert.True);
        Assert.Equal(10, File.ReadAllLines(file).Length);
        Assert.True(device.Disposed);
    }

    private static void Enable(AuditBroker broker, IAuditDevice device, string file, byte[] chainKey)
    {
        var options = TestData.FileOptions(file, ("write_timeout", "60s"));
        Assert.True(broker.Enable("file", options, device, TestData.Key(), chainKey).Success);
    }

    /// <summary>A real file device behind a gate: writes wait until <see cref="Open"/>; write number <see cref="FailWrite"/> throws.</summary>
    private sealed class GatedDevice(FileAuditDevice inner) : IAuditDevice
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<int> _linesPerWrite = [];

        public int FailWrite { get; init; }

        public bool Disposed { get; private set; }

        public IReadOnlyList<int> LinesPerWrite
        {
            get
            {
                lock (_linesPerWrite)
                {
                    return [.. _linesPerWrite];
                }
            }
        }

        public string Type => "file";

        public void Open() => _gate.TrySetResult();

        public async ValueTask WriteAsync(ReadOnlyMemory<byte> lines, CancellationToken cancellationToken)
        {
            await _gate.Task.ConfigureAwait(false);
            int number;
            lock (_linesPerWrite)
            {
                _linesPerWrite.Add(lines.Span.Count((byte)'\n'));
                number = _linesPerWrite.Count;
            }

            if (number == FailWrite)
            {
                throw new IOException("injected write failure");
            }

            await inner.WriteAsync(lines, cancellationToken).ConfigureAwait(false);
        }

        public void Reopen() => inner.Reopen();

        public byte[]? ReadLastLine() => inner.ReadLastLine();

        public async ValueTask DisposeAsync()
        {
            Disposed = true;
            await inner.DisposeAsync().ConfigureAwait(false);
        }
    }
}
