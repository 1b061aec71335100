using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Strongroom.Sdk;

namespace Strongroom.Core.Tokens;

/// <summary>
/// Tokens behind the barrier. Token ids are stored only as HMAC-SHA256 under a per-store salt
/// (itself behind the barrier); accessors are separate random ids indexed the same way.
/// Children are indexed under their parent so that revoking a parent revokes the tree.
/// </summary>
public sealed class TokenStore
{
    private readonly IStorageView _storage;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<string, TokenEntry> _cache = new(StringComparer.Ordinal);
    private byte[] _salt = [];

    public TokenStore(IStorageView storage, TimeProvider clock)
    {
        _storage = storage;
        _clock = clock;
    }

    /// <summary>Called for every revoked token (cubbyhole cleanup, lease revocation).</summary>
    public event Func<TokenEntry, CancellationToken, ValueTask>? Revoked;

    public async ValueTask LoadAsync(CancellationToken cancellationToken)
    {
        var salt = await _storage.GetAsync("salt", cancellationToken).ConfigureAwait(false);
        if (salt is null)
        {
            salt = RandomNumberGenerator.GetBytes(32);
            await _storage.PutAsync("salt", salt, cancellationToken).ConfigureAwait(false);
        }

        _salt = salt;
        _cache.Clear();
    }

    public void Unload()
    {
        CryptographicOperations.ZeroMemory(_salt);
        _salt = [];
        _cache.Clear();
    }

    /// <summary>The keyed hash under which a token id (or accessor) is indexed.</summary>
    public string Hash(string value)
    {
        if (_salt.Length == 0)
        {
            throw new InvalidOperationException("token store is not loaded");
        }

        var mac = HMACSHA256.HashData(_salt, Encoding.UTF8.GetBytes(value));
        return Convert.ToHexStringLower(mac);
    }

    public async ValueTask<(string Token, TokenEntry Entry)> CreateAsync(TokenCreateRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = _clock.GetUtcNow();
        var token = request.Id ?? TokenIds.NewToken();
        var entry = new TokenEntry
        {
            IdHash = Hash(token),
            Accessor = TokenIds.NewAccessor(),
            ParentHash = request.Orphan ? null : request.ParentHash,
            Policies = NormalizePolicies(request.Policies),
            Meta = request.Meta,
            DisplayName = request.DisplayName,
            NumUses = request.NumUses,
            CreationTime = now,
            Ttl = request.Ttl,
            CreationTtl = request.Ttl,
            ExplicitMaxTtl = request.ExplicitMaxTtl,
            Period = request.Period,
            Renewable = request.Renewable && !request.NoExpiry,
            Path = request.Path,
            Orphan = request.Orphan || request.ParentHash is null,
            EntityId = request.EntityId,
            BoundCidrs = request.BoundCidrs,
            Role = request.Role,
            InternalData = request.InternalData,
        };
        if (!request.NoExpiry)
        {
            entry.ExpireTime = now + request.Ttl;
            if (request.ExplicitMaxTtl > TimeSpan.Zero)
            {
                entry.MaxExpireTime = now + request.ExplicitMaxTtl;
            }
        }

        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await _storage.GetAsync(IdKey(entry.IdHash), cancellationToken).ConfigureAwait(false) is not null)
            {
                throw new InvalidOperationException("token id already in use");
            }

            await SaveAsync(entry, cancellationToken).ConfigureAwait(false);
            await _storage.PutAsync(AccessorKey(entry.Accessor), Encoding.UTF8.GetBytes(entry.IdHash), cancellationToken).ConfigureAwait(false);
            if (entry.ParentHash is not null)
            {
                await _storage.PutAsync($"parent/{entry.ParentHash}/{entry.IdHash}", [], cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _writeLock.Release();
        }

        return (token, entry);
    }

    /// <summary>Looks up a live token by its id; expired tokens are revoked and reported absent.</summary>
    public async ValueTask<TokenEntry?> LookupAsync(string token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 256)
        {
            return null;
        }

