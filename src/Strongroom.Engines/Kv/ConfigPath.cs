using System.Text.Json.Nodes;
using Strongroom.Sdk;

namespace Strongroom.Engines.Kv;

/// <summary>KV v2 <c>config</c>: mount-wide max_versions, cas_required and delete_version_after.</summary>
internal sealed class ConfigPath
{
    private readonly KvV2Store _store;
    private const string LockName = "\0config";
    private readonly KeyLocks _locks;

    public ConfigPath(KvV2Store store, KeyLocks locks)
    {
        _store = store;
        _locks = locks;
    }

    public ValueTask<LogicalResponse> HandleAsync(LogicalRequest request, CancellationToken cancellationToken) =>
        request.Operation switch
        {
            Operation.Read => ReadAsync(cancellationToken),
            Operation.Create or Operation.Update => WriteAsync(request.Data, cancellationToken),
            _ => ValueTask.FromResult(LogicalResponse.Unsupported()),
        };

    private async ValueTask<LogicalResponse> ReadAsync(CancellationToken cancellationToken)
    {
        var config = await _store.GetConfigAsync(cancellationToken).ConfigureAwait(false);
        return LogicalResponse.Ok(new JsonObject
        {
            ["cas_required"] = config.CasRequired,
            ["delete_version_after"] = Durations.Format(config.DeleteVersionAfter),
            ["max_versions"] = config.MaxVersions,
        });
    }

    private async ValueTask<LogicalResponse> WriteAsync(JsonObject body, CancellationToken cancellationToken)
    {
        var maxVersions = body.GetInt("max_versions");
        if (maxVersions is < 0 or > int.MaxValue)
        {
            throw new FieldException("max_versions", "a non-negative integer");
        }

        var casRequired = body.GetBool("cas_required");
        var deleteVersionAfter = body.GetDuration("delete_version_after");
        if (maxVersions is null && casRequired is null && deleteVersionAfter is null)
        {
            return LogicalResponse.NoContent();
        }

        // Not a valid key path (control character), so it never shares a key's identity, only maybe its stripe.
        using var held = await _locks.AcquireAsync(LockName, cancellationToken).ConfigureAwait(false);
        var config = await _store.GetConfigAsync(cancellationToken).ConfigureAwait(false);
        config.MaxVersions = (int?)maxVersions ?? config.MaxVersions;
        config.CasRequired = casRequired ?? config.CasRequired;
        config.DeleteVersionAfter = deleteVersionAfter ?? config.DeleteVersionAfter;
        await _store.PutConfigAsync(config, cancellationToken).ConfigureAwait(false);
        return LogicalResponse.NoContent();
    }
}
