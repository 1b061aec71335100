using System.Globalization;
using System.Text.Json.Nodes;
using Strongroom.Core.Pipeline;
using Strongroom.Sdk;

namespace Strongroom.Core.Identity;

/// <summary>
/// The identity/ mount (Vault's identity secrets engine, the parts we implement): entities by
/// id and name, entity lookup, groups by id and name.
/// </summary>
public sealed class IdentityHandler : ICoreHandler
{
    private readonly StrongroomCore _core;

    public IdentityHandler(StrongroomCore core)
    {
        _core = core;
    }

    private IdentityStore Store => _core.Identity;

    public async ValueTask<bool> ExistsAsync(RequestContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sub = Sub(context);
        return sub switch
        {
            _ when sub.StartsWith("entity/name/", StringComparison.Ordinal) => await Store.FindEntityByNameAsync(sub["entity/name/".Length..], cancellationToken).ConfigureAwait(false) is not null,
            _ when sub.StartsWith("group/name/", StringComparison.Ordinal) => await Store.FindGroupByNameAsync(sub["group/name/".Length..], cancellationToken).ConfigureAwait(false) is not null,
            "entity" or "group" => false,
            _ => true,
        };
    }

    public async ValueTask<CoreResponse> HandleAsync(RequestContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sub = Sub(context);
        var op = context.Operation;
        var write = op is Operation.Create or Operation.Update;
        LogicalResponse response = sub switch
        {
            "entity" when write => await WriteEntityAsync(null, context.Request.Data, cancellationToken).ConfigureAwait(false),
            "entity/id" or "entity/name" when op == Operation.List => await ListEntitiesAsync(byName: sub == "entity/name", cancellationToken).ConfigureAwait(false),
            _ when sub.StartsWith("entity/id/", StringComparison.Ordinal) => await EntityAsync(await Store.LoadEntityAsync(sub["entity/id/".Length..], cancellationToken).ConfigureAwait(false), op, context.Request.Data, null, cancellationToken).ConfigureAwait(false),
            _ when sub.StartsWith("entity/name/", StringComparison.Ordinal) => await EntityAsync(await Store.FindEntityByNameAsync(sub["entity/name/".Length..], cancellationToken).ConfigureAwait(false), op, context.Request.Data, sub["entity/name/".Length..], cancellationToken).ConfigureAwait(false),
            "lookup/entity" when write => await LookupEntityAsync(context.Request.Data, cancellationToken).ConfigureAwait(false),
            "group" when write => await WriteGroupAsync(null, context.Request.Data, null, cancellationToken).ConfigureAwait(false),
            "group/id" or "group/name" when op == Operation.List => await ListGroupsAsync(byName: sub == "group/name", cancellationToken).ConfigureAwait(false),
            _ when sub.StartsWith("group/id/", StringComparison.Ordinal) => await GroupAsync(await Store.LoadGroupAsync(sub["group/id/".Length..], cancellationToken).ConfigureAwait(false), op, context.Request.Data, null, cancellationToken).ConfigureAwait(false),
            _ when sub.StartsWith("group/name/", StringComparison.Ordinal) => await GroupAsync(await Store.FindGroupByNameAsync(sub["group/name/".Length..], cancellationToken).ConfigureAwait(false), op, context.Request.Data, sub["group/name/".Length..], cancellationToken).ConfigureAwait(false),
            "entity" or "group" or "lookup/entity" or "entity/id" or "entity/name" or "group/id" or "group/name" => LogicalResponse.Unsupported(),
            _ => LogicalResponse.Error(ErrorCode.NotFound, $"no handler for route \"{context.Path}\". route entry not found."),
        };
        return new CoreResponse { Response = response, RequestId = context.Request.RequestId, MountType = "identity" };
    }

    private static string Sub(RequestContext context) =>
        context.Path.Length > "identity/".Length ? context.Path["identity/".Length..].TrimEnd('/') : "";

    private async ValueTask<LogicalResponse> EntityAsync(Entity? entity, Operation op, JsonObject data, string? name, CancellationToken cancellationToken)
    {
        switch (op)
        {
            case Operation.Read:
                return entity is null ? LogicalResponse.NotFound() : LogicalResponse.Ok(await DescribeAsync(entity, cancellationToken).ConfigureAwait(false));
            case Operation.Create or Operation.Update:
                if (entity is null && name is null)
                {
                    return LogicalResponse.BadRequest("entity not found");
                }

                if (name is not null)
                {
                    data["name"] = name;
                }

                return await WriteEntityAsync(entity, data, cancellationToken).ConfigureAwait(false);
            case Operation.Delete:
                if (entity is not null)
                {
                    await Store.DeleteEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                }

                return LogicalResponse.NoContent();
            default:
                return LogicalResponse.Unsupported();
        }
    }

