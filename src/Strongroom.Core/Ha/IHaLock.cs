namespace Strongroom.Core.Ha;

/// <summary>
/// The high-availability lock a clustered storage offers (PostgreSQL: a lock row with a TTL).
/// At most one node holds it at a time; the holder is the active node. The storage fences every
/// write on it once <see cref="FenceWrites"/> is on: a write commits only while this node holds the lock.
/// </summary>
public interface IHaLock
{
    /// <summary>This node's id (random per process start).</summary>
    string NodeId { get; }

    /// <summary>How long a taken or renewed lock stays valid without renewal.</summary>
    TimeSpan Ttl { get; }

    /// <summary>When on, every storage write commits only if this node holds the lock (see the type summary).</summary>
    bool FenceWrites { get; set; }

    /// <summary>Takes the lock if it is free or expired, or renews it if held; true when this node holds it now.</summary>
    ValueTask<bool> TryHoldAsync(string apiAddr, CancellationToken cancellationToken);

    /// <summary>Gives the lock up if this node holds it (graceful step-down or shutdown).</summary>
    ValueTask ReleaseAsync(CancellationToken cancellationToken);

    /// <summary>The current holder, or null when nobody holds a valid lock.</summary>
    ValueTask<HaNode?> GetLeaderAsync(CancellationToken cancellationToken);

    /// <summary>Records that this node is alive (listed by sys/ha-status until its heartbeat expires).</summary>
    ValueTask HeartbeatAsync(string apiAddr, CancellationToken cancellationToken);

    /// <summary>Nodes whose heartbeat is still valid.</summary>
    ValueTask<IReadOnlyList<HaNode>> ListNodesAsync(CancellationToken cancellationToken);
}
