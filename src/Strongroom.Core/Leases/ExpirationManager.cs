using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Strongroom.Core.Barrier;
using Strongroom.Core.Routing;
using Strongroom.Core.Storage;
using Strongroom.Sdk;

namespace Strongroom.Core.Leases;

/// <summary>
/// Every lease on a dynamic secret: registered when a backend returns a secret, persisted behind
/// the barrier, kept in a min-heap by due time (a request never scans leases), revoked by the
/// issuing backend when it expires. A failed revocation is retried with exponential backoff and
/// stays visible in lookup; it is never dropped.
/// </summary>
public sealed class ExpirationManager
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(10);
    private static readonly int LoadParallelism = Math.Max(4, Environment.ProcessorCount * 2);
    private readonly IStorageView _storage;
    private readonly TimeProvider _clock;
    private readonly Func<string, MountedBackend?> _findMount;
    private readonly object _heapLock = new();
    private readonly PriorityQueue<string, DateTimeOffset> _due = new();
    private readonly SemaphoreSlim _tickLock = new(1, 1);
    private int _count;

    public ExpirationManager(IStorageView storage, TimeProvider clock, Func<string, MountedBackend?> findMount)
    {
        _storage = storage;
        _clock = clock;
        _findMount = findMount;
    }

    public int Count => Volatile.Read(ref _count);

    /// <summary>Loads every persisted lease into the heap (at unseal). Expired ones are revoked by the next tick.</summary>
    public async ValueTask LoadAsync(CancellationToken cancellationToken)
    {
        lock (_heapLock)
        {
            _due.Clear();
            _count = 0;
        }

        // Reads (storage get + barrier decrypt + parse) run concurrently: with 100,000 leases the
        // sequential loop dominated unseal time (docs/BENCHMARKS.md, "Leases").
        var options = new ParallelOptions { MaxDegreeOfParallelism = LoadParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(ListAllAsync("id/", cancellationToken), options, async (id, token) =>
        {
            var lease = await GetAsync(id, token).ConfigureAwait(false);
            if (lease is not null)
            {
                Schedule(lease);
                Interlocked.Increment(ref _count);
            }
        }).ConfigureAwait(false);
    }

    public void Unload()
    {
        lock (_heapLock)
        {
            _due.Clear();
            _count = 0;
        }
    }

    /// <summary>Registers a new lease and returns its id ("mount/path/…/random").</summary>
    public async ValueTask<LeaseEntry> RegisterAsync(string path, string mount, SecretLease secret, TimeSpan ttl, TimeSpan maxTtl, string? tokenHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var now = _clock.GetUtcNow();
        var lease = new LeaseEntry
        {
            LeaseId = path.TrimEnd('/') + "/" + RandomNumberGenerator.GetString("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 24),
            Path = path,
            Mount = mount,
            IssueTime = now,
            ExpireTime = now + (ttl > maxTtl ? maxTtl : ttl),
            MaxExpireTime = now + maxTtl,
            Renewable = secret.Renewable,
            InternalData = secret.InternalData,
            TokenHash = tokenHash,
        };
        await SaveAsync(lease, cancellationToken).ConfigureAwait(false);
        if (tokenHash is not null)
        {
            await _storage.PutAsync($"token/{tokenHash}/{IndexKey(lease.LeaseId)}", Encoding.UTF8.GetBytes(lease.LeaseId), cancellationToken).ConfigureAwait(false);
        }

        Schedule(lease);
        Interlocked.Increment(ref _count);
        return lease;
    }

    public async ValueTask<LeaseEntry?> GetAsync(string leaseId, CancellationToken cancellationToken)
    {
        if (!StorageKey.IsValid(leaseId))
        {
            return null;
        }

        var bytes = await _storage.GetAsync("id/" + leaseId, cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : JsonSerializer.Deserialize<LeaseEntry>(bytes);
    }

    /// <summary>Lease ids directly under a prefix (for LIST sys/leases/lookup/:prefix).</summary>
    public ValueTask<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken) =>
        _storage.ListAsync("id/" + prefix, cancellationToken);

    /// <summary>Renews via the backend, capped by the lease's max TTL. Returns an error message or null.</summary>
    public async ValueTask<(LeaseEntry? Lease, string? Error)> RenewAsync(string leaseId, TimeSpan increment, CancellationToken cancellationToken)
    {
        var lease = await GetAsync(leaseId, cancellationToken).ConfigureAwait(false);
        var now = _clock.GetUtcNow();
        if (lease is null || lease.ExpireTime <= now || lease.LastRevokeError is not null)
        {
            return (null, "lease not found or lease is not renewable");
        }

        if (!lease.Renewable)
        {
            return (null, "lease is not renewable");
        }

        var mount = _findMount(lease.Mount);
        if (mount is null)
        {
            return (null, "the mount that issued this lease no longer exists");
        }

        var secret = new SecretLease { Ttl = increment, Renewable = lease.Renewable, InternalData = lease.InternalData, IssueTime = lease.IssueTime, MaxExpireTime = lease.MaxExpireTime };
        var response = await mount.Backend.RenewAsync(secret, cancellationToken).ConfigureAwait(false);
        if (response.IsError)
        {
            return (null, string.Join("; ", response.Errors));
        }

        var ttl = response.Secret?.Ttl > TimeSpan.Zero ? response.Secret.Ttl : increment;
        var expire = now + ttl;
        lease.ExpireTime = expire > lease.MaxExpireTime ? lease.MaxExpireTime : expire;
        lease.LastRenewalTime = now;
        if (response.Secret is { } renewed)
        {
            lease.InternalData = renewed.InternalData.Count > 0 ? renewed.InternalData : lease.InternalData;
        }

        await SaveAsync(lease, cancellationToken).ConfigureAwait(false);
        Schedule(lease);
        return (lease, null);
    }

    /// <summary>Revokes one lease now. Returns an error message when the backend failed (the lease is kept and retried).</summary>
    public async ValueTask<string?> RevokeAsync(string leaseId, bool force, CancellationToken cancellationToken)
    {
        var lease = await GetAsync(leaseId, cancellationToken).ConfigureAwait(false);
        return lease is null ? null : await RevokeEntryAsync(lease, force, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Revokes every lease under a prefix; returns the number revoked and the first failure.</summary>
    public async ValueTask<(int Revoked, string? Error)> RevokePrefixAsync(string prefix, bool force, CancellationToken cancellationToken)
    {
        var revoked = 0;
        string? firstError = null;
        var ids = new List<string>();
        await foreach (var id in ListAllAsync("id/" + Folder(prefix), cancellationToken).ConfigureAwait(false))
        {
            ids.Add(id);
        }

        foreach (var id in ids.Where(i => i.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var error = await RevokeAsync(id, force, cancellationToken).ConfigureAwait(false);
            if (error is null)
            {
                revoked++;
            }
            else
            {
                firstError ??= error;
            }
        }

        return (revoked, firstError);
    }

    /// <summary>Revokes the leases a token created (called when the token is revoked).</summary>
    public async ValueTask RevokeForTokenAsync(string tokenHash, CancellationToken cancellationToken)
    {
        foreach (var key in await _storage.ListAsync($"token/{tokenHash}/", cancellationToken).ConfigureAwait(false))
        {
            var id = await _storage.GetAsync($"token/{tokenHash}/{key}", cancellationToken).ConfigureAwait(false);
            if (id is not null)
            {
                await RevokeAsync(Encoding.UTF8.GetString(id), force: false, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Revokes every lease that is due. Called by the server's timer and by tests after moving the clock.</summary>
    public async ValueTask<int> TickAsync(CancellationToken cancellationToken)
    {
        if (!await _tickLock.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        try
        {
            var processed = 0;
            var now = _clock.GetUtcNow();
            while (true)
            {
                string? id;
                lock (_heapLock)
                {
                    if (!_due.TryPeek(out id, out var due) || due > now)
                    {
                        break;
                    }

                    _due.Dequeue();
                }

                var lease = await GetAsync(id!, cancellationToken).ConfigureAwait(false);
                if (lease is null || lease.DueTime > now)
                {
                    continue; // revoked meanwhile, or renewed (its new due time is queued too)
                }

                await RevokeEntryAsync(lease, force: false, cancellationToken).ConfigureAwait(false);
                processed++;
            }

            return processed;
        }
        catch (BarrierSealedException)
        {
            return 0;
        }
        finally
        {
            _tickLock.Release();
        }
    }

    /// <summary>Deletes leases whose index entries are dangling (sys/leases/tidy).</summary>
    public async ValueTask<int> TidyAsync(CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var tokenHash in await _storage.ListAsync("token/", cancellationToken).ConfigureAwait(false))
        {
            foreach (var key in await _storage.ListAsync("token/" + tokenHash, cancellationToken).ConfigureAwait(false))
            {
                var id = await _storage.GetAsync("token/" + tokenHash + key, cancellationToken).ConfigureAwait(false);
                if (id is null || await GetAsync(Encoding.UTF8.GetString(id), cancellationToken).ConfigureAwait(false) is null)
                {
                    await _storage.DeleteAsync("token/" + tokenHash + key, cancellationToken).ConfigureAwait(false);
                    removed++;
                }
            }
        }

        return removed;
    }

    private async ValueTask<string?> RevokeEntryAsync(LeaseEntry lease, bool force, CancellationToken cancellationToken)
    {
        if (!force)
        {
            var mount = _findMount(lease.Mount);
            try
            {
                if (mount is not null)
                {
                    await mount.Backend.RevokeAsync(new SecretLease { InternalData = lease.InternalData, Renewable = lease.Renewable, IssueTime = lease.IssueTime, MaxExpireTime = lease.MaxExpireTime }, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not BarrierSealedException)
            {
                // Keep the lease and retry later: never silently drop a credential we could not revoke.
                lease.RevokeAttempts++;
                lease.LastRevokeError = ex.Message;
                var backoff = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, Math.Min(lease.RevokeAttempts, 20))));
                lease.NextRevokeAttempt = _clock.GetUtcNow() + backoff;
                await SaveAsync(lease, cancellationToken).ConfigureAwait(false);
                Schedule(lease);
                return "failed to revoke lease: " + ex.Message;
            }
        }

        await _storage.DeleteAsync("id/" + lease.LeaseId, cancellationToken).ConfigureAwait(false);
        if (lease.TokenHash is not null)
        {
            await _storage.DeleteAsync($"token/{lease.TokenHash}/{IndexKey(lease.LeaseId)}", cancellationToken).ConfigureAwait(false);
        }

        Interlocked.Decrement(ref _count);
        return null;
    }

    private async ValueTask SaveAsync(LeaseEntry lease, CancellationToken cancellationToken) =>
        await _storage.PutAsync("id/" + lease.LeaseId, JsonSerializer.SerializeToUtf8Bytes(lease), cancellationToken).ConfigureAwait(false);

    private void Schedule(LeaseEntry lease)
    {
        lock (_heapLock)
        {
            _due.Enqueue(lease.LeaseId, lease.DueTime);
        }
    }

    private async IAsyncEnumerable<string> ListAllAsync(string prefix, [global::System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var key in await _storage.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            if (key.EndsWith('/'))
            {
                await foreach (var child in ListAllAsync(prefix + key, cancellationToken).ConfigureAwait(false))
                {
                    yield return child;
                }
            }
            else
            {
                yield return (prefix + key)["id/".Length..];
            }
        }
    }

    private static string Folder(string prefix)
    {
        var slash = prefix.LastIndexOf('/');
        return slash < 0 ? "" : prefix[..(slash + 1)];
    }

    private static string IndexKey(string leaseId) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(leaseId)));
}
