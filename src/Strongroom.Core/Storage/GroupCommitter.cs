namespace Strongroom.Core.Storage;

/// <summary>
/// Group commit for a storage with one writer at a time and an expensive durable commit (an fsync):
/// callers queue their batches; one committer loop takes everything queued (at most
/// <c>maxGroup</c> batches) and commits it with one call of the commit delegate (one transaction),
/// then completes every waiting caller. If that combined commit fails, each batch of the group is
/// committed alone, so one bad batch cannot fail the others and every caller gets its own outcome.
/// A caller's task completes only after its batch was committed (durable). A caller cancelled while
/// its batch is still queued drops it; once the committer took the batch it is committed anyway.
/// </summary>
/// <typeparam name="TBatch">One caller's unit of work.</typeparam>
public sealed class GroupCommitter<TBatch>
{
    private readonly Func<IReadOnlyList<TBatch>, Task> commit;
    private readonly int maxGroup;
    private readonly Queue<Pending> queue = new();
    private readonly Lock gate = new();
    private bool running;

    /// <param name="commit">Commits every batch of the list in one transaction: all or none; throws on failure.</param>
    /// <param name="maxGroup">The most batches one transaction takes.</param>
    public GroupCommitter(Func<IReadOnlyList<TBatch>, Task> commit, int maxGroup = 256)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxGroup, 1);
        this.commit = commit;
        this.maxGroup = maxGroup;
    }

    /// <summary>Queues <paramref name="batch"/>; completes when it is committed, or throws what its commit threw.</summary>
    public Task CommitAsync(TBatch batch, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new Pending(batch);
        if (cancellationToken.CanBeCanceled)
        {
            // Registered before the batch is visible to the committer, so Complete always disposes it.
            pending.Registration = cancellationToken.UnsafeRegister(static (state, token) => ((Pending)state!).TryCancel(token), pending);
        }

        bool start;
        lock (gate)
        {
            queue.Enqueue(pending);
            start = !running;
            running = true;
        }

        if (start)
        {
            _ = Task.Run(RunAsync, CancellationToken.None);
        }

        return pending.Completion.Task;
    }

    private async Task RunAsync()
    {
        var group = new List<Pending>(maxGroup);
        while (true)
        {
            group.Clear();
            lock (gate)
            {
                while (group.Count < maxGroup && queue.TryDequeue(out var next))
                {
                    if (next.TryTake())
                    {
                        group.Add(next);
                    }
                }

                if (group.Count == 0)
                {
                    running = false;
                    return;
                }
            }

            await CommitGroupAsync(group).ConfigureAwait(false);
        }
    }

    private async Task CommitGroupAsync(List<Pending> group)
    {
        if (group.Count > 1)
        {
            try
            {
                await commit([.. group.Select(p => p.Batch)]).ConfigureAwait(false);
                foreach (var pending in group)
                {
                    pending.Complete(null);
                }

                return;
            }
            catch (Exception)
            {
                // Nothing of the group landed (one transaction); find out whose batch failed by
                // committing each alone, so the others still succeed.
            }
        }

        foreach (var pending in group)
        {
            try
            {
                await commit([pending.Batch]).ConfigureAwait(false);
                pending.Complete(null);
            }
            catch (Exception ex)
            {
                pending.Complete(ex);
            }
        }
    }

    /// <summary>A queued batch and its caller's completion.</summary>
    private sealed class Pending(TBatch batch)
    {
        private const int Queued = 0;
        private const int Taken = 1;
        private const int Cancelled = 2;
        private int state;

        public TBatch Batch { get; } = batch;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenRegistration Registration { get; set; }

        /// <summary>The committer claims the batch; false when its caller gave up first.</summary>
        public bool TryTake() => Interlocked.CompareExchange(ref state, Taken, Queued) == Queued;

        public void TryCancel(CancellationToken token)
        {
            if (Interlocked.CompareExchange(ref state, Cancelled, Queued) == Queued)
            {
                Completion.TrySetCanceled(token);
            }
        }

        public void Complete(Exception? error)
        {
            Registration.Dispose();
            if (error is null)
            {
                Completion.TrySetResult();
            }
            else
            {
                Completion.TrySetException(error);
            }
        }
    }
}