        return await LookupByHashAsync(Hash(token), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<TokenEntry?> LookupByHashAsync(string idHash, CancellationToken cancellationToken)
    {
        if (!_cache.TryGetValue(idHash, out var entry))
        {
            var bytes = await _storage.GetAsync(IdKey(idHash), cancellationToken).ConfigureAwait(false);
            if (bytes is null)
            {
                return null;
            }

            entry = JsonSerializer.Deserialize<TokenEntry>(bytes)!;
            _cache[idHash] = entry;
        }

        if (entry.IsExpired(_clock.GetUtcNow()))
        {
            await RevokeTreeAsync(entry, cancellationToken).ConfigureAwait(false);
            return null;
        }

        return entry;
    }

    public async ValueTask<TokenEntry?> LookupByAccessorAsync(string accessor, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(accessor) || accessor.Length > 256)
        {
            return null;
        }

        var idHash = await _storage.GetAsync(AccessorKey(accessor), cancellationToken).ConfigureAwait(false);
        return idHash is null ? null : await LookupByHashAsync(Encoding.UTF8.GetString(idHash), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Counts one use of a limited-use token. Returns false when the token has no uses left
    /// (it is then revoked). The use that brings it to zero is still allowed.
    /// </summary>
    public async ValueTask<bool> UseAsync(TokenEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.NumUses == 0)
        {
            return true;
        }

        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _cache.TryRemove(entry.IdHash, out _);
            var bytes = await _storage.GetAsync(IdKey(entry.IdHash), cancellationToken).ConfigureAwait(false);
            if (bytes is null)
            {
                return false;
            }

            var current = JsonSerializer.Deserialize<TokenEntry>(bytes)!;
            if (current.NumUses <= 0)
            {
                return false;
            }

            current.NumUses--;
            entry.NumUses = current.NumUses;
            if (current.NumUses == 0)
            {
                // Last use: mark it spent so no concurrent request gets another.
                current.NumUses = -1;
                entry.NumUses = -1;
            }

            await SaveAsync(current, cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Renews a token; returns an error message when it cannot be renewed.</summary>
    public async ValueTask<string?> RenewAsync(TokenEntry entry, TimeSpan increment, TimeSpan systemMax, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.ExpireTime is null)
        {
            return null; // non-expiring (root) tokens: nothing to renew, not an error in Vault
        }

        if (!entry.Renewable)
        {
            return "lease is not renewable";
        }

        var now = _clock.GetUtcNow();
        TimeSpan ttl;
        if (entry.Period > TimeSpan.Zero)
        {
            ttl = entry.Period;
        }
        else
        {
            ttl = increment > TimeSpan.Zero ? increment : entry.CreationTtl;
            var hardMax = entry.CreationTime + systemMax;
            if (now + ttl > hardMax)
            {
                ttl = hardMax - now;
            }
        }

        if (entry.MaxExpireTime is { } max && now + ttl > max)
        {
            ttl = max - now;
        }

        if (ttl < TimeSpan.Zero)
        {
            ttl = TimeSpan.Zero;
        }

        entry.Ttl = TimeSpan.FromSeconds(Math.Floor(ttl.TotalSeconds));
        entry.ExpireTime = now + entry.Ttl;
        entry.LastRenewalTime = now;
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await SaveAsync(entry, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }

        return null;
    }

    /// <summary>Revokes the token and every descendant.</summary>
    public async ValueTask RevokeTreeAsync(TokenEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        foreach (var childHash in await ChildrenAsync(entry.IdHash, cancellationToken).ConfigureAwait(false))
        {
            var child = await LoadRawAsync(childHash, cancellationToken).ConfigureAwait(false);
            if (child is not null)
            {
                await RevokeTreeAsync(child, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await _storage.DeleteAsync($"parent/{entry.IdHash}/{childHash}", cancellationToken).ConfigureAwait(false);
            }
        }

        await RevokeOneAsync(entry, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Revokes only this token; its children become orphans.</summary>
    public async ValueTask RevokeOrphanAsync(TokenEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        foreach (var childHash in await ChildrenAsync(entry.IdHash, cancellationToken).ConfigureAwait(false))
        {
            var child = await LoadRawAsync(childHash, cancellationToken).ConfigureAwait(false);
            if (child is not null)
            {
                child.ParentHash = null;
                child.Orphan = true;
                await SaveAsync(child, cancellationToken).ConfigureAwait(false);
            }

            await _storage.DeleteAsync($"parent/{entry.IdHash}/{childHash}", cancellationToken).ConfigureAwait(false);
        }

        await RevokeOneAsync(entry, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<string>> ListAccessorsAsync(CancellationToken cancellationToken)
    {
        var result = new List<string>();
        foreach (var hash in await _storage.ListAsync("id/", cancellationToken).ConfigureAwait(false))
        {
            var entry = await LoadRawAsync(hash, cancellationToken).ConfigureAwait(false);
            if (entry is not null)
            {
                result.Add(entry.Accessor);
            }
        }

        return result;
    }

    /// <summary>Revokes every expired token (the expiration sweep).</summary>
    public async ValueTask<int> TidyExpiredAsync(CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var revoked = 0;
        foreach (var hash in await _storage.ListAsync("id/", cancellationToken).ConfigureAwait(false))
        {
            var entry = await LoadRawAsync(hash, cancellationToken).ConfigureAwait(false);
            if (entry is not null && (entry.IsExpired(now) || entry.NumUses < 0))
            {
                await RevokeTreeAsync(entry, cancellationToken).ConfigureAwait(false);
                revoked++;
            }
        }

        return revoked;
    }

    private async ValueTask RevokeOneAsync(TokenEntry entry, CancellationToken cancellationToken)
    {
        if (Revoked is { } handlers)
        {
            foreach (var handler in handlers.GetInvocationList().Cast<Func<TokenEntry, CancellationToken, ValueTask>>())
            {
                await handler(entry, cancellationToken).ConfigureAwait(false);
            }
        }

        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _cache.TryRemove(entry.IdHash, out _);
            await _storage.DeleteAsync(IdKey(entry.IdHash), cancellationToken).ConfigureAwait(false);
            await _storage.DeleteAsync(AccessorKey(entry.Accessor), cancellationToken).ConfigureAwait(false);
            if (entry.ParentHash is not null)
            {
                await _storage.DeleteAsync($"parent/{entry.ParentHash}/{entry.IdHash}", cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async ValueTask<IReadOnlyList<string>> ChildrenAsync(string idHash, CancellationToken cancellationToken) =>
        await _storage.ListAsync($"parent/{idHash}/", cancellationToken).ConfigureAwait(false);

    private async ValueTask<TokenEntry?> LoadRawAsync(string idHash, CancellationToken cancellationToken)
    {
        var bytes = await _storage.GetAsync(IdKey(idHash), cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : JsonSerializer.Deserialize<TokenEntry>(bytes);
    }

    private async ValueTask SaveAsync(TokenEntry entry, CancellationToken cancellationToken)
    {
        await _storage.PutAsync(IdKey(entry.IdHash), JsonSerializer.SerializeToUtf8Bytes(entry), cancellationToken).ConfigureAwait(false);
        _cache[entry.IdHash] = entry;
    }

    private static List<string> NormalizePolicies(IEnumerable<string> policies) =>
        policies.Select(p => p.Trim().ToLowerInvariant()).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    private static string IdKey(string idHash) => "id/" + idHash;

    private string AccessorKey(string accessor) => "accessor/" + Hash(accessor);
}