    private async ValueTask<LogicalResponse> WriteEntityAsync(Entity? entity, JsonObject data, CancellationToken cancellationToken)
    {
        var id = data.GetString("id");
        entity ??= id is null ? null : await Store.LoadEntityAsync(id, cancellationToken).ConfigureAwait(false);
        var name = data.GetString("name");
        if (entity is null && name is not null)
        {
            entity = await Store.FindEntityByNameAsync(name, cancellationToken).ConfigureAwait(false);
        }

        var created = entity is null;
        if (entity is null)
        {
            var now = _core.Clock.GetUtcNow();
            entity = new Entity { Id = Guid.NewGuid().ToString(), CreationTime = now };
            entity.Name = name ?? "entity_" + entity.Id[..8];
        }
        else if (name is not null && name != entity.Name)
        {
            if (await Store.FindEntityByNameAsync(name, cancellationToken).ConfigureAwait(false) is not null)
            {
                return LogicalResponse.BadRequest("entity name is already in use");
            }

            entity.Name = name;
        }

        entity.Policies = data.GetStringList("policies")?.Select(p => p.ToLowerInvariant()).ToList() ?? entity.Policies;
        entity.Metadata = data.GetStringMap("metadata") ?? entity.Metadata;
        entity.Disabled = data.GetBool("disabled") ?? entity.Disabled;
        await Store.SaveEntityAsync(entity, cancellationToken).ConfigureAwait(false);
        return created
            ? LogicalResponse.Ok(new JsonObject { ["id"] = entity.Id, ["name"] = entity.Name, ["aliases"] = null })
            : LogicalResponse.NoContent();
    }

    private async ValueTask<LogicalResponse> ListEntitiesAsync(bool byName, CancellationToken cancellationToken)
    {
        var entities = await Store.ListEntitiesAsync(cancellationToken).ConfigureAwait(false);
        var keys = entities.Select(e => byName ? e.Name : e.Id).Order(StringComparer.Ordinal).ToList();
        if (keys.Count == 0)
        {
            return LogicalResponse.NotFound();
        }

        var info = new JsonObject();
        foreach (var e in entities)
        {
            info[byName ? e.Name : e.Id] = new JsonObject { ["name"] = e.Name, ["id"] = e.Id };
        }

        return LogicalResponse.Ok(new JsonObject { ["keys"] = new JsonArray(keys.Select(k => (JsonNode)k).ToArray()), ["key_info"] = info });
    }

