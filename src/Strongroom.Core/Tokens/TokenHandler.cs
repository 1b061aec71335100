using System.Text.Json.Nodes;
using Strongroom.Core.Identity;
using Strongroom.Core.Pipeline;
using Strongroom.Core.Routing;
using Strongroom.Sdk;

namespace Strongroom.Core.Tokens;

/// <summary>
/// The built-in token auth method at auth/token/ (per the Vault token API): create, lookup,
/// renew, revoke in all their self/accessor/orphan forms, and the accessor list.
/// </summary>
public sealed class TokenHandler : ICoreHandler
{
    private readonly StrongroomCore _core;

    public TokenHandler(StrongroomCore core)
    {
        _core = core;
    }

    private TokenStore Tokens => _core.Tokens;

    public async ValueTask<CoreResponse> HandleAsync(RequestContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sub = context.Path.Length > "auth/token/".Length ? context.Path["auth/token/".Length..].TrimEnd('/') : "";
        var op = context.Operation;
        var write = op is Operation.Create or Operation.Update;
        LogicalResponse? plain = (sub, op) switch
        {
            ("accessors", Operation.List) => await ListAccessorsAsync(cancellationToken).ConfigureAwait(false),
            _ => null,
        };
        if (plain is not null)
        {
            return Wrap(context, plain);
        }

        return sub switch
        {
            "create" or "create-orphan" when write => await CreateAsync(context, sub == "create-orphan", cancellationToken).ConfigureAwait(false),
            "lookup-self" when op is Operation.Read || write => Wrap(context, Lookup(context.Token!, context.Request.ClientToken)),
            "lookup" when write || op == Operation.Read => await LookupOtherAsync(context, cancellationToken).ConfigureAwait(false),
            "lookup-accessor" when write => await LookupAccessorAsync(context, cancellationToken).ConfigureAwait(false),
            "renew-self" when write => await RenewAsync(context, context.Token!, context.Request.ClientToken, cancellationToken).ConfigureAwait(false),
            "renew" when write => await RenewOtherAsync(context, byAccessor: false, cancellationToken).ConfigureAwait(false),
            "renew-accessor" when write => await RenewOtherAsync(context, byAccessor: true, cancellationToken).ConfigureAwait(false),
            "revoke-self" when write => await RevokeAsync(context, context.Token!, orphan: false, cancellationToken).ConfigureAwait(false),
            "revoke" when write => await RevokeOtherAsync(context, byAccessor: false, orphan: false, cancellationToken).ConfigureAwait(false),
            "revoke-accessor" when write => await RevokeOtherAsync(context, byAccessor: true, orphan: false, cancellationToken).ConfigureAwait(false),
            "revoke-orphan" when write => await RevokeOtherAsync(context, byAccessor: false, orphan: true, cancellationToken).ConfigureAwait(false),
            "create" or "create-orphan" or "lookup-self" or "lookup" or "lookup-accessor" or "renew-self" or "renew" or "renew-accessor"
                or "revoke-self" or "revoke" or "revoke-accessor" or "revoke-orphan" or "accessors"
                => Wrap(context, LogicalResponse.Unsupported()),
            _ => Wrap(context, LogicalResponse.Error(ErrorCode.NotFound, $"no handler for route \"{context.Path}\". route entry not found.")),
        };
    }

    /// <summary>Creates the token for a successful login on an auth mount and returns the "auth" block.</summary>
    public async ValueTask<JsonObject> IssueLoginTokenAsync(RequestContext context, MountedBackend mount, AuthResult auth, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(mount);
        ArgumentNullException.ThrowIfNull(auth);
        var ttls = _core.Mounts.EffectiveTtls(mount.Entry);
        var max = auth.MaxTtl > TimeSpan.Zero && auth.MaxTtl < ttls.Max ? auth.MaxTtl : ttls.Max;
        var ttl = auth.Period > TimeSpan.Zero ? auth.Period : auth.Ttl > TimeSpan.Zero ? auth.Ttl : ttls.Default;
        if (auth.Period == TimeSpan.Zero && ttl > max)
        {
            ttl = max;
        }

        var policies = auth.Policies.Append("default").ToList();
        var entityId = "";
        if (!string.IsNullOrEmpty(auth.AliasName))
        {
            var entity = await _core.Identity.ResolveAsync(mount.Entry.Accessor, mount.Entry.Type, mount.FullPath, auth.AliasName, auth.Metadata, cancellationToken).ConfigureAwait(false);
            if (entity.Disabled)
            {
                throw new EntityDisabledException();
            }

            entityId = entity.Id;
        }

        var (token, entry) = await Tokens.CreateAsync(
            new TokenCreateRequest
            {
                Policies = policies,
                Meta = auth.Metadata,
                DisplayName = mount.Entry.Path.TrimEnd('/') + (string.IsNullOrEmpty(auth.DisplayName) ? "" : "-" + auth.DisplayName),
                NumUses = auth.NumUses,
                Ttl = ttl,
                ExplicitMaxTtl = auth.Period > TimeSpan.Zero ? TimeSpan.Zero : max,
                Period = auth.Period,
                Renewable = auth.Renewable,
                Orphan = true,
                Path = mount.FullPath + context.Path[mount.FullPath.Length..],
                BoundCidrs = auth.BoundCidrs,
                InternalData = auth.InternalData,
                EntityId = entityId,
            },
            cancellationToken).ConfigureAwait(false);
        return AuthBlock(token, entry);
    }

