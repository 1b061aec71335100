using Strongroom.Sdk;

namespace Strongroom.Auth.AppRole;

/// <summary>
/// tidy/secret-id: removes expired secret IDs and accessor entries whose secret ID is gone.
/// Runs synchronously (Vault runs it in the background and answers 202).
/// </summary>
internal sealed class AppRoleTidyPath(AppRoleStore store, TimeProvider clock)
{
    public async ValueTask<LogicalResponse> TidyAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var removed = 0;
        foreach (var roleName in await store.ListRolesAsync(ct).ConfigureAwait(false))
        {
            var live = new HashSet<string>(StringComparer.Ordinal);
            foreach (var hash in await store.ListSecretIdHashesAsync(roleName, ct).ConfigureAwait(false))
            {
                var entry = await store.GetSecretIdAsync(roleName, hash, ct).ConfigureAwait(false);
                if (entry is null)
                {
                    continue;
                }

                if (entry.IsExpired(now))
                {
                    await store.DeleteSecretIdAsync(roleName, hash, entry, ct).ConfigureAwait(false);
                    removed++;
                }
                else
                {
                    live.Add(entry.Accessor);
                }
            }

            foreach (var accessor in await store.ListAccessorsAsync(roleName, ct).ConfigureAwait(false))
            {
                if (!live.Contains(accessor))
                {
                    await store.DeleteAccessorAsync(roleName, accessor, ct).ConfigureAwait(false);
                }
            }
        }

        return LogicalResponse.NoContent()
            .WithWarning($"Tidy operation completed: removed {removed} expired secret ID(s).");
    }
}
