using System.Text.Json.Nodes;
using Strongroom.Auth.Common;
using Strongroom.Sdk;

namespace Strongroom.Auth.AppRole;

/// <summary>role, role/:role_name and role/:role_name/role-id.</summary>
internal sealed class AppRoleRolePaths(AppRoleStore store)
{
    public async ValueTask<LogicalResponse> ListAsync(CancellationToken ct)
    {
        var names = await store.ListRolesAsync(ct).ConfigureAwait(false);
        return names.Count == 0
            ? LogicalResponse.NotFound()
            : LogicalResponse.Ok(new JsonObject { ["keys"] = TokenSettings.ToArray(names) });
    }

    public async ValueTask<LogicalResponse> ReadAsync(string name, CancellationToken ct)
    {
        var role = await store.GetRoleAsync(name, ct).ConfigureAwait(false);
        if (role is null)
        {
            return LogicalResponse.NotFound();
        }

        var data = new JsonObject
        {
            ["bind_secret_id"] = role.BindSecretId,
            ["local_secret_ids"] = role.LocalSecretIds,
            ["secret_id_bound_cidrs"] = TokenSettings.ToArray(role.SecretIdBoundCidrs),
            ["secret_id_num_uses"] = role.SecretIdNumUses,
            ["secret_id_ttl"] = (long)role.SecretIdTtl.TotalSeconds,
        };
        role.Token.WriteTo(data);
        return LogicalResponse.Ok(data);
    }

    public async ValueTask<LogicalResponse> WriteAsync(string name, JsonObject data, CancellationToken ct)
    {
        var existing = await store.GetRoleAsync(name, ct).ConfigureAwait(false);
        var role = existing ?? new AppRoleRole { Name = name, RoleId = RandomIds.NewUuid() };
        role.BindSecretId = data.GetBool("bind_secret_id") ?? role.BindSecretId;
        var cidrs = data.GetStringList("secret_id_bound_cidrs") ?? data.GetStringList("bound_cidr_list");
        if (cidrs is not null)
        {
            if (Cidr.FirstInvalid(cidrs) is { } bad)
            {
                return LogicalResponse.BadRequest($"invalid CIDR block in secret_id_bound_cidrs: \"{bad}\"");
            }

            role.SecretIdBoundCidrs = cidrs;
        }

        if (data.GetInt("secret_id_num_uses") is { } uses)
        {
            if (uses is < 0 or > int.MaxValue)
            {
                return LogicalResponse.BadRequest("secret_id_num_uses cannot be negative");
            }

            role.SecretIdNumUses = (int)uses;
        }

        role.SecretIdTtl = data.GetDuration("secret_id_ttl") ?? role.SecretIdTtl;
        if (data.GetBool("local_secret_ids") is { } local)
        {
            if (existing is not null && local != existing.LocalSecretIds)
            {
                return LogicalResponse.BadRequest("local_secret_ids can only be modified during role creation");
            }

            role.LocalSecretIds = local;
        }

        if (role.Token.Apply(data, legacyAliases: false) is { } error)
        {
            return LogicalResponse.BadRequest(error);
        }

        if (!role.BindSecretId && role.SecretIdBoundCidrs.Count == 0 && role.Token.TokenBoundCidrs.Count == 0)
        {
            return LogicalResponse.BadRequest("at least one constraint should be enabled on the role");
        }

        var requestedRoleId = data.GetString("role_id");
        if (existing is null && !string.IsNullOrEmpty(requestedRoleId))
        {
            role.RoleId = requestedRoleId;
        }

        if (existing is null || (requestedRoleId is { Length: > 0 } && requestedRoleId != existing.RoleId))
        {
            var change = await ChangeRoleIdAsync(role, existing?.RoleId, requestedRoleId ?? role.RoleId, ct).ConfigureAwait(false);
            if (change is not null)
            {
                return change;
            }
        }

        await store.PutRoleAsync(role, ct).ConfigureAwait(false);
        return LogicalResponse.NoContent();
    }

    public async ValueTask<LogicalResponse> DeleteAsync(string name, CancellationToken ct)
    {
        var role = await store.GetRoleAsync(name, ct).ConfigureAwait(false);
        if (role is not null)
        {
            await store.DeleteRoleAsync(role, ct).ConfigureAwait(false);
        }

        return LogicalResponse.NoContent();
    }

    public async ValueTask<LogicalResponse> ReadRoleIdAsync(string name, CancellationToken ct)
    {
        var role = await store.GetRoleAsync(name, ct).ConfigureAwait(false);
        return role is null ? LogicalResponse.NotFound() : LogicalResponse.Ok(new JsonObject { ["role_id"] = role.RoleId });
    }

    public async ValueTask<LogicalResponse> WriteRoleIdAsync(string name, JsonObject data, CancellationToken ct)
    {
        var role = await store.GetRoleAsync(name, ct).ConfigureAwait(false);
        if (role is null)
        {
            return LogicalResponse.BadRequest($"role \"{name}\" does not exist");
        }

        var roleId = data.GetString("role_id");
        if (string.IsNullOrEmpty(roleId))
        {
            return LogicalResponse.BadRequest("missing role_id");
        }

        if (roleId == role.RoleId)
        {
            return LogicalResponse.NoContent();
        }

        var error = await ChangeRoleIdAsync(role, role.RoleId, roleId, ct).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        await store.PutRoleAsync(role, ct).ConfigureAwait(false);
        return LogicalResponse.NoContent();
    }

    private async ValueTask<LogicalResponse?> ChangeRoleIdAsync(AppRoleRole role, string? oldRoleId, string newRoleId, CancellationToken ct)
    {
        if (newRoleId.Length > 4096)
        {
            return LogicalResponse.BadRequest("role_id is too long");
        }

        var owner = await store.FindRoleNameByRoleIdAsync(newRoleId, ct).ConfigureAwait(false);
        if (owner is not null && owner != role.Name)
        {
            return LogicalResponse.BadRequest("role_id already in use");
        }

        if (oldRoleId is not null && oldRoleId != newRoleId)
        {
            await store.DeleteRoleIdIndexAsync(oldRoleId, ct).ConfigureAwait(false);
        }

        role.RoleId = newRoleId;
        await store.PutRoleIdIndexAsync(newRoleId, role.Name, ct).ConfigureAwait(false);
        return null;
    }
}
