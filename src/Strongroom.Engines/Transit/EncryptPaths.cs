using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Strongroom.Sdk;

namespace Strongroom.Engines.Transit;

/// <summary><c>encrypt/:name</c>, <c>decrypt/:name</c>, <c>rewrap/:name</c> and <c>datakey/:type/:name</c>.</summary>
internal sealed class EncryptPaths
{
    private readonly TransitKeyStore _store;
    private readonly KeysPath _keys;

    public EncryptPaths(TransitKeyStore store, KeysPath keys)
    {
        _store = store;
        _keys = keys;
    }

    /// <summary>
    /// Encrypts; when the key does not exist and the request is a create (ACL "create"), the key is
    /// made first like Vault's upsert: <c>type</c> (default aes256-gcm96), derived iff context is given.
    /// </summary>
    public async ValueTask<LogicalResponse> EncryptAsync(LogicalRequest request, string name, CancellationToken cancellationToken)
    {
        var body = request.Data;
        var (items, isBatch) = BatchRunner.Items(body);
        var contextSet = !string.IsNullOrEmpty(items[0].GetString("context"));
        if (items.Any(i => string.IsNullOrEmpty(i.GetString("context")) == contextSet))
        {
            return LogicalResponse.BadRequest("context should be set either in all the request blocks or in none");
        }

        if (!isBatch && body["plaintext"] is null)
        {
            return LogicalResponse.BadRequest("missing plaintext to encrypt");
        }

        var key = await _store.GetAsync(name, cancellationToken).ConfigureAwait(false);
        var warning = (string?)null;
        if (key is null)
        {
            if (request.Operation != Operation.Create)
            {
                return LogicalResponse.BadRequest("encryption key not found");
            }

            var typeName = body.GetString("type") ?? "aes256-gcm96";
            if (!TransitKeyTypes.TryParse(typeName, out var type))
            {
                return LogicalResponse.BadRequest($"unknown key type {typeName}");
            }

            if (!type.IsAead())
            {
                return LogicalResponse.BadRequest($"key type {typeName} not supported for this operation");
            }

            if (body.GetBool("convergent_encryption") == true)
            {
                return LogicalResponse.BadRequest("convergent encryption is not supported by Strongroom");
            }

            bool created;
            (key, created) = await _store.CreateAsync(name, () => _keys.New(name, type, contextSet), cancellationToken).ConfigureAwait(false);
            warning = created ? null : "Attempted creation of the key during the encrypt operation, but it was created beforehand";
        }

        var response = BatchRunner.Run(body, items, isBatch, item =>
        {
            var plaintext = TransitCrypto.DecodeBase64(item.GetString("plaintext"), "plaintext");
            try
            {
                var (ciphertext, version) = TransitCrypto.Encrypt(key, KeyVersion(item), plaintext, Context(item), AssociatedData(item));
                return new JsonObject { ["ciphertext"] = ciphertext, ["key_version"] = version };
            }
            finally
            {
                CryptographicOperations.ZeroMemory(plaintext);
            }
        });
        return warning is null ? response : response.WithWarning(warning);
    }

    public async ValueTask<LogicalResponse> DecryptAsync(JsonObject body, string name, CancellationToken cancellationToken)
    {
        var (items, isBatch) = BatchRunner.Items(body);
        if (!isBatch && string.IsNullOrEmpty(body.GetString("ciphertext")))
        {
            return LogicalResponse.BadRequest("missing ciphertext to decrypt");
        }

        if (await _store.GetAsync(name, cancellationToken).ConfigureAwait(false) is not { } key)
        {
            return LogicalResponse.BadRequest("encryption key not found");
        }

        return BatchRunner.Run(body, items, isBatch, item =>
        {
            var plaintext = TransitCrypto.Decrypt(key, Required(item, "ciphertext"), Context(item), AssociatedData(item));
            try
            {
                return new JsonObject { ["plaintext"] = Convert.ToBase64String(plaintext) };
            }
            finally
            {
                CryptographicOperations.ZeroMemory(plaintext);
            }
        });
    }

    public async ValueTask<LogicalResponse> RewrapAsync(JsonObject body, string name, CancellationToken cancellationToken)
    {
        var (items, isBatch) = BatchRunner.Items(body);
        if (!isBatch && string.IsNullOrEmpty(body.GetString("ciphertext")))
        {
            return LogicalResponse.BadRequest("missing ciphertext to rewrap");
        }

        if (await _store.GetAsync(name, cancellationToken).ConfigureAwait(false) is not { } key)
        {
            return LogicalResponse.BadRequest("encryption key not found");
        }

        return BatchRunner.Run(body, items, isBatch, item =>
        {
            var context = Context(item);
            var aad = AssociatedData(item);
            var plaintext = TransitCrypto.Decrypt(key, Required(item, "ciphertext"), context, aad);
            try
            {
                var (ciphertext, version) = TransitCrypto.Encrypt(key, KeyVersion(item), plaintext, context, aad);
                return new JsonObject { ["ciphertext"] = ciphertext, ["key_version"] = version };
            }
            finally
            {
                CryptographicOperations.ZeroMemory(plaintext);
            }
        });
    }

    /// <summary>A new random data key, returned encrypted (and in plaintext for "plaintext").</summary>
    public async ValueTask<LogicalResponse> DataKeyAsync(JsonObject body, string kind, string name, CancellationToken cancellationToken)
    {
        if (kind is not ("plaintext" or "wrapped"))
        {
            return LogicalResponse.BadRequest("invalid type: must be \"plaintext\" or \"wrapped\"");
        }

        var bits = body.GetInt("bits") ?? 256;
        if (bits is not (128 or 256 or 512))
        {
            return LogicalResponse.BadRequest("invalid bits: must be 128, 256 or 512");
        }

        if (await _store.GetAsync(name, cancellationToken).ConfigureAwait(false) is not { } key)
        {
            return LogicalResponse.BadRequest("encryption key not found");
        }

        var dataKey = RandomNumberGenerator.GetBytes((int)bits / 8);
        try
        {
            var (ciphertext, version) = TransitCrypto.Encrypt(key, KeyVersion(body), dataKey, Context(body), null);
            var data = new JsonObject { ["ciphertext"] = ciphertext, ["key_version"] = version };
            if (kind == "plaintext")
            {
                data["plaintext"] = Convert.ToBase64String(dataKey);
            }

            return LogicalResponse.Ok(data);
        }
        catch (TransitUserException e)
        {
            return LogicalResponse.BadRequest(e.Message);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    internal static string Required(JsonObject item, string field) =>
        item.GetString(field) is { Length: > 0 } value ? value : throw new TransitUserException($"missing {field}");

    internal static int KeyVersion(JsonObject item) =>
        item.GetInt("key_version") is { } v ? (v is >= 0 and <= int.MaxValue ? (int)v : throw new TransitUserException("invalid key version")) : 0;

    private static byte[]? Context(JsonObject item) =>
        item.GetString("context") is { Length: > 0 } c ? TransitCrypto.DecodeBase64(c, "context") : null;

    private static byte[]? AssociatedData(JsonObject item) =>
        item.GetString("associated_data") is { Length: > 0 } a ? TransitCrypto.DecodeBase64(a, "associated_data") : null;
}
