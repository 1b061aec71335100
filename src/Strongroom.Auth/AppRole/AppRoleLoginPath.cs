using Strongroom.Auth.Common;
using Strongroom.Sdk;

namespace Strongroom.Auth.AppRole;

/// <summary>
/// login: role_id (+ secret_id when bind_secret_id). Every credential failure is the same
/// "invalid role or secret ID" (400) so a caller cannot tell which part was wrong.
/// </summary>
internal sealed class AppRoleLoginPath(AppRoleStore store, TimeProvider clock)
{
    private const string Invalid = "invalid role or secret ID";

    public async ValueTask<LogicalResponse> LoginAsync(LogicalRequest request, CancellationToken ct)
    {
        var data = request.Data;
        var roleId = data.GetString("role_id");
        if (string.IsNullOrEmpty(roleId))
        {
            return LogicalResponse.BadRequest("missing role_id");
        }

        var roleName = await store.FindRoleNameByRoleIdAsync(roleId, ct).ConfigureAwait(false);
        var role = roleName is null ? null : await store.GetRoleAsync(roleName, ct).ConfigureAwait(false);
        if (role is null)
        {
            return LogicalResponse.BadRequest(Invalid);
        }

        if (!Cidr.Allows(role.SecretIdBoundCidrs, request.RemoteAddress))
        {
            return LogicalResponse.BadRequest("source address unauthorized through CIDR restrictions on the role");
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var internalData = new Dictionary<string, string>(StringComparer.Ordinal) { ["role_name"] = role.Name };
        List<string>? tokenCidrs = null;
        if (role.BindSecretId)
        {
            var secretId = data.GetString("secret_id");
            if (string.IsNullOrEmpty(secretId))
            {
                return LogicalResponse.BadRequest("missing secret_id");
            }

            var hash = await store.HashSecretIdAsync(secretId, ct).ConfigureAwait(false);
            var entry = await store.GetSecretIdAsync(role.Name, hash, ct).ConfigureAwait(false);
            if (entry is null)
            {
                return LogicalResponse.BadRequest(Invalid);
            }

            var now = clock.GetUtcNow();
            if (entry.IsExpired(now))
            {
                await store.DeleteSecretIdAsync(role.Name, hash, entry, ct).ConfigureAwait(false);
                return LogicalResponse.BadRequest(Invalid);
            }

            if (!Cidr.Allows(entry.CidrList, request.RemoteAddress))
            {
                return LogicalResponse.BadRequest("source address unauthorized through CIDR restrictions on the secret ID");
            }

            if (entry.NumUses == 1)
            {
                await store.DeleteSecretIdAsync(role.Name, hash, entry, ct).ConfigureAwait(false);
            }
            else if (entry.NumUses > 1)
            {
                entry.NumUses--;
                entry.LastUpdatedTime = now;
                await store.PutSecretIdAsync(role.Name, hash, entry, ct).ConfigureAwait(false);
            }

            foreach (var (key, value) in entry.Metadata)
            {
                metadata[key] = value;
            }

            internalData["secret_id_accessor"] = entry.Accessor;
            tokenCidrs = entry.TokenBoundCidrs;
        }

        metadata["role_name"] = role.Name;
        var auth = role.Token.ToAuthResult(displayName: "", aliasName: role.RoleId, metadata, internalData, tokenCidrs);
        return new LogicalResponse { Auth = auth };
    }
}
