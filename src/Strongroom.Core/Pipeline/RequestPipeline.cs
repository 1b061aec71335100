using System.Net;
using System.Text.Json.Nodes;
using Strongroom.Core.Barrier;
using Strongroom.Core.Routing;
using Strongroom.Core.Storage;
using Strongroom.Core.Tokens;
using Strongroom.Sdk;

namespace Strongroom.Core.Pipeline;

/// <summary>
/// The ordered request path: validate → sealed? → token → route → create/update → ACL (+sudo)
/// → token use count → audit(request, fail-closed) → backend → token/lease registration →
/// audit(response). Expected failures come back as values; only bugs throw.
/// </summary>
public sealed class RequestPipeline
{
    private const string PermissionDenied = "permission denied";
    private readonly StrongroomCore _core;

    public RequestPipeline(StrongroomCore core)
    {
        _core = core;
    }

    public async ValueTask<CoreResponse> HandleAsync(CoreRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var rawPath = request.Path;
        if (!RequestPaths.IsValid(rawPath))
        {
            return CoreResponse.Error(ErrorCode.BadRequest, request.RequestId, "invalid request path");
        }

        var path = request.Operation == Operation.List ? rawPath : rawPath.TrimEnd('/');
        var context = new RequestContext { Request = request, Path = path, Operation = request.Operation };
        try
        {
            return await HandleCoreAsync(context, cancellationToken).ConfigureAwait(false);
        }
        catch (BarrierSealedException)
        {
            return CoreResponse.Error(ErrorCode.Unavailable, request.RequestId, "Vault is sealed");
        }
        catch (StorageUnavailableException ex)
        {
            return CoreResponse.Error(ErrorCode.Unavailable, request.RequestId, "storage unavailable: " + ex.Message);
        }
        catch (Identity.EntityDisabledException)
        {
            return CoreResponse.Error(ErrorCode.PermissionDenied, request.RequestId, "permission denied: entity is disabled");
        }
        catch (FieldException ex)
        {
            return CoreResponse.Error(ErrorCode.BadRequest, request.RequestId, ex.Message);
        }
    }

    private async ValueTask<CoreResponse> HandleCoreAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var path = context.Path;
        var listPath = path.TrimEnd('/');

        if (RequestPaths.IsSealedAllowed(listPath))
        {
            context.MountType = "system";
            return await _core.SystemHandler.HandleAsync(context, cancellationToken).ConfigureAwait(false);
        }

        if (_core.IsSealed)
        {
            return CoreResponse.Error(ErrorCode.Unavailable, request.RequestId, "Vault is sealed");
        }

        if (_core.IsStandby)
        {
            // The host forwards a standby's requests to the active node; this answers when it could not.
            return CoreResponse.Error(ErrorCode.Unavailable, request.RequestId, "this node is a standby and no active node could serve the request" + (_core.Ha?.Leader is { } leader ? $" (active node: {leader.ApiAddr})" : ""));
        }

        // Route: core handlers first, then the mount table.
        ICoreHandler? coreHandler = null;
        RouteMatch? route = null;
        if (path.StartsWith("sys/", StringComparison.Ordinal) || path == "sys")
        {
            coreHandler = _core.SystemHandler;
            context.MountType = "system";
            context.MountPoint = "sys/";
        }
        else if (path.StartsWith("auth/token/", StringComparison.Ordinal) || path == "auth/token")
        {
            coreHandler = _core.TokenHandler;
            context.MountType = "token";
            context.MountPoint = "auth/token/";
        }
        else if (path.StartsWith("identity/", StringComparison.Ordinal) || path == "identity")
        {
            coreHandler = _core.IdentityHandler;
            context.MountType = "identity";
            context.MountPoint = "identity/";
        }
        else
        {
            route = _core.Mounts.Route(path);
            if (route is not null)
            {
                context.MountType = route.Mount.Entry.Type;
                context.MountAccessor = route.Mount.Entry.Accessor;
                context.MountPoint = route.Mount.FullPath;
            }
        }

        var unauthenticated = RequestPaths.IsUnauthenticated(listPath)
            || (route is not null && route.Mount.Backend.UnauthenticatedPaths.Any(p => RequestPaths.GlobMatch(p, route.RelativePath.TrimEnd('/'))));

        if (!unauthenticated)
        {
            var denied = await AuthenticateAsync(context, cancellationToken).ConfigureAwait(false);
            if (denied is not null)
            {
                return denied;
            }
        }

        // Decide create vs update for writes.
        if (context.Operation == Operation.Update)
        {
            var exists = coreHandler is not null
                ? await coreHandler.ExistsAsync(context, cancellationToken).ConfigureAwait(false)
                : route is null || await route.Mount.Backend.ExistsAsync(ToLogical(context, route), cancellationToken).ConfigureAwait(false);
            context.Operation = exists ? Operation.Update : Operation.Create;
        }

        if (!unauthenticated)
        {
            var decision = context.Acl!.Check(context.Operation, listPath, request.Data);
            var needsSudo = RequestPaths.NeedsSudo(listPath, context.Operation);
            var tokenOnly = RequestPaths.IsTokenOnly(listPath);
            if (!tokenOnly && (!decision.Allowed || (needsSudo && !decision.RootPrivs)))
            {
                await AuditDeniedAsync(context, cancellationToken).ConfigureAwait(false);
                return CoreResponse.Error(ErrorCode.PermissionDenied, request.RequestId, PermissionDenied);
            }

            if (!await _core.Tokens.UseAsync(context.Token!, cancellationToken).ConfigureAwait(false))
            {
                return CoreResponse.Error(ErrorCode.PermissionDenied, request.RequestId, PermissionDenied);
            }
        }

