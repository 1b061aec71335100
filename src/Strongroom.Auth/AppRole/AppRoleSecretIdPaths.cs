using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Strongroom.Auth.Common;
using Strongroom.Sdk;

namespace Strongroom.Auth.AppRole;

/// <summary>
/// role/:role_name/secret-id (generate, list accessors), custom-secret-id, secret-id/lookup,
/// secret-id/destroy, secret-id-accessor/lookup and secret-id-accessor/destroy.
/// </summary>
internal sealed class AppRoleSecretIdPaths(AppRoleStore store, TimeProvider clock)
{
    public async ValueTask<LogicalResponse> ListAccessorsAsync(string roleName, CancellationToken ct)
    {
        if (await store.GetRoleAsync(roleName, ct).ConfigureAwait(false) is null)
        {
            return LogicalResponse.BadRequest($"role \"{roleName}\" does not exist");
        }

        var accessors = await store.ListAccessorsAsync(roleName, ct).ConfigureAwait(false);
        return accessors.Count == 0
            ? LogicalResponse.NotFound()
            : LogicalResponse.Ok(new JsonObject { ["keys"] = TokenSettings.ToArray(accessors) });
    }

    public async ValueTask<LogicalResponse> GenerateAsync(string roleName, JsonObject data, bool custom, CancellationToken ct)
    {
        var role = await store.GetRoleAsync(roleName, ct).ConfigureAwait(false);
        if (role is null)
        {
            return LogicalResponse.BadRequest($"role \"{roleName}\" does not exist");
        }

        if (!role.BindSecretId)
        {
            return LogicalResponse.BadRequest("bind_secret_id is not set on the role");
        }

        string secretId;
        if (custom)
        {
            secretId = data.GetString("secret_id") ?? "";
            if (secretId.Length == 0)
            {
                return LogicalResponse.BadRequest("missing secret_id");
            }
        }
        else
        {
            secretId = RandomIds.NewUuid();
        }

        var metadata = ParseMetadata(data, out var metadataError);
        if (metadataError is not null)
        {
            return LogicalResponse.BadRequest(metadataError);
        }

        var cidrs = data.GetStringList("cidr_list") ?? [];
        if (Cidr.FirstInvalid(cidrs) is { } badCidr)
        {
            return LogicalResponse.BadRequest($"invalid CIDR block in cidr_list: \"{badCidr}\"");
        }

        if (!Cidr.IsSubset(cidrs, role.SecretIdBoundCidrs))
        {
            return LogicalResponse.BadRequest("cidr_list must be a subset of the role's secret_id_bound_cidrs");
        }

        var tokenCidrs = data.GetStringList("token_bound_cidrs") ?? [];
        if (Cidr.FirstInvalid(tokenCidrs) is { } badToken)
        {
            return LogicalResponse.BadRequest($"invalid CIDR block in token_bound_cidrs: \"{badToken}\"");
        }

        if (!Cidr.IsSubset(tokenCidrs, role.Token.TokenBoundCidrs))
        {
            return LogicalResponse.BadRequest("token_bound_cidrs must be a subset of the role's token_bound_cidrs");
        }

        var numUses = data.GetInt("num_uses") ?? role.SecretIdNumUses;
        if (numUses is < 0 or > int.MaxValue)
        {
            return LogicalResponse.BadRequest("num_uses cannot be negative");
        }

        if (role.SecretIdNumUses > 0 && (numUses == 0 || numUses > role.SecretIdNumUses))
        {
            return LogicalResponse.BadRequest("num_uses cannot be higher than the role's secret_id_num_uses");
        }

        var ttl = data.GetDuration("ttl") ?? role.SecretIdTtl;
        if (role.SecretIdTtl > TimeSpan.Zero && (ttl == TimeSpan.Zero || ttl > role.SecretIdTtl))
        {
            return LogicalResponse.BadRequest("ttl cannot be longer than the role's secret_id_ttl");
        }

        var hash = await store.HashSecretIdAsync(secretId, ct).ConfigureAwait(false);
        if (await store.GetSecretIdAsync(roleName, hash, ct).ConfigureAwait(false) is not null)
        {
            return LogicalResponse.BadRequest("secret_id is already registered");
        }

        var now = clock.GetUtcNow();
        var entry = new SecretIdEntry
        {
            Accessor = RandomIds.NewUuid(),
            Metadata = metadata,
            CidrList = cidrs,
            TokenBoundCidrs = tokenCidrs,
            NumUses = (int)numUses,
            Ttl = ttl,
            CreationTime = now,
            LastUpdatedTime = now,
            ExpirationTime = ttl > TimeSpan.Zero ? now + ttl : DateTimeOffset.MinValue,
        };
        await store.PutSecretIdAsync(roleName, hash, entry, ct).ConfigureAwait(false);
        return LogicalResponse.Ok(new JsonObject
        {
            ["secret_id"] = secretId,
            ["secret_id_accessor"] = entry.Accessor,
            ["secret_id_ttl"] = (long)ttl.TotalSeconds,
            ["secret_id_num_uses"] = entry.NumUses,
        });
    }