    private async ValueTask<CoreResponse> CreateAsync(RequestContext context, bool orphanEndpoint, CancellationToken cancellationToken)
    {
        var data = context.Request.Data;
        var parent = context.Token!;
        var parentIsRoot = parent.IsRoot;
        var sudo = context.Acl!.Check(Operation.Update, context.Path, null).RootPrivs;

        var id = data.GetString("id");
        if (!string.IsNullOrEmpty(id) && !parentIsRoot)
        {
            return Error(context, ErrorCode.BadRequest, "root or sudo privileges required to specify token id");
        }

        if (!string.IsNullOrEmpty(id) && (id.Length > 128 || id.Contains('.') && !id.StartsWith("hvs.", StringComparison.Ordinal) || id.Any(char.IsControl)))
        {
            return Error(context, ErrorCode.BadRequest, "invalid token id");
        }

        var type = data.GetString("type");
        if (type is not null and not "service" and not "default")
        {
            return Error(context, ErrorCode.BadRequest, "only service tokens are supported (\"type\" must be \"service\")");
        }

        var noParent = data.GetBool("no_parent") ?? false;
        if (noParent && !parentIsRoot && !sudo)
        {
            return Error(context, ErrorCode.BadRequest, "root or sudo privileges required to create orphan token");
        }

        var requested = data.GetStringList("policies");
        var noDefault = data.GetBool("no_default_policy") ?? false;
        List<string> policies;
        if (requested is null || requested.Count == 0)
        {
            policies = parent.Policies.ToList();
            if (noDefault)
            {
                policies.Remove("default");
            }
        }
        else
        {
            policies = requested.Select(p => p.Trim().ToLowerInvariant()).ToList();
            if (!parentIsRoot)
            {
                var notSubset = policies.Where(p => p != "default" && !parent.Policies.Contains(p, StringComparer.Ordinal)).ToList();
                if (notSubset.Count > 0)
                {
                    return Error(context, ErrorCode.BadRequest, "child policies must be subset of parent");
                }
            }

            if (!noDefault && !policies.Contains("root", StringComparer.Ordinal))
            {
                policies.Add("default");
            }
        }

        if (policies.Contains("root", StringComparer.Ordinal) && !parentIsRoot)
        {
            return Error(context, ErrorCode.BadRequest, "root tokens may not be created without parent token being root");
        }

        var system = _core.Mounts.EffectiveTtls(new MountEntry());
        var ttl = data.GetDuration("ttl") ?? data.GetDuration("lease") ?? TimeSpan.Zero;
        var explicitMax = data.GetDuration("explicit_max_ttl") ?? TimeSpan.Zero;
        var period = data.GetDuration("period") ?? TimeSpan.Zero;
        var numUses = data.GetInt("num_uses") ?? 0;
        if (numUses < 0)
        {
            return Error(context, ErrorCode.BadRequest, "number of uses cannot be negative");
        }

        if (period > TimeSpan.Zero && !parentIsRoot && !sudo)
        {
            return Error(context, ErrorCode.BadRequest, "root or sudo privileges required to create periodic token");
        }

        var isRootToken = policies.Contains("root", StringComparer.Ordinal);
        var noExpiry = isRootToken && ttl == TimeSpan.Zero && period == TimeSpan.Zero && explicitMax == TimeSpan.Zero;
        if (!noExpiry)
        {
            if (period > TimeSpan.Zero)
            {
                ttl = period;
            }
            else if (ttl == TimeSpan.Zero)
            {
                ttl = system.Default;
            }

            if (period == TimeSpan.Zero && ttl > system.Max)
            {
                ttl = system.Max;
            }

            if (explicitMax > TimeSpan.Zero && ttl > explicitMax)
            {
                ttl = explicitMax;
            }
        }

        var displayName = data.GetString("display_name");
        var (token, entry) = await Tokens.CreateAsync(
            new TokenCreateRequest
            {
                Id = string.IsNullOrEmpty(id) ? null : id,
                Policies = policies,
                Meta = data.GetStringMap("meta") ?? [],
                DisplayName = string.IsNullOrWhiteSpace(displayName) ? "token" : "token-" + displayName.Trim(),
                NumUses = (int)Math.Min(numUses, int.MaxValue),
                Ttl = ttl,
                ExplicitMaxTtl = explicitMax,
                Period = period,
                Renewable = data.GetBool("renewable") ?? true,
                Orphan = orphanEndpoint || noParent,
                ParentHash = orphanEndpoint || noParent ? null : parent.IdHash,
                Path = context.Path,
                EntityId = parent.EntityId,
                NoExpiry = noExpiry,
            },
            cancellationToken).ConfigureAwait(false);
        var response = LogicalResponse.NoContent();
        if (ttl > system.Max && period == TimeSpan.Zero)
        {
            response.Warnings.Add("TTL of token capped to the system maximum");
        }

        return new CoreResponse { Response = response, RequestId = context.Request.RequestId, Auth = AuthBlock(token, entry), MountType = "token" };
    }