        if (coreHandler is null && route is null)
        {
            return CoreResponse.Error(ErrorCode.NotFound, request.RequestId, $"no handler for route \"{path}\". route entry not found.");
        }

        if (!await _core.Audit.LogRequestAsync(context, null, cancellationToken).ConfigureAwait(false))
        {
            return CoreResponse.Error(ErrorCode.Internal, request.RequestId, "internal error: audit devices could not record the request; refusing it");
        }

        CoreResponse response;
        if (coreHandler is not null)
        {
            response = await coreHandler.HandleAsync(context, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            response = await DispatchAsync(context, route!, cancellationToken).ConfigureAwait(false);
        }

        if (request.WrapTtl is { } wrapTtl && !response.Response.IsError && response.BareJson is null
            && !path.StartsWith("sys/wrapping/", StringComparison.Ordinal))
        {
            response = await _core.Wrapper.WrapAsync(response, wrapTtl, path, cancellationToken).ConfigureAwait(false);
        }

        if (context.Token is { NumUses: < 0 } spent)
        {
            await _core.Tokens.RevokeTreeAsync(spent, cancellationToken).ConfigureAwait(false);
        }

        if (!await _core.Audit.LogResponseAsync(context, response, cancellationToken).ConfigureAwait(false))
        {
            return CoreResponse.Error(ErrorCode.Internal, request.RequestId, "internal error: audit devices could not record the response");
        }

        return response;
    }

    private async ValueTask<CoreResponse?> AuthenticateAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var token = request.ClientToken;
        var entry = string.IsNullOrEmpty(token) ? null : await _core.Tokens.LookupAsync(token, cancellationToken).ConfigureAwait(false);
        if (entry is null || entry.NumUses < 0 || !CidrAllows(entry.BoundCidrs, request.RemoteAddress))
        {
            await AuditDeniedAsync(context, cancellationToken).ConfigureAwait(false);
            return CoreResponse.Error(ErrorCode.PermissionDenied, request.RequestId, PermissionDenied);
        }

        context.Token = entry;
        var policies = entry.Policies;
        if (entry.EntityId.Length > 0)
        {
            if (await _core.Identity.IsDisabledAsync(entry.EntityId, cancellationToken).ConfigureAwait(false))
            {
                await AuditDeniedAsync(context, cancellationToken).ConfigureAwait(false);
                return CoreResponse.Error(ErrorCode.PermissionDenied, request.RequestId, PermissionDenied);
            }

            var identityPolicies = await _core.Identity.IdentityPoliciesAsync(entry.EntityId, cancellationToken).ConfigureAwait(false);
            if (identityPolicies.Count > 0)
            {
                policies = policies.Union(identityPolicies, StringComparer.Ordinal).ToList();
            }
        }

        context.Acl = await _core.Policies.BuildAclAsync(policies, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private async ValueTask AuditDeniedAsync(RequestContext context, CancellationToken cancellationToken)
    {
        // Denied requests are recorded too (alerts count them); a failure to record them changes nothing.
        await _core.Audit.LogRequestAsync(context, PermissionDenied, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<CoreResponse> DispatchAsync(RequestContext context, RouteMatch route, CancellationToken cancellationToken)
    {
        var logical = ToLogical(context, route);
        var response = await route.Mount.Backend.HandleAsync(logical, cancellationToken).ConfigureAwait(false);
        if (response.IsError)
        {
            return new CoreResponse { Response = response, RequestId = context.Request.RequestId, MountType = context.MountType };
        }

        JsonObject? auth = null;
        if (response.Auth is { } result)
        {
            auth = await _core.TokenHandler.IssueLoginTokenAsync(context, route.Mount, result, cancellationToken).ConfigureAwait(false);
        }

        long leaseDuration = 0;
        var renewable = false;
        var leaseId = "";
        if (response.Secret is { } secret)
        {
            var ttls = _core.Mounts.EffectiveTtls(route.Mount.Entry);
            var ttl = secret.Ttl > TimeSpan.Zero ? secret.Ttl : ttls.Default;
            leaseDuration = (long)ttl.TotalSeconds;
            renewable = secret.Renewable;
            if (secret.Register)
            {
                leaseId = await _core.RegisterLeaseAsync(route.Mount, logical.Path, secret, ttl, context.Token, cancellationToken).ConfigureAwait(false);
            }
        }

        return new CoreResponse
        {
            Response = response,
            RequestId = context.Request.RequestId,
            Auth = auth,
            LeaseDuration = leaseDuration,
            Renewable = renewable,
            LeaseId = leaseId,
            MountType = context.MountType,
        };
    }

    private static LogicalRequest ToLogical(RequestContext context, RouteMatch route) => new()
    {
        Operation = context.Operation,
        Path = context.Operation == Operation.List ? route.RelativePath : route.RelativePath.TrimEnd('/'),
        MountPoint = route.Mount.FullPath,
        Data = context.Request.Data,
        Query = context.Request.Query,
        TokenScope = context.Token?.Scope,
        EntityId = context.Token?.EntityId,
        DisplayName = context.Token?.DisplayName,
        RequestId = context.Request.RequestId,
        RemoteAddress = context.Request.RemoteAddress?.ToString(),
    };

    private static bool CidrAllows(List<string> cidrs, IPAddress? remote)
    {
        if (cidrs.Count == 0)
        {
            return true;
        }

        if (remote is null)
        {
            return false;
        }

        if (remote.IsIPv4MappedToIPv6)
        {
            remote = remote.MapToIPv4();
        }

        foreach (var cidr in cidrs)
        {
            if (IPNetwork.TryParse(cidr, out var network) && network.Contains(remote))
            {
                return true;
            }

            if (IPAddress.TryParse(cidr, out var single) && single.Equals(remote))
            {
                return true;
            }
        }

        return false;
    }
}
