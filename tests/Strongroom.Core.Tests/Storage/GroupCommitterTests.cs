using Strongroom.Core.Storage;

namespace Strongroom.Core.Tests.Storage;

public sealed class GroupCommitterTests
{
    [Fact]
    public async Task CommitAsync_BatchesQueuedWhileCommitting_CommitTogetherInOneGroup()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var groups = new List<int[]>();
        var committer = new GroupCommitter<int>(async group =>
        {
            lock (groups)
            {
                groups.Add([.. group]);
            }

            if (group.Contains(0))
            {
                await release.Task;
            }
        });

        var first = committer.CommitAsync(0);
        await WaitUntilAsync(() => groups.Count == 1);
        var rest = Enumerable.Range(1, 20).Select(i => committer.CommitAsync(i)).ToList();
        release.SetResult();
        await first;
        await Task.WhenAll(rest);

        Assert.Equal(2, groups.Count);
        Assert.Equal(Enumerable.Range(1, 20), groups[1]);
    }

    [Fact]
    public async Task CommitAsync_MaxGroupReached_SplitsIntoSeveralGroups()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sizes = new List<int>();
        var committer = new GroupCommitter<int>(
            async group =>
            {
                lock (sizes)
                {
                    sizes.Add(group.Count);
                }

                await release.Task;
            },
            maxGroup: 4);

        var first = committer.CommitAsync(0);
        await WaitUntilAsync(() => sizes.Count == 1);
        var rest = Enumerable.Range(1, 10).Select(i => committer.CommitAsync(i)).ToList();
        release.SetResult();
        await Task.WhenAll(rest.Append(first));

        Assert.Equal([1, 4, 4, 2], sizes);
    }

    [Fact]
    public async Task CommitAsync_OneBadBatchInGroup_OthersSucceedAndOnlyItsCallerFails()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var committed = new List<int>();
        var calls = 0;
        var committer = new GroupCommitter<int>(async group =>
        {
            Interlocked.Increment(ref calls);
            if (group.Contains(0))
            {
                await release.Task;
            }

            if (group.Contains(7))
            {
                throw new InvalidOperationException("batch 7 is bad");
            }

            lock (committed)
            {
                committed.AddRange(group);
            }
        });

        var first = committer.CommitAsync(0);
        await WaitUntilAsync(() => Volatile.Read(ref calls) == 1);
        var rest = Enumerable.Range(1, 10).ToDictionary(i => i, i => committer.CommitAsync(i));
        release.SetResult();
        await first;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => rest[7]);
        Assert.Equal("batch 7 is bad", error.Message);
        foreach (var (i, task) in rest.Where(p => p.Key != 7))
        {
            await task;
        }

        Assert.Equal(Enumerable.Range(0, 11).Where(i => i != 7), committed.Order());
    }

    [Fact]
    public async Task CommitAsync_CancelledWhileQueued_IsDroppedAndOthersCommit()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var committed = new List<int>();
        var committer = new GroupCommitter<int>(async group =>
        {
            if (group.Contains(0))
            {
                started.SetResult();
                await release.Task;
            }

            lock (committed)
            {
                committed.AddRange(group);
            }
        });

        var first = committer.CommitAsync(0);
        await started.Task;
        using var cancel = new CancellationTokenSource();
        var cancelled = committer.CommitAsync(1, cancel.Token);
        var kept = committer.CommitAsync(2);
        await cancel.CancelAsync();
        release.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        await first;
        await kept;
        Assert.Equal([0, 2], committed.Order());
    }

    [Fact]
    public async Task CommitAsync_CancelledAfterTaken_IsCommittedAnyway()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var committed = new List<int>();
        var committer = new GroupCommitter<int>(async group =>
        {
            started.TrySetResult();
            await release.Task;
            lock (committed)
            {
                committed.AddRange(group);
            }
        });

        using var cancel = new CancellationTokenSource();
        var task = committer.CommitAsync(5, cancel.Token);
        await started.Task;
        await cancel.CancelAsync();
        release.SetResult();

        await task;
        Assert.Equal([5], committed);
    }

    /// <summary>Waits for a condition set by the committer's background loop (no fixed sleeps).</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(1, timeout.Token);
        }
    }
}
