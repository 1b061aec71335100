using System.Text.Json.Serialization;

namespace Strongroom.Engines.Transit;

/// <summary>
/// A named key (Vault's "policy"): its configuration and every version's material. Instances
/// published by <see cref="TransitKeyStore"/> are never mutated; changes load a fresh copy.
/// </summary>
internal sealed class TransitKey
{
    public string Name { get; set; } = "";

    /// <summary>The Vault type name, e.g. "aes256-gcm96".</summary>
    [JsonPropertyName("type")]
    public string TypeName { get; set; } = "";

    public bool Derived { get; set; }

    public bool Exportable { get; set; }

    public bool AllowPlaintextBackup { get; set; }

    public bool DeletionAllowed { get; set; }

    public int MinDecryptionVersion { get; set; } = 1;

    public int MinEncryptionVersion { get; set; }

    public int LatestVersion { get; set; }

    public long AutoRotatePeriodSeconds { get; set; }

    public Dictionary<int, TransitKeyVersion> Versions { get; set; } = [];

    [JsonIgnore]
    public TransitKeyType Type => TransitKeyTypes.TryParse(TypeName, out var t) ? t : throw new InvalidOperationException("stored key has an unknown type");

    /// <summary>
    /// The version to encrypt/sign with: the latest when <paramref name="requested"/> is 0,
    /// else the requested one if it exists and is at least min_encryption_version.
    /// </summary>
    public (int Version, TransitKeyVersion Material) ForEncryption(int requested)
    {
        var version = requested == 0 ? LatestVersion : requested;
        if (requested < 0 || version > LatestVersion || !Versions.TryGetValue(version, out var material))
        {
            throw new TransitUserException("invalid key version");
        }

        if (MinEncryptionVersion > 0 && version < MinEncryptionVersion)
        {
            throw new TransitUserException("requested version for encryption is less than the minimum encryption key version");
        }

        return (version, material);
    }

    /// <summary>The version a ciphertext/signature names, if it may be used to decrypt/verify.</summary>
    public TransitKeyVersion ForDecryption(int version)
    {
        if (version < MinDecryptionVersion)
        {
            throw new TransitUserException("ciphertext or signature version is disallowed by policy (too old)");
        }

        if (version > LatestVersion || !Versions.TryGetValue(version, out var material))
        {
            throw new TransitUserException("invalid key version");
        }

        return material;
    }
}
