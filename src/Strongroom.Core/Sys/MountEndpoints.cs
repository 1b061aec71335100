using System.Text.Json.Nodes;
using Strongroom.Core.Pipeline;
using Strongroom.Core.Routing;
using Strongroom.Sdk;

namespace Strongroom.Core.Sys;

/// <summary>sys/mounts, sys/mounts/:path(/tune), sys/auth, sys/auth/:path(/tune), sys/internal/ui/mounts(/:path).</summary>
internal sealed class MountEndpoints : ISystemEndpoints
{
    /// <summary>Vault's user_lockout_config fields; kept as mount options the auth method reads on every login.</summary>
    private static readonly string[] LockoutKeys = ["lockout_threshold", "lockout_duration", "lockout_counter_reset", "disable_lockout"];

    private readonly StrongroomCore _core;

    public MountEndpoints(StrongroomCore core)
    {
        _core = core;
    }

    public async ValueTask<CoreResponse?> TryHandleAsync(string subPath, RequestContext context, CancellationToken cancellationToken)
    {
        var op = context.Operation;
        var write = op is Operation.Create or Operation.Update;
        if (subPath is "mounts" or "auth")
        {
            var kind = subPath == "auth" ? BackendKind.AuthMethod : BackendKind.SecretsEngine;
            return op == Operation.Read ? SystemResponses.Ok(context, ListMounts(kind), dataAtTopLevel: true) : SystemResponses.Unsupported(context);
        }

        if (subPath.StartsWith("internal/ui/mounts", StringComparison.Ordinal))
        {
            return op == Operation.Read ? UiMounts(context, subPath["internal/ui/mounts".Length..].TrimStart('/')) : SystemResponses.Unsupported(context);
        }

        foreach (var (prefix, kind) in new[] { ("mounts/", BackendKind.SecretsEngine), ("auth/", BackendKind.AuthMethod) })
        {
            if (!subPath.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = subPath[prefix.Length..];
            if (rest.EndsWith("/tune", StringComparison.Ordinal))
            {
                var path = rest[..^"/tune".Length];
                return op == Operation.Read ? ReadTune(context, path, kind)
                    : write ? await TuneAsync(context, path, kind, cancellationToken).ConfigureAwait(false)
                    : SystemResponses.Unsupported(context);
            }

            return op switch
            {
                Operation.Read => ReadMount(context, rest, kind),
                Operation.Create or Operation.Update => await EnableAsync(context, rest, kind, cancellationToken).ConfigureAwait(false),
                Operation.Delete => await DisableAsync(context, rest, kind, cancellationToken).ConfigureAwait(false),
                _ => SystemResponses.Unsupported(context),
            };
        }

        return null;
    }

    private JsonObject ListMounts(BackendKind kind)
    {
        var data = new JsonObject();
        if (kind == BackendKind.SecretsEngine)
        {
            data["sys/"] = Describe(new MountEntry { Path = "sys/", Type = "system", Description = "system endpoints used for control, policy and debugging", Accessor = "system_00000000", Uuid = "00000000-0000-0000-0000-000000000000" });
        }
        else
        {
            data["token/"] = Describe(new MountEntry { Path = "token/", Type = "token", Description = "token based credentials", Accessor = "auth_token_00000000", Uuid = "00000000-0000-0000-0000-000000000001" });
        }

        foreach (var mount in _core.Mounts.Mounts.Where(m => m.Kind == kind).OrderBy(m => m.Entry.Path, StringComparer.Ordinal))
        {
            data[mount.Entry.Path] = Describe(mount.Entry);
        }

        return data;
    }

    private static JsonObject Describe(MountEntry entry) => new()
    {
        ["accessor"] = entry.Accessor,
        ["config"] = new JsonObject
        {
            ["default_lease_ttl"] = SystemResponses.Seconds(entry.DefaultLeaseTtl),
            ["force_no_cache"] = false,
            ["max_lease_ttl"] = SystemResponses.Seconds(entry.MaxLeaseTtl),
        },
        ["description"] = entry.Description,
        ["external_entropy_access"] = false,
        ["local"] = entry.Local,
        ["options"] = entry.Options.Count == 0 ? null : new JsonObject(entry.Options.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
        ["plugin_version"] = "",
        ["running_plugin_version"] = "builtin",
        ["running_sha256"] = "",
        ["seal_wrap"] = entry.SealWrap,
        ["type"] = entry.Type,
        ["uuid"] = entry.Uuid,
    };

    private CoreResponse ReadMount(RequestContext context, string path, BackendKind kind)
    {
        var mount = _core.Mounts.Find(path, kind);
        return mount is null
            ? SystemResponses.Error(context, ErrorCode.BadRequest, $"No {(kind == BackendKind.AuthMethod ? "auth" : "secret")} engine mount at {MountTable.Normalize(path)}")
            : SystemResponses.Ok(context, Describe(mount.Entry));
    }

    private async ValueTask<CoreResponse> EnableAsync(RequestContext context, string path, BackendKind kind, CancellationToken cancellationToken)
    {
        var data = context.Request.Data;
        var type = data.GetString("type");
        if (string.IsNullOrWhiteSpace(type))
        {
            return SystemResponses.Error(context, ErrorCode.BadRequest, "backend type must be specified as a string");
        }

        var options = data.GetStringMap("options") ?? [];
        if (type == "kv-v2")
        {
            type = "kv";
            options["version"] = "2";
        }

        if (type == "kv" && options.TryGetValue("version", out var version) && version is not "1" and not "2")
        {
            return SystemResponses.Error(context, ErrorCode.BadRequest, "kv option \"version\" must be \"1\" or \"2\"");
        }

        var config = data.GetObject("config") ?? new JsonObject();
        var entry = new MountEntry
        {
            Path = path,
            Type = type,
            Description = data.GetString("description") ?? "",
            Options = options,
            DefaultLeaseTtl = config.GetDuration("default_lease_ttl") ?? TimeSpan.Zero,
            MaxLeaseTtl = config.GetDuration("max_lease_ttl") ?? TimeSpan.Zero,
            Local = data.GetBool("local") ?? false,
            SealWrap = data.GetBool("seal_wrap") ?? false,
            AuditNonHmacRequestKeys = config.GetStringList("audit_non_hmac_request_keys") ?? [],
            AuditNonHmacResponseKeys = config.GetStringList("audit_non_hmac_response_keys") ?? [],
            ListingVisibility = config.GetString("listing_visibility") ?? "",
            PassthroughRequestHeaders = config.GetStringList("passthrough_request_headers") ?? [],
        };
        if (entry.MaxLeaseTtl > TimeSpan.Zero && entry.DefaultLeaseTtl > entry.MaxLeaseTtl)
        {
            return SystemResponses.Error(context, ErrorCode.BadRequest, "default_lease_ttl cannot exceed max_lease_ttl");
        }

        if (MountTable.Normalize(path) is "token/" && kind == BackendKind.AuthMethod)
        {
            return SystemResponses.Error(context, ErrorCode.BadRequest, "token credential backend cannot be instantiated");
        }

        var error = await _core.Mounts.MountAsync(entry, kind, cancellationToken).ConfigureAwait(false);
        return error is null ? SystemResponses.NoContent(context) : SystemResponses.Error(context, ErrorCode.BadRequest, error);
    }

    private async ValueTask<CoreResponse> DisableAsync(RequestContext context, string path, BackendKind kind, CancellationToken cancellationToken)
    {
        var mount = _core.Mounts.Find(path, kind);
        if (mount is not null && mount.Entry.BuiltIn)
        {
            return SystemResponses.Error(context, ErrorCode.BadRequest, $"cannot unmount \"{mount.Entry.Path}\"");
        }

        if (mount is not null)
        {
            // Vault revokes the mount's leases first (e.g. drops its database users); if one cannot be
            // revoked the mount stays, so no credential is orphaned.
            var (_, revokeError) = await _core.Leases.RevokePrefixAsync(mount.FullPath, force: false, cancellationToken).ConfigureAwait(false);
            if (revokeError is not null)
            {
                return SystemResponses.Error(context, ErrorCode.Internal, "failed to revoke the mount's leases before unmounting: " + revokeError);
            }
        }

        // Vault: disabling a path that is not mounted succeeds (idempotent).
        await _core.Mounts.UnmountAsync(path, kind, cancellationToken).ConfigureAwait(false);
        return SystemResponses.NoContent(context);
    }

    private CoreResponse ReadTune(RequestContext context, string path, BackendKind kind)
    {
        var mount = _core.Mounts.Find(path, kind);
        if (mount is null)
        {
            return SystemResponses.Error(context, ErrorCode.BadRequest, $"cannot fetch sysview for path \"{MountTable.Normalize(path)}\"");
        }

        var ttls = _core.Mounts.EffectiveTtls(mount.Entry);
        var data = new JsonObject
        {
            ["default_lease_ttl"] = SystemResponses.Seconds(ttls.Default),
            ["max_lease_ttl"] = SystemResponses.Seconds(ttls.Max),
            ["force_no_cache"] = false,
            ["description"] = mount.Entry.Description,
        };
        if (mount.Entry.Options.Count > 0)
        {
            data["options"] = new JsonObject(mount.Entry.Options.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
        }

        if (kind == BackendKind.AuthMethod && mount.Entry.Options.Keys.Any(LockoutKeys.Contains))
        {
            data["user_lockout_config"] = new JsonObject(LockoutKeys
                .Where(mount.Entry.Options.ContainsKey)
                .Select(k => KeyValuePair.Create(k, (JsonNode?)mount.Entry.Options[k])));
        }

        return SystemResponses.Ok(context, data, dataAtTopLevel: true);
    }

    private async ValueTask<CoreResponse> TuneAsync(RequestContext context, string path, BackendKind kind, CancellationToken cancellationToken)
    {
        var mount = _core.Mounts.Find(path, kind);
        if (mount is null)
        {
            return SystemResponses.Error(context, ErrorCode.BadRequest, $"cannot tune \"{MountTable.Normalize(path)}\": no mount there");
        }

        var data = context.Request.Data;
        var entry = mount.Entry;
        var newDefault = data.GetDuration("default_lease_ttl") ?? entry.DefaultLeaseTtl;
        var newMax = data.GetDuration("max_lease_ttl") ?? entry.MaxLeaseTtl;
        if (newMax > TimeSpan.Zero && newDefault > newMax)
        {
            return SystemResponses.Error(context, ErrorCode.BadRequest, "default_lease_ttl cannot exceed max_lease_ttl");
        }

        var options = data.GetStringMap("options");
        if (options is not null && options.TryGetValue("version", out var version)
            && entry.Options.GetValueOrDefault("version", "1") != version)
        {
            return SystemResponses.Error(context, ErrorCode.BadRequest, "changing the kv version of an existing mount is not supported; enable a new kv-v2 mount and copy the data");
        }

        entry.DefaultLeaseTtl = newDefault;
        entry.MaxLeaseTtl = newMax;
        entry.Description = data.GetString("description") ?? entry.Description;
        if (options is not null)
        {
            foreach (var (k, v) in options)
            {
                entry.Options[k] = v;
            }
        }

        var lockoutNode = data["user_lockout_config"];
        if (lockoutNode is JsonValue lockoutText && lockoutText.TryGetValue(out string? lockoutJson))
        {
            // The CLI sends key=value pairs as strings: accept the object as JSON text too.
            try
            {
                lockoutNode = JsonNode.Parse(lockoutJson);
            }
            catch (System.Text.Json.JsonException)
            {
                return SystemResponses.Error(context, ErrorCode.BadRequest, "user_lockout_config must be an object");
            }
        }

        if (lockoutNode is JsonObject lockout)
        {
            if (kind != BackendKind.AuthMethod)
            {
                return SystemResponses.Error(context, ErrorCode.BadRequest, "user_lockout_config applies to auth methods only");
            }

            foreach (var key in LockoutKeys)
            {
                if (lockout[key] is JsonValue value)
                {
                    var text = value.ToString();
                    if (key != "disable_lockout" && key != "lockout_threshold" && !Durations.TryParse(text, out _))
                    {
                        return SystemResponses.Error(context, ErrorCode.BadRequest, $"user_lockout_config.{key}: \"{text}\" is not a duration");
                    }

                    entry.Options[key] = key == "disable_lockout" ? text.ToLowerInvariant() : text;
                }
            }
        }

        entry.AuditNonHmacRequestKeys = data.GetStringList("audit_non_hmac_request_keys") ?? entry.AuditNonHmacRequestKeys;
        entry.AuditNonHmacResponseKeys = data.GetStringList("audit_non_hmac_response_keys") ?? entry.AuditNonHmacResponseKeys;
        entry.ListingVisibility = data.GetString("listing_visibility") ?? entry.ListingVisibility;
        await _core.Mounts.SaveAsync(cancellationToken).ConfigureAwait(false);
        return SystemResponses.NoContent(context);
    }

    /// <summary>
    /// sys/internal/ui/mounts/:path — what the CLI uses to learn a mount's type and kv version.
    /// Needs a valid token; reveals a mount only when the token has some capability beneath it.
    /// </summary>
    private CoreResponse UiMounts(RequestContext context, string path)
    {
        if (path.Length == 0)
        {
            var secret = new JsonObject();
            var auth = new JsonObject();
            foreach (var mount in _core.Mounts.Mounts.Where(m => Visible(context, m)))
            {
                (mount.Kind == BackendKind.AuthMethod ? auth : secret)[mount.Entry.Path] = Describe(mount.Entry);
            }

            return SystemResponses.Ok(context, new JsonObject { ["secret"] = secret, ["auth"] = auth });
        }

        var route = _core.Mounts.Route(path.TrimEnd('/') + "/");
        if (route is null || !Visible(context, route.Mount))
        {
            return SystemResponses.Error(context, ErrorCode.BadRequest, $"preflight capability check returned 403, please ensure client's policies grant access to path \"{path.TrimEnd('/')}/\"");
        }

        var data = Describe(route.Mount.Entry);
        data["path"] = route.Mount.FullPath;
        return SystemResponses.Ok(context, data);
    }

    private static bool Visible(RequestContext context, MountedBackend mount)
    {
        if (context.Acl is null)
        {
            return false;
        }

        return context.Acl.HasAnyCapabilityUnder(mount.FullPath);
    }
}