    public async ValueTask<LogicalResponse> LookupAsync(string roleName, JsonObject data, bool byAccessor, CancellationToken ct)
    {
        var (hash, entry, error) = await FindAsync(roleName, data, byAccessor, ct).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        if (entry is null || hash is null)
        {
            return byAccessor
                ? LogicalResponse.Error(ErrorCode.NotFound, "failed to find accessor entry for secret_id_accessor")
                : LogicalResponse.NotFound();
        }

        if (entry.IsExpired(clock.GetUtcNow()))
        {
            await store.DeleteSecretIdAsync(roleName, hash, entry, ct).ConfigureAwait(false);
            return LogicalResponse.NotFound();
        }

        return LogicalResponse.Ok(Describe(entry));
    }

    public async ValueTask<LogicalResponse> DestroyAsync(string roleName, JsonObject data, bool byAccessor, CancellationToken ct)
    {
        var (hash, entry, error) = await FindAsync(roleName, data, byAccessor, ct).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        if (entry is not null && hash is not null)
        {
            await store.DeleteSecretIdAsync(roleName, hash, entry, ct).ConfigureAwait(false);
        }
        else if (byAccessor)
        {
            return LogicalResponse.Error(ErrorCode.NotFound, "failed to find accessor entry for secret_id_accessor");
        }

        return LogicalResponse.NoContent();
    }

    internal static JsonObject Describe(SecretIdEntry entry) => new()
    {
        ["secret_id_accessor"] = entry.Accessor,
        ["cidr_list"] = TokenSettings.ToArray(entry.CidrList),
        ["token_bound_cidrs"] = TokenSettings.ToArray(entry.TokenBoundCidrs),
        ["creation_time"] = Rfc3339(entry.CreationTime),
        ["expiration_time"] = Rfc3339(entry.ExpirationTime),
        ["last_updated_time"] = Rfc3339(entry.LastUpdatedTime),
        ["metadata"] = new JsonObject([.. entry.Metadata.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))]),
        ["secret_id_num_uses"] = entry.NumUses,
        ["secret_id_ttl"] = (long)entry.Ttl.TotalSeconds,
    };

    private async ValueTask<(string? Hash, SecretIdEntry? Entry, LogicalResponse? Error)> FindAsync(
        string roleName, JsonObject data, bool byAccessor, CancellationToken ct)
    {
        if (await store.GetRoleAsync(roleName, ct).ConfigureAwait(false) is null)
        {
            return (null, null, LogicalResponse.BadRequest($"role \"{roleName}\" does not exist"));
        }

        string? hash;
        if (byAccessor)
        {
            var accessor = data.GetString("secret_id_accessor");
            if (string.IsNullOrEmpty(accessor))
            {
                return (null, null, LogicalResponse.BadRequest("missing secret_id_accessor"));
            }

            hash = await store.FindSecretIdHashByAccessorAsync(roleName, accessor, ct).ConfigureAwait(false);
        }
        else
        {
            var secretId = data.GetString("secret_id");
            if (string.IsNullOrEmpty(secretId))
            {
                return (null, null, LogicalResponse.BadRequest("missing secret_id"));
            }

            hash = await store.HashSecretIdAsync(secretId, ct).ConfigureAwait(false);
        }

        var entry = hash is null ? null : await store.GetSecretIdAsync(roleName, hash, ct).ConfigureAwait(false);
        return (hash, entry, null);
    }

    private static Dictionary<string, string> ParseMetadata(JsonObject data, out string? error)
    {
        error = null;
        var node = data["metadata"];
        if (node is null)
        {
            return [];
        }

        if (node is JsonObject)
        {
            return data.GetStringMap("metadata") ?? [];
        }

        var text = data.GetString("metadata");
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        try
        {
            var parsed = JsonNode.Parse(text) as JsonObject;
            if (parsed is not null)
            {
                return new JsonObject { ["m"] = parsed.DeepClone() }.GetStringMap("m") ?? [];
            }
        }
        catch (JsonException)
        {
        }
        catch (FieldException)
        {
        }

        error = "failed to parse metadata: must be a JSON object of string values";
        return [];
    }

    private static string Rfc3339(DateTimeOffset time) =>
        time == DateTimeOffset.MinValue
            ? "0001-01-01T00:00:00Z"
            : time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
