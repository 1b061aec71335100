using System.Text.Json.Nodes;
using Strongroom.Sdk;

namespace Strongroom.Engines.Transit;

/// <summary><c>keys/</c> (LIST), <c>keys/:name</c> (create, read, delete), <c>keys/:name/config</c>, <c>keys/:name/rotate</c>.</summary>
internal sealed class KeysPath
{
    private readonly TransitKeyStore _store;

    public KeysPath(TransitKeyStore store)
    {
        _store = store;
    }

    public async ValueTask<LogicalResponse> ListAsync(CancellationToken cancellationToken)
    {
        var keys = await _store.ListAsync(cancellationToken).ConfigureAwait(false);
        return keys.Count == 0
            ? LogicalResponse.NotFound()
            : LogicalResponse.Ok(new JsonObject { ["keys"] = new JsonArray([.. keys.Select(k => (JsonNode)k)]) });
    }

    public async ValueTask<LogicalResponse> HandleAsync(LogicalRequest request, string name, CancellationToken cancellationToken)
    {
        switch (request.Operation)
        {
            case Operation.Read:
                return await _store.GetAsync(name, cancellationToken).ConfigureAwait(false) is { } key
                    ? LogicalResponse.Ok(Describe(key))
                    : LogicalResponse.NotFound();
            case Operation.Create or Operation.Update:
                return await CreateAsync(name, request.Data, cancellationToken).ConfigureAwait(false);
            case Operation.Delete:
                return await DeleteAsync(name, cancellationToken).ConfigureAwait(false);
            default:
                return LogicalResponse.Unsupported();
        }
    }

    public async ValueTask<LogicalResponse> ConfigAsync(string name, JsonObject body, CancellationToken cancellationToken)
    {
        var minDecryption = body.GetInt("min_decryption_version");
        var minEncryption = body.GetInt("min_encryption_version");
        var deletionAllowed = body.GetBool("deletion_allowed");
        var exportable = body.GetBool("exportable");
        var allowPlaintextBackup = body.GetBool("allow_plaintext_backup");
        var autoRotate = body.GetDuration("auto_rotate_period");
        if (autoRotate is { } period && period != TimeSpan.Zero && period < TimeSpan.FromHours(1))
        {
            return LogicalResponse.BadRequest("auto rotate period must be 0 to disable or at least an hour");
        }

        var updated = await _store.UpdateAsync(
            name,
            key =>
            {
                if (minDecryption is { } md)
                {
                    if (md < 0 || md > key.LatestVersion)
                    {
                        return "min_decryption_version must be between 0 and the latest version";
                    }

                    key.MinDecryptionVersion = md == 0 ? 1 : (int)md;
                }

                if (minEncryption is { } me)
                {
                    if (me < 0 || me > key.LatestVersion)
                    {
                        return "min_encryption_version must be between 0 and the latest version";
                    }

                    key.MinEncryptionVersion = (int)me;
                }

                if (key.MinEncryptionVersion > 0 && key.MinEncryptionVersion < key.MinDecryptionVersion)
                {
                    return "min_encryption_version must not be less than min_decryption_version";
                }

                if (exportable == false && key.Exportable)
                {
                    return "export cannot be disabled once enabled";
                }

                if (allowPlaintextBackup == false && key.AllowPlaintextBackup)
                {
                    return "allow_plaintext_backup cannot be disabled once enabled";
                }

                key.Exportable |= exportable ?? false;
                key.AllowPlaintextBackup |= allowPlaintextBackup ?? false;
                key.DeletionAllowed = deletionAllowed ?? key.DeletionAllowed;
                key.AutoRotatePeriodSeconds = autoRotate is { } p ? (long)p.TotalSeconds : key.AutoRotatePeriodSeconds;
                return null;
            },
            cancellationToken).ConfigureAwait(false);
        return updated is null ? LogicalResponse.BadRequest("no existing key named " + name + " could be found") : LogicalResponse.Ok(Describe(updated));
    }

    public async ValueTask<LogicalResponse> RotateAsync(string name, CancellationToken cancellationToken)
    {
        var rotated = await _store.UpdateAsync(name, _store.Rotate, cancellationToken).ConfigureAwait(false);
        return rotated is null ? LogicalResponse.BadRequest("key not found") : LogicalResponse.Ok(Describe(rotated));
    }

