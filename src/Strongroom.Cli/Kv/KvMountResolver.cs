using System.Globalization;
using System.Text.Json.Nodes;
using Strongroom.Client;

namespace Strongroom.Cli.Kv;

/// <summary>
/// Finds the kv mount of a path and its version the way the vault CLI does: <c>GET sys/internal/ui/mounts/PATH</c>,
/// falling back to the longest matching mount in <c>GET sys/mounts</c>; when neither answers, kv v1 at the path.
/// </summary>
internal static class KvMountResolver
{
    public static async Task<KvMount> ResolveAsync(VaultClient client, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(path);
        path = path.Trim('/');
        // The mount lookup is never wrapped, even under -wrap-ttl (as the vault CLI does).
        var wrapTtl = client.WrapTtl;
        client.WrapTtl = null;
        try
        {
            return await LookupAsync(client, path, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            client.WrapTtl = wrapTtl;
        }
    }

    private static async Task<KvMount> LookupAsync(VaultClient client, string path, CancellationToken cancellationToken)
    {
        try
        {
            var ui = await client.ReadAsync("sys/internal/ui/mounts/" + path, cancellationToken).ConfigureAwait(false);
            if (ui?.Data is { } data && data["path"] is JsonValue mountPath)
            {
                return new KvMount(NormaliseMount(mountPath.ToString()), VersionOf(data));
            }
        }
        catch (VaultApiException)
        {
            // Older servers or restricted tokens: fall back to the mount table below.
        }

        try
        {
            var mounts = await client.ReadAsync("sys/mounts", cancellationToken).ConfigureAwait(false);
            if (mounts?.Data is { } table && FindMount(table, path) is { } found)
            {
                return found;
            }
        }
        catch (VaultApiException)
        {
            // No permission to read the mount table: assume kv v1 like the vault CLI does.
        }

        return new KvMount(string.Empty, 1);
    }

    /// <summary>The longest mount in a sys/mounts table that contains <paramref name="path"/>.</summary>
    internal static KvMount? FindMount(JsonObject table, string path)
    {
        var candidate = path.Trim('/') + "/";
        var best = table
            .Where(p => p.Value is JsonObject && candidate.StartsWith(NormaliseMount(p.Key), StringComparison.Ordinal))
            .OrderByDescending(p => p.Key.Length)
            .FirstOrDefault();
        return best.Value is JsonObject mount ? new KvMount(NormaliseMount(best.Key), VersionOf(mount)) : null;
    }

    private static int VersionOf(JsonObject mount)
    {
        var version = mount["options"]?["version"];
        var text = version is JsonValue v ? v.ToString() : null;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n == 2 ? 2 : 1;
    }

    private static string NormaliseMount(string mount) => mount.Trim('/') + "/";
}
