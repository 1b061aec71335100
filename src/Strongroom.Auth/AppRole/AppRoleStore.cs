using Strongroom.Auth.Common;
using Strongroom.Sdk;

namespace Strongroom.Auth.AppRole;

/// <summary>
/// Storage layout of an AppRole mount:
/// role/&lt;name&gt; (role), role-id/&lt;hmac(role_id)&gt; (name index),
/// secret-id/&lt;name&gt;/&lt;hmac(secret_id)&gt; (entry), accessor/&lt;name&gt;/&lt;accessor&gt; (hmac of its secret ID).
/// </summary>
internal sealed class AppRoleStore(IStorageView storage)
{
    private readonly MountHmac _hmac = new(storage);

    public ValueTask<AppRoleRole?> GetRoleAsync(string name, CancellationToken ct) =>
        StoredJson.ReadAsync<AppRoleRole>(storage, "role/" + name, ct);

    public ValueTask PutRoleAsync(AppRoleRole role, CancellationToken ct) =>
        StoredJson.WriteAsync(storage, "role/" + role.Name, role, ct);

    public async ValueTask<IReadOnlyList<string>> ListRolesAsync(CancellationToken ct) =>
        (await storage.ListAsync("role/", ct).ConfigureAwait(false)).Where(k => !k.EndsWith('/')).ToList();

    public async ValueTask DeleteRoleAsync(AppRoleRole role, CancellationToken ct)
    {
        foreach (var hash in await storage.ListAsync($"secret-id/{role.Name}/", ct).ConfigureAwait(false))
        {
            await storage.DeleteAsync($"secret-id/{role.Name}/{hash}", ct).ConfigureAwait(false);
        }

        foreach (var accessor in await storage.ListAsync($"accessor/{role.Name}/", ct).ConfigureAwait(false))
        {
            await storage.DeleteAsync($"accessor/{role.Name}/{accessor}", ct).ConfigureAwait(false);
        }

        await DeleteRoleIdIndexAsync(role.RoleId, ct).ConfigureAwait(false);
        await storage.DeleteAsync("role/" + role.Name, ct).ConfigureAwait(false);
    }

    public async ValueTask<string?> FindRoleNameByRoleIdAsync(string roleId, CancellationToken ct)
    {
        var index = await StoredJson.ReadAsync<RoleIdIndex>(storage, await RoleIdKeyAsync(roleId, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
        return index?.Name;
    }

    public async ValueTask PutRoleIdIndexAsync(string roleId, string name, CancellationToken ct) =>
        await StoredJson.WriteAsync(storage, await RoleIdKeyAsync(roleId, ct).ConfigureAwait(false), new RoleIdIndex { Name = name }, ct).ConfigureAwait(false);

    public async ValueTask DeleteRoleIdIndexAsync(string roleId, CancellationToken ct) =>
        await storage.DeleteAsync(await RoleIdKeyAsync(roleId, ct).ConfigureAwait(false), ct).ConfigureAwait(false);

    public ValueTask<string> HashSecretIdAsync(string secretId, CancellationToken ct) => _hmac.HashAsync("secret_id:" + secretId, ct);

    public ValueTask<SecretIdEntry?> GetSecretIdAsync(string roleName, string secretIdHash, CancellationToken ct) =>
        StoredJson.ReadAsync<SecretIdEntry>(storage, $"secret-id/{roleName}/{secretIdHash}", ct);

    public async ValueTask PutSecretIdAsync(string roleName, string secretIdHash, SecretIdEntry entry, CancellationToken ct)
    {
        await StoredJson.WriteAsync(storage, $"secret-id/{roleName}/{secretIdHash}", entry, ct).ConfigureAwait(false);
        await StoredJson.WriteAsync(storage, $"accessor/{roleName}/{entry.Accessor}", new AccessorIndex { SecretIdHash = secretIdHash }, ct).ConfigureAwait(false);
    }

    public async ValueTask DeleteSecretIdAsync(string roleName, string secretIdHash, SecretIdEntry entry, CancellationToken ct)
    {
        await storage.DeleteAsync($"secret-id/{roleName}/{secretIdHash}", ct).ConfigureAwait(false);
        await storage.DeleteAsync($"accessor/{roleName}/{entry.Accessor}", ct).ConfigureAwait(false);
    }

    /// <summary>The HMAC of the secret ID an accessor belongs to, within one role.</summary>
    public async ValueTask<string?> FindSecretIdHashByAccessorAsync(string roleName, string accessor, CancellationToken ct)
    {
        if (!StorageKey.IsValid(accessor) || accessor.Contains('/', StringComparison.Ordinal))
        {
            return null;
        }

        var index = await StoredJson.ReadAsync<AccessorIndex>(storage, $"accessor/{roleName}/{accessor}", ct).ConfigureAwait(false);
        return index?.SecretIdHash;
    }

    public ValueTask<IReadOnlyList<string>> ListAccessorsAsync(string roleName, CancellationToken ct) =>
        storage.ListAsync($"accessor/{roleName}/", ct);

    public ValueTask<IReadOnlyList<string>> ListSecretIdHashesAsync(string roleName, CancellationToken ct) =>
        storage.ListAsync($"secret-id/{roleName}/", ct);

    public ValueTask DeleteAccessorAsync(string roleName, string accessor, CancellationToken ct) =>
        storage.DeleteAsync($"accessor/{roleName}/{accessor}", ct);

    private async ValueTask<string> RoleIdKeyAsync(string roleId, CancellationToken ct) =>
        "role-id/" + await _hmac.HashAsync("role_id:" + roleId, ct).ConfigureAwait(false);

    private sealed class RoleIdIndex
    {
        public string Name { get; set; } = "";
    }

    private sealed class AccessorIndex
    {
        public string SecretIdHash { get; set; } = "";
    }
}
