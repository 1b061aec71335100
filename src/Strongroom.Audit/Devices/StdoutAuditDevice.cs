namespace Strongroom.Audit;

/// <summary>Writes audit lines to the process's standard output (file_path "-" or "stdout", or type "stdout").</summary>
internal sealed class StdoutAuditDevice : IAuditDevice
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    private readonly Stream _stdout;

    public StdoutAuditDevice(Stream? output = null)
    {
        _stdout = output ?? Console.OpenStandardOutput();
    }

    public string Type => "stdout";

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> lines, CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stdout.WriteAsync(lines, cancellationToken).ConfigureAwait(false);
            await _stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Gate.Release();
        }
    }

    public void Reopen()
    {
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