    private async ValueTask<LogicalResponse> CreateAsync(string name, JsonObject body, CancellationToken cancellationToken)
    {
        var typeName = body.GetString("type") ?? "aes256-gcm96";
        if (typeName == "ed25519")
        {
            // .NET's System.Security.Cryptography has no Ed25519, and Strongroom does not hand-roll signatures.
            return LogicalResponse.BadRequest("key type ed25519 is not supported by Strongroom (no platform Ed25519 implementation); use ecdsa-p256 or rsa-2048");
        }

        if (!TransitKeyTypes.TryParse(typeName, out var type))
        {
            return LogicalResponse.BadRequest($"unknown key type: {typeName}");
        }

        var derived = body.GetBool("derived") ?? false;
        if (body.GetBool("convergent_encryption") == true)
        {
            return LogicalResponse.BadRequest("convergent encryption is not supported by Strongroom");
        }

        if (derived && !type.SupportsDerivation())
        {
            return LogicalResponse.BadRequest($"key derivation is not supported for key type {typeName}");
        }

        var keySize = body.GetInt("key_size") ?? 32;
        if (body["key_size"] is not null && type != TransitKeyType.Hmac)
        {
            return LogicalResponse.BadRequest("key_size is only valid for hmac keys");
        }

        if (keySize is < 32 or > 512)
        {
            return LogicalResponse.BadRequest("key_size must be between 32 and 512 bytes");
        }

        var autoRotate = body.GetDuration("auto_rotate_period") ?? TimeSpan.Zero;
        if (autoRotate != TimeSpan.Zero && autoRotate < TimeSpan.FromHours(1))
        {
            return LogicalResponse.BadRequest("auto rotate period must be 0 to disable or at least an hour");
        }

        var exportable = body.GetBool("exportable") ?? false;
        var allowPlaintextBackup = body.GetBool("allow_plaintext_backup") ?? false;
        var (key, created) = await _store.CreateAsync(name, () => New(name, type, derived, exportable, allowPlaintextBackup, autoRotate, (int)keySize), cancellationToken).ConfigureAwait(false);
        var response = LogicalResponse.Ok(Describe(key));
        return created ? response : response.WithWarning($"key {name} already existed");
    }

    /// <summary>A new key with version 1 (also used by encrypt's upsert).</summary>
    public TransitKey New(string name, TransitKeyType type, bool derived, bool exportable = false, bool allowPlaintextBackup = false, TimeSpan autoRotate = default, int hmacKeySize = 32)
    {
        var key = new TransitKey
        {
            Name = name,
            TypeName = type.Name(),
            Derived = derived,
            Exportable = exportable,
            AllowPlaintextBackup = allowPlaintextBackup,
            AutoRotatePeriodSeconds = (long)autoRotate.TotalSeconds,
            LatestVersion = 1,
        };
        key.Versions[1] = TransitCrypto.GenerateVersion(type, hmacKeySize, _store.Clock.GetUtcNow());
        return key;
    }

    private async ValueTask<LogicalResponse> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        var key = await _store.GetAsync(name, cancellationToken).ConfigureAwait(false);
        if (key is null)
        {
            return LogicalResponse.BadRequest("could not delete key; not found");
        }

        if (!key.DeletionAllowed)
        {
            return LogicalResponse.BadRequest("deletion is not allowed for this key");
        }

        await _store.DeleteAsync(name, cancellationToken).ConfigureAwait(false);
        return LogicalResponse.NoContent();
    }

    /// <summary>The key as Vault's read endpoint shows it: config and public parts only.</summary>
    public static JsonObject Describe(TransitKey key)
    {
        var type = key.Type;
        var versions = new JsonObject();
        foreach (var (number, material) in key.Versions.OrderBy(v => v.Key))
        {
            var label = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (type.IsAsymmetric())
            {
                versions[label] = new JsonObject
                {
                    ["creation_time"] = material.CreationTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture),
                    ["name"] = type.IsEcdsa() ? (type == TransitKeyType.EcdsaP256 ? "P-256" : "P-384") : "rsa-" + type.RsaBits().ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["public_key"] = TransitExport.PublicKey(type, material),
                };
            }
            else
            {
                versions[label] = material.CreationTime.ToUnixTimeSeconds();
            }
        }

        var data = new JsonObject
        {
            ["allow_plaintext_backup"] = key.AllowPlaintextBackup,
            ["auto_rotate_period"] = key.AutoRotatePeriodSeconds,
            ["deletion_allowed"] = key.DeletionAllowed,
            ["derived"] = key.Derived,
            ["exportable"] = key.Exportable,
            ["imported_key"] = false,
            ["keys"] = versions,
            ["latest_version"] = key.LatestVersion,
            ["min_available_version"] = 0,
            ["min_decryption_version"] = key.MinDecryptionVersion,
            ["min_encryption_version"] = key.MinEncryptionVersion,
            ["name"] = key.Name,
            ["supports_decryption"] = type.SupportsEncryption(),
            ["supports_derivation"] = type.SupportsDerivation(),
            ["supports_encryption"] = type.SupportsEncryption(),
            ["supports_signing"] = type.SupportsSigning(),
            ["type"] = key.TypeName,
        };
        if (key.Derived)
        {
            data["kdf"] = "hkdf_sha256";
            data["convergent_encryption"] = false;
        }

        return data;
    }
}