    private async ValueTask<CoreResponse> LookupOtherAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var token = context.Request.Data.GetString("token");
        if (string.IsNullOrEmpty(token))
        {
            return Error(context, ErrorCode.BadRequest, "missing token to look up");
        }

        var entry = await Tokens.LookupAsync(token, cancellationToken).ConfigureAwait(false);
        return entry is null
            ? Error(context, ErrorCode.BadRequest, "bad token")
            : Wrap(context, Lookup(entry, token));
    }

    private async ValueTask<CoreResponse> LookupAccessorAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var accessor = context.Request.Data.GetString("accessor");
        if (string.IsNullOrEmpty(accessor))
        {
            return Error(context, ErrorCode.BadRequest, "missing accessor");
        }

        var entry = await Tokens.LookupByAccessorAsync(accessor, cancellationToken).ConfigureAwait(false);
        return entry is null
            ? Error(context, ErrorCode.BadRequest, "invalid accessor")
            : Wrap(context, Lookup(entry, rawToken: null));
    }

    private async ValueTask<CoreResponse> RenewOtherAsync(RequestContext context, bool byAccessor, CancellationToken cancellationToken)
    {
        var field = byAccessor ? "accessor" : "token";
        var value = context.Request.Data.GetString(field);
        if (string.IsNullOrEmpty(value))
        {
            return Error(context, ErrorCode.BadRequest, $"missing {field}");
        }

        var entry = byAccessor
            ? await Tokens.LookupByAccessorAsync(value, cancellationToken).ConfigureAwait(false)
            : await Tokens.LookupAsync(value, cancellationToken).ConfigureAwait(false);
        return entry is null
            ? Error(context, ErrorCode.BadRequest, byAccessor ? "invalid accessor" : "bad token")
            : await RenewAsync(context, entry, byAccessor ? null : value, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<CoreResponse> RenewAsync(RequestContext context, TokenEntry entry, string? rawToken, CancellationToken cancellationToken)
    {
        var increment = context.Request.Data.GetDuration("increment") ?? TimeSpan.Zero;
        var system = _core.Mounts.EffectiveTtls(new MountEntry());
        var error = await Tokens.RenewAsync(entry, increment, system.Max, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return Error(context, ErrorCode.BadRequest, error);
        }

        var auth = AuthBlock(rawToken ?? "", entry);
        return new CoreResponse { Response = LogicalResponse.NoContent(), RequestId = context.Request.RequestId, Auth = auth, MountType = "token" };
    }

    private async ValueTask<CoreResponse> RevokeOtherAsync(RequestContext context, bool byAccessor, bool orphan, CancellationToken cancellationToken)
    {
        var field = byAccessor ? "accessor" : "token";
        var value = context.Request.Data.GetString(field);
        if (string.IsNullOrEmpty(value))
        {
            return Error(context, ErrorCode.BadRequest, $"missing {field}");
        }

        var entry = byAccessor
            ? await Tokens.LookupByAccessorAsync(value, cancellationToken).ConfigureAwait(false)
            : await Tokens.LookupAsync(value, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            // Vault: revoking an unknown token is a no-op success; an unknown accessor is an error.
            return byAccessor ? Error(context, ErrorCode.BadRequest, "invalid accessor") : Wrap(context, LogicalResponse.NoContent());
        }

        return await RevokeAsync(context, entry, orphan, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<CoreResponse> RevokeAsync(RequestContext context, TokenEntry entry, bool orphan, CancellationToken cancellationToken)
    {
        if (orphan)
        {
            await Tokens.RevokeOrphanAsync(entry, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await Tokens.RevokeTreeAsync(entry, cancellationToken).ConfigureAwait(false);
        }

        return Wrap(context, LogicalResponse.NoContent());
    }

    private async ValueTask<LogicalResponse> ListAccessorsAsync(CancellationToken cancellationToken)
    {
        var keys = await Tokens.ListAccessorsAsync(cancellationToken).ConfigureAwait(false);
        return LogicalResponse.Ok(new JsonObject { ["keys"] = new JsonArray(keys.Select(k => (JsonNode)k).ToArray()) });
    }

    private LogicalResponse Lookup(TokenEntry entry, string? rawToken)
    {
        var now = _core.Clock.GetUtcNow();
        var ttl = entry.ExpireTime is { } e ? Math.Max(0, (long)(e - now).TotalSeconds) : 0;
        var data = new JsonObject
        {
            ["accessor"] = entry.Accessor,
            ["creation_time"] = entry.CreationTime.ToUnixTimeSeconds(),
            ["creation_ttl"] = (long)entry.CreationTtl.TotalSeconds,
            ["display_name"] = entry.DisplayName,
            ["entity_id"] = entry.EntityId,
            ["expire_time"] = entry.ExpireTime?.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", System.Globalization.CultureInfo.InvariantCulture),
            ["explicit_max_ttl"] = (long)entry.ExplicitMaxTtl.TotalSeconds,
            ["id"] = rawToken ?? "",
            ["identity_policies"] = null,
            ["issue_time"] = entry.CreationTime.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", System.Globalization.CultureInfo.InvariantCulture),
            ["meta"] = entry.Meta.Count == 0 ? null : new JsonObject(entry.Meta.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
            ["num_uses"] = Math.Max(0, entry.NumUses),
            ["orphan"] = entry.Orphan,
            ["path"] = entry.Path,
            ["policies"] = new JsonArray(entry.Policies.Select(p => (JsonNode)p).ToArray()),
            ["renewable"] = entry.Renewable,
            ["ttl"] = ttl,
            ["type"] = "service",
        };
        if (entry.Period > TimeSpan.Zero)
        {
            data["period"] = (long)entry.Period.TotalSeconds;
        }

        if (entry.LastRenewalTime is { } renewed)
        {
            data["last_renewal_time"] = renewed.ToUnixTimeSeconds();
        }

        return LogicalResponse.Ok(data);
    }

    internal JsonObject AuthBlock(string token, TokenEntry entry)
    {
        var now = _core.Clock.GetUtcNow();
        var ttl = entry.ExpireTime is { } e ? Math.Max(0, (long)Math.Ceiling((e - now).TotalSeconds)) : 0;
        var tokenPolicies = entry.Policies.Select(p => (JsonNode)p).ToArray();
        return new JsonObject
        {
            ["client_token"] = token,
            ["accessor"] = entry.Accessor,
            ["policies"] = new JsonArray(entry.Policies.Select(p => (JsonNode)p).ToArray()),
            ["token_policies"] = new JsonArray(tokenPolicies),
            ["metadata"] = entry.Meta.Count == 0 ? null : new JsonObject(entry.Meta.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
            ["lease_duration"] = ttl,
            ["renewable"] = entry.Renewable,
            ["entity_id"] = entry.EntityId,
            ["token_type"] = "service",
            ["orphan"] = entry.Orphan,
            ["mfa_requirement"] = null,
            ["num_uses"] = Math.Max(0, entry.NumUses),
        };
    }

    private static CoreResponse Wrap(RequestContext context, LogicalResponse response) =>
        new() { Response = response, RequestId = context.Request.RequestId, MountType = "token" };

    private static CoreResponse Error(RequestContext context, ErrorCode code, string message) =>
        Wrap(context, LogicalResponse.Error(code, message));
}
