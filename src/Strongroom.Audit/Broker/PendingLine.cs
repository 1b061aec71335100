namespace Strongroom.Audit;

/// <summary>One formatted line waiting for its device's next batch; completes with null or a failure reason.</summary>
internal sealed class PendingLine(byte[] body)
{
    private volatile bool _abandoned;

    public byte[] Body { get; } = body;

    public TaskCompletionSource<string?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The batch's outcome once it completed: null when the line reached the device.</summary>
    public string? Outcome { get; private set; }

    /// <summary>The caller gave up (timeout); the writer skips the line if it has not started it.</summary>
    public bool Abandoned => _abandoned;

    public void Abandon() => _abandoned = true;

    public void Complete(string? error)
    {
        Outcome = error;
        Completion.TrySetResult(error);
    }
}
