using Strongroom.Sdk;

namespace Strongroom.Engines.Transit;

/// <summary>
/// The transit engine (Vault-compatible encryption as a service): routes a mount-relative path
/// to its path group. Keys live in the mount's storage view (behind the barrier); nothing the
/// engine is given to encrypt is ever stored.
/// </summary>
internal sealed class TransitBackend : ILogicalBackend
{
    private readonly TransitKeyStore _store;
    private readonly KeysPath _keys;
    private readonly EncryptPaths _encrypt;
    private readonly SignPaths _sign;

    public TransitBackend(MountContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _store = new TransitKeyStore(context.Storage, context.Clock);
        _keys = new KeysPath(_store);
        _encrypt = new EncryptPaths(_store, _keys);
        _sign = new SignPaths(_store);
    }

    public async ValueTask<LogicalResponse> HandleAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var segments = request.Path.TrimEnd('/').Split('/');
        var group = segments[0];
        var write = request.Operation is Operation.Create or Operation.Update;
        try
        {
            if (group == "keys" && segments.Length == 1)
            {
                return request.IsList ? await _keys.ListAsync(cancellationToken).ConfigureAwait(false) : LogicalResponse.Unsupported();
            }

            if (group is "random" or "hash")
            {
                if (!write)
                {
                    return LogicalResponse.Unsupported();
                }

                return group == "random"
                    ? UtilityPaths.Random(request.Data, segments[1..])
                    : segments.Length <= 2 ? UtilityPaths.Hash(request.Data, segments.Length == 2 ? segments[1] : null) : UnsupportedPath();
            }

            if (group == "export" && segments.Length is 3 or 4)
            {
                if (request.Operation != Operation.Read)
                {
                    return LogicalResponse.Unsupported();
                }

                if (!ValidName(segments[2]))
                {
                    return InvalidName();
                }

                return await _store.GetAsync(segments[2], cancellationToken).ConfigureAwait(false) is { } key
                    ? TransitExport.Export(key, segments[1], segments.Length == 4 ? segments[3] : null)
                    : LogicalResponse.NotFound();
            }

            if (group == "datakey" && segments.Length == 3)
            {
                return !write ? LogicalResponse.Unsupported()
                    : !ValidName(segments[2]) ? InvalidName()
                    : await _encrypt.DataKeyAsync(request.Data, segments[1], segments[2], cancellationToken).ConfigureAwait(false);
            }

            if (segments.Length < 2)
            {
                return UnsupportedPath();
            }

            var name = segments[1];
            if (!ValidName(name))
            {
                return InvalidName();
            }

            if (group == "keys")
            {
                return segments.Length switch
                {
                    2 => await _keys.HandleAsync(request, name, cancellationToken).ConfigureAwait(false),
                    3 when segments[2] == "config" && write => await _keys.ConfigAsync(name, request.Data, cancellationToken).ConfigureAwait(false),
                    3 when segments[2] == "rotate" && write => await _keys.RotateAsync(name, cancellationToken).ConfigureAwait(false),
                    3 when segments[2] is "config" or "rotate" => LogicalResponse.Unsupported(),
                    _ => UnsupportedPath(),
                };
            }

            if (!write)
            {
                return group is "encrypt" or "decrypt" or "rewrap" or "sign" or "verify" or "hmac" ? LogicalResponse.Unsupported() : UnsupportedPath();
            }

            var algorithm = segments.Length == 3 ? segments[2] : null;
            return (group, segments.Length) switch
            {
                ("encrypt", 2) => await _encrypt.EncryptAsync(request, name, cancellationToken).ConfigureAwait(false),
                ("decrypt", 2) => await _encrypt.DecryptAsync(request.Data, name, cancellationToken).ConfigureAwait(false),
                ("rewrap", 2) => await _encrypt.RewrapAsync(request.Data, name, cancellationToken).ConfigureAwait(false),
                ("sign", 2 or 3) => await _sign.SignAsync(request.Data, name, algorithm, cancellationToken).ConfigureAwait(false),
                ("verify", 2 or 3) => await _sign.VerifyAsync(request.Data, name, algorithm, cancellationToken).ConfigureAwait(false),
                ("hmac", 2 or 3) => await _sign.HmacAsync(request.Data, name, algorithm, cancellationToken).ConfigureAwait(false),
                _ => UnsupportedPath(),
            };
        }
        catch (Exception e) when (e is TransitUserException or FieldException)
        {
            return LogicalResponse.BadRequest(e.Message);
        }
    }

    /// <summary>
    /// Writes to <c>keys/:name</c> and <c>encrypt/:name</c> are "create" (ACL) when the key does
    /// not exist yet, so a policy can allow encrypting without allowing key creation (upsert).
    /// </summary>
    public async ValueTask<bool> ExistsAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var segments = request.Path.Split('/');
        if (segments.Length != 2 || segments[0] is not ("keys" or "encrypt") || !ValidName(segments[1]))
        {
            return true;
        }

        return await _store.GetAsync(segments[1], cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <summary>Vault's key name rule: word characters, '-', '.', '@', starting and ending with a word character.</summary>
    internal static bool ValidName(string name)
    {
        if (name.Length == 0 || name.Length > 256 || !IsWord(name[0]) || !IsWord(name[^1]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!IsWord(c) && c is not ('-' or '.' or '@'))
            {
                return false;
            }
        }

        return !name.Contains("..", StringComparison.Ordinal);
    }

    private static bool IsWord(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static LogicalResponse UnsupportedPath() => LogicalResponse.Error(ErrorCode.NotFound, "unsupported path");

    private static LogicalResponse InvalidName() =>
        LogicalResponse.BadRequest("invalid key name: use letters, digits, '_', '-', '.' and '@'");
}