    private async ValueTask<LogicalResponse> LookupEntityAsync(JsonObject data, CancellationToken cancellationToken)
    {
        Entity? entity = null;
        if (data.GetString("id") is { } id)
        {
            entity = await Store.LoadEntityAsync(id, cancellationToken).ConfigureAwait(false);
        }
        else if (data.GetString("name") is { } name)
        {
            entity = await Store.FindEntityByNameAsync(name, cancellationToken).ConfigureAwait(false);
        }
        else if (data.GetString("alias_name") is { } aliasName && data.GetString("alias_mount_accessor") is { } accessor)
        {
            entity = await Store.FindEntityByAliasAsync(accessor, aliasName, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            return LogicalResponse.BadRequest("one of id, name, or alias_name with alias_mount_accessor is required");
        }

        return entity is null ? LogicalResponse.NoContent() : LogicalResponse.Ok(await DescribeAsync(entity, cancellationToken).ConfigureAwait(false));
    }

    private async ValueTask<JsonObject> DescribeAsync(Entity entity, CancellationToken cancellationToken)
    {
        var groups = (await Store.ListGroupsAsync(cancellationToken).ConfigureAwait(false))
            .Where(g => g.MemberEntityIds.Contains(entity.Id, StringComparer.Ordinal)).Select(g => (JsonNode)g.Id).ToArray();
        return new JsonObject
        {
            ["id"] = entity.Id,
            ["name"] = entity.Name,
            ["namespace_id"] = "root",
            ["policies"] = new JsonArray(entity.Policies.Select(p => (JsonNode)p).ToArray()),
            ["metadata"] = Map(entity.Metadata),
            ["disabled"] = entity.Disabled,
            ["creation_time"] = Time(entity.CreationTime),
            ["last_update_time"] = Time(entity.LastUpdateTime),
            ["direct_group_ids"] = new JsonArray(groups.Select(g => g!.DeepClone()).ToArray()),
            ["group_ids"] = new JsonArray(groups.Select(g => g!.DeepClone()).ToArray()),
            ["inherited_group_ids"] = new JsonArray(),
            ["aliases"] = new JsonArray(entity.Aliases.Select(a => (JsonNode)new JsonObject
            {
                ["id"] = a.Id,
                ["canonical_id"] = a.CanonicalId,
                ["mount_accessor"] = a.MountAccessor,
                ["mount_path"] = a.MountPath,
                ["mount_type"] = a.MountType,
                ["name"] = a.Name,
                ["metadata"] = Map(a.Metadata),
                ["creation_time"] = Time(a.CreationTime),
            }).ToArray()),
        };
    }

    private async ValueTask<LogicalResponse> GroupAsync(IdentityGroup? group, Operation op, JsonObject data, string? name, CancellationToken cancellationToken)
    {
        switch (op)
        {
            case Operation.Read:
                return group is null ? LogicalResponse.NotFound() : LogicalResponse.Ok(Describe(group));
            case Operation.Create or Operation.Update:
                if (group is null && name is null)
                {
                    return LogicalResponse.BadRequest("group not found");
                }

                return await WriteGroupAsync(group, data, name, cancellationToken).ConfigureAwait(false);
            case Operation.Delete:
                if (group is not null)
                {
                    await Store.DeleteGroupAsync(group, cancellationToken).ConfigureAwait(false);
                }

                return LogicalResponse.NoContent();
            default:
                return LogicalResponse.Unsupported();
        }
    }

    private async ValueTask<LogicalResponse> WriteGroupAsync(IdentityGroup? group, JsonObject data, string? name, CancellationToken cancellationToken)
    {
        name ??= data.GetString("name");
        if (group is null && data.GetString("id") is { } id)
        {
            group = await Store.LoadGroupAsync(id, cancellationToken).ConfigureAwait(false);
        }

        if (group is null && name is not null)
        {
            group = await Store.FindGroupByNameAsync(name, cancellationToken).ConfigureAwait(false);
        }

        var type = data.GetString("type");
        if (type is not null and not "internal")
        {
            return LogicalResponse.BadRequest("only internal groups are supported");
        }

        var created = group is null;
        if (group is null)
        {
            group = new IdentityGroup { Id = Guid.NewGuid().ToString(), CreationTime = _core.Clock.GetUtcNow() };
            group.Name = name ?? "group_" + group.Id[..8];
        }
        else if (name is not null)
        {
            group.Name = name;
        }

        group.Policies = data.GetStringList("policies")?.Select(p => p.ToLowerInvariant()).ToList() ?? group.Policies;
        group.Metadata = data.GetStringMap("metadata") ?? group.Metadata;
        if (data.GetStringList("member_entity_ids") is { } members)
        {
            foreach (var member in members)
            {
                if (await Store.LoadEntityAsync(member, cancellationToken).ConfigureAwait(false) is null)
                {
                    return LogicalResponse.BadRequest($"entity id \"{member}\" does not exist");
                }
            }

            group.MemberEntityIds = members;
        }

        await Store.SaveGroupAsync(group, cancellationToken).ConfigureAwait(false);
        return created ? LogicalResponse.Ok(new JsonObject { ["id"] = group.Id, ["name"] = group.Name }) : LogicalResponse.NoContent();
    }

    private async ValueTask<LogicalResponse> ListGroupsAsync(bool byName, CancellationToken cancellationToken)
    {
        var groups = await Store.ListGroupsAsync(cancellationToken).ConfigureAwait(false);
        var keys = groups.Select(g => byName ? g.Name : g.Id).Order(StringComparer.Ordinal).ToList();
        return keys.Count == 0
            ? LogicalResponse.NotFound()
            : LogicalResponse.Ok(new JsonObject { ["keys"] = new JsonArray(keys.Select(k => (JsonNode)k).ToArray()) });
    }

    private static JsonObject Describe(IdentityGroup group) => new()
    {
        ["id"] = group.Id,
        ["name"] = group.Name,
        ["type"] = group.Type,
        ["namespace_id"] = "root",
        ["policies"] = new JsonArray(group.Policies.Select(p => (JsonNode)p).ToArray()),
        ["member_entity_ids"] = new JsonArray(group.MemberEntityIds.Select(p => (JsonNode)p).ToArray()),
        ["member_group_ids"] = null,
        ["metadata"] = Map(group.Metadata),
        ["creation_time"] = Time(group.CreationTime),
        ["last_update_time"] = Time(group.LastUpdateTime),
    };

    private static JsonObject? Map(Dictionary<string, string> map) =>
        map.Count == 0 ? null : new JsonObject(map.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));

    private static string Time(DateTimeOffset t) => t.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture);
}
