using Strongroom.Sdk;

namespace Strongroom.Engines.Kv;

/// <summary>
/// The versioned KV engine (Vault KV v2). Routes a mount-relative path to its path group:
/// config, data/, metadata/, delete/, undelete/, destroy/, subkeys/.
/// </summary>
internal sealed class KvV2Backend : ILogicalBackend
{
    private readonly KvV2Store _store;
    private readonly ConfigPath _config;
    private readonly DataPath _data;
    private readonly MetadataPath _metadata;
    private readonly VersionsPath _versions;
    private readonly SubkeysPath _subkeys;

    public KvV2Backend(MountContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _store = new KvV2Store(context.Storage);
        var locks = new KeyLocks();
        _config = new ConfigPath(_store, locks);
        _data = new DataPath(_store, locks, context.Clock);
        _metadata = new MetadataPath(_store, locks, context.Clock);
        _versions = new VersionsPath(_store, locks, context.Clock);
        _subkeys = new SubkeysPath(_store, context.Clock);
    }

    public async ValueTask<LogicalResponse> HandleAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (group, rest) = Split(request.Path);
        try
        {
            if (group == "config" && rest is null)
            {
                return await _config.HandleAsync(request, cancellationToken).ConfigureAwait(false);
            }

            if (group == "metadata" && request.IsList)
            {
                var folder = rest is null or "" ? "" : rest.EndsWith('/') ? rest : rest + "/";
                return folder.Length == 0 || StorageKey.IsValid(folder, allowTrailingSlash: true)
                    ? await _metadata.ListAsync(folder, cancellationToken).ConfigureAwait(false)
                    : InvalidPath();
            }

            if (rest is null or "" || rest.EndsWith('/'))
            {
                return UnsupportedPath();
            }

            if (!StorageKey.IsValid(rest))
            {
                return InvalidPath();
            }

            return group switch
            {
                "data" => await _data.HandleAsync(request, rest, cancellationToken).ConfigureAwait(false),
                "metadata" => await _metadata.HandleAsync(request, rest, cancellationToken).ConfigureAwait(false),
                "delete" => await _versions.HandleAsync(request, VersionsPath.Action.Delete, rest, cancellationToken).ConfigureAwait(false),
                "undelete" => await _versions.HandleAsync(request, VersionsPath.Action.Undelete, rest, cancellationToken).ConfigureAwait(false),
                "destroy" => await _versions.HandleAsync(request, VersionsPath.Action.Destroy, rest, cancellationToken).ConfigureAwait(false),
                "subkeys" => await _subkeys.HandleAsync(request, rest, cancellationToken).ConfigureAwait(false),
                _ => UnsupportedPath(),
            };
        }
        catch (FieldException e)
        {
            return LogicalResponse.BadRequest(e.Message);
        }
    }

    /// <summary>A write to data/ or metadata/ creates when the key has no metadata yet.</summary>
    public async ValueTask<bool> ExistsAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (group, rest) = Split(request.Path);
        if (group is not ("data" or "metadata") || rest is null or "" || !StorageKey.IsValid(rest))
        {
            return true;
        }

        return await _store.GetMetadataAsync(rest, cancellationToken).ConfigureAwait(false) is not null;
    }

    private static (string Group, string? Remainder) Split(string path)
    {
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (path, null) : (path[..slash], path[(slash + 1)..]);
    }

    private static LogicalResponse UnsupportedPath() => LogicalResponse.Error(ErrorCode.NotFound, "unsupported path");

    private static LogicalResponse InvalidPath() =>
        LogicalResponse.BadRequest("invalid path: must not contain '..', empty segments or control characters");
}
