using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Strongroom.Sdk;

namespace Strongroom.Core.Identity;

/// <summary>
/// Entities, aliases and groups behind the barrier. A login resolves (mount accessor, alias
/// name) to an entity, creating both on first sight, so tokens and audit lines say who.
/// </summary>
public sealed class IdentityStore
{
    private readonly IStorageView _storage;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _lock = new(1, 1);

    public IdentityStore(IStorageView storage, TimeProvider clock)
    {
        _storage = storage;
        _clock = clock;
    }

    /// <summary>Finds or creates the entity for a login alias; returns its id.</summary>
    public async ValueTask<Entity> ResolveAsync(string mountAccessor, string mountType, string mountPath, string aliasName, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        var aliasKey = AliasKey(mountAccessor, aliasName);
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var existingId = await _storage.GetAsync(aliasKey, cancellationToken).ConfigureAwait(false);
            if (existingId is not null && await LoadEntityAsync(Encoding.UTF8.GetString(existingId), cancellationToken).ConfigureAwait(false) is { } found)
            {
                return found;
            }

            var now = _clock.GetUtcNow();
            var entity = new Entity
            {
                Id = Guid.NewGuid().ToString(),
                CreationTime = now,
                LastUpdateTime = now,
            };
            entity.Name = "entity_" + entity.Id[..8];
            entity.Aliases.Add(new EntityAlias
            {
                Id = Guid.NewGuid().ToString(),
                CanonicalId = entity.Id,
                MountAccessor = mountAccessor,
                MountType = mountType,
                MountPath = mountPath,
                Name = aliasName,
                Metadata = metadata.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
                CreationTime = now,
            });
            await SaveEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            await _storage.PutAsync(aliasKey, Encoding.UTF8.GetBytes(entity.Id), cancellationToken).ConfigureAwait(false);
            return entity;
        }
        finally
        {
            _lock.Release();
        }
    }

    public async ValueTask<Entity?> LoadEntityAsync(string id, CancellationToken cancellationToken)
    {
        if (!StorageKey.IsValid(id))
        {
            return null;
        }

        var bytes = await _storage.GetAsync("entity/" + id, cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : JsonSerializer.Deserialize<Entity>(bytes);
    }

    public async ValueTask<Entity?> FindEntityByNameAsync(string name, CancellationToken cancellationToken)
    {
        var id = await _storage.GetAsync("entity-name/" + NameKey(name), cancellationToken).ConfigureAwait(false);
        return id is null ? null : await LoadEntityAsync(Encoding.UTF8.GetString(id), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<Entity?> FindEntityByAliasAsync(string mountAccessor, string aliasName, CancellationToken cancellationToken)
    {
        var id = await _storage.GetAsync(AliasKey(mountAccessor, aliasName), cancellationToken).ConfigureAwait(false);
        return id is null ? null : await LoadEntityAsync(Encoding.UTF8.GetString(id), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<Entity>> ListEntitiesAsync(CancellationToken cancellationToken)
    {
        var result = new List<Entity>();
        foreach (var id in await _storage.ListAsync("entity/", cancellationToken).ConfigureAwait(false))
        {
            if (await LoadEntityAsync(id, cancellationToken).ConfigureAwait(false) is { } e)
            {
                result.Add(e);
            }
        }

        return result;
    }

    public async ValueTask SaveEntityAsync(Entity entity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var previous = await LoadEntityAsync(entity.Id, cancellationToken).ConfigureAwait(false);
        if (previous is not null && previous.Name != entity.Name)
        {
            await _storage.DeleteAsync("entity-name/" + NameKey(previous.Name), cancellationToken).ConfigureAwait(false);
        }

        entity.LastUpdateTime = _clock.GetUtcNow();
        await _storage.PutAsync("entity/" + entity.Id, JsonSerializer.SerializeToUtf8Bytes(entity), cancellationToken).ConfigureAwait(false);
        await _storage.PutAsync("entity-name/" + NameKey(entity.Name), Encoding.UTF8.GetBytes(entity.Id), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DeleteEntityAsync(Entity entity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        foreach (var alias in entity.Aliases)
        {
            await _storage.DeleteAsync(AliasKey(alias.MountAccessor, alias.Name), cancellationToken).ConfigureAwait(false);
        }

        await _storage.DeleteAsync("entity-name/" + NameKey(entity.Name), cancellationToken).ConfigureAwait(false);
        await _storage.DeleteAsync("entity/" + entity.Id, cancellationToken).ConfigureAwait(false);
        foreach (var group in await ListGroupsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (group.MemberEntityIds.Remove(entity.Id))
            {
                await SaveGroupAsync(group, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async ValueTask<IdentityGroup?> LoadGroupAsync(string id, CancellationToken cancellationToken)
    {
        if (!StorageKey.IsValid(id))
        {
            return null;
        }

        var bytes = await _storage.GetAsync("group/" + id, cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : JsonSerializer.Deserialize<IdentityGroup>(bytes);
    }

    public async ValueTask<IdentityGroup?> FindGroupByNameAsync(string name, CancellationToken cancellationToken)
    {
        var id = await _storage.GetAsync("group-name/" + NameKey(name), cancellationToken).ConfigureAwait(false);
        return id is null ? null : await LoadGroupAsync(Encoding.UTF8.GetString(id), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<IdentityGroup>> ListGroupsAsync(CancellationToken cancellationToken)
    {
        var result = new List<IdentityGroup>();
        foreach (var id in await _storage.ListAsync("group/", cancellationToken).ConfigureAwait(false))
        {
            if (await LoadGroupAsync(id, cancellationToken).ConfigureAwait(false) is { } g)
            {
                result.Add(g);
            }
        }

        return result;
    }

    public async ValueTask SaveGroupAsync(IdentityGroup group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        var previous = await LoadGroupAsync(group.Id, cancellationToken).ConfigureAwait(false);
        if (previous is not null && previous.Name != group.Name)
        {
            await _storage.DeleteAsync("group-name/" + NameKey(previous.Name), cancellationToken).ConfigureAwait(false);
        }

        group.LastUpdateTime = _clock.GetUtcNow();
        await _storage.PutAsync("group/" + group.Id, JsonSerializer.SerializeToUtf8Bytes(group), cancellationToken).ConfigureAwait(false);
        await _storage.PutAsync("group-name/" + NameKey(group.Name), Encoding.UTF8.GetBytes(group.Id), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DeleteGroupAsync(IdentityGroup group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        await _storage.DeleteAsync("group-name/" + NameKey(group.Name), cancellationToken).ConfigureAwait(false);
        await _storage.DeleteAsync("group/" + group.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Policies an entity contributes to its tokens: its own plus those of its groups.</summary>
    public async ValueTask<IReadOnlyList<string>> IdentityPoliciesAsync(string entityId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(entityId))
        {
            return [];
        }

        var entity = await LoadEntityAsync(entityId, cancellationToken).ConfigureAwait(false);
        if (entity is null || entity.Disabled)
        {
            return [];
        }

        var policies = new SortedSet<string>(entity.Policies, StringComparer.Ordinal);
        foreach (var group in await ListGroupsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (group.MemberEntityIds.Contains(entityId, StringComparer.Ordinal))
            {
                policies.UnionWith(group.Policies);
            }
        }

        return policies.ToList();
    }

    public async ValueTask<bool> IsDisabledAsync(string entityId, CancellationToken cancellationToken) =>
        !string.IsNullOrEmpty(entityId) && (await LoadEntityAsync(entityId, cancellationToken).ConfigureAwait(false))?.Disabled == true;

    private static string AliasKey(string mountAccessor, string aliasName) =>
        "alias/" + mountAccessor + "/" + NameKey(aliasName);

    /// <summary>Names may contain anything; keys must not: index by SHA-256 of the name.</summary>
    private static string NameKey(string name) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)));
}
