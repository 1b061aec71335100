using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Strongroom.Sdk;

namespace Strongroom.Engines.Transit;

/// <summary>
/// <c>export/:type/:name(/:version)</c>: key material in Vault's export formats, only for keys
/// created or configured <c>exportable</c> (public keys are always exportable).
/// </summary>
internal static class TransitExport
{
    public static LogicalResponse Export(TransitKey key, string exportType, string? versionText)
    {
        var type = key.Type;
        var valid = exportType switch
        {
            "encryption-key" => type.SupportsEncryption(),
            "signing-key" => type.SupportsSigning(),
            "hmac-key" => true,
            "public-key" => type.IsAsymmetric(),
            _ => throw new TransitUserException($"invalid export type: {exportType}"),
        };
        if (!valid)
        {
            return LogicalResponse.BadRequest($"{exportType} is not supported by key type {key.TypeName}");
        }

        if (exportType != "public-key" && !key.Exportable)
        {
            return LogicalResponse.BadRequest("private key material is not exportable");
        }

        IEnumerable<int> versions = key.Versions.Keys.Where(v => v >= key.MinDecryptionVersion).Order();
        if (versionText is not null)
        {
            var version = versionText == "latest" ? key.LatestVersion
                : int.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1;
            if (!key.Versions.ContainsKey(version) || version < key.MinDecryptionVersion)
            {
                return LogicalResponse.BadRequest("invalid key version");
            }

            versions = [version];
        }

        var keys = new JsonObject();
        foreach (var version in versions)
        {
            keys[version.ToString(CultureInfo.InvariantCulture)] = Material(type, key.Versions[version], exportType);
        }

        return LogicalResponse.Ok(new JsonObject { ["name"] = key.Name, ["type"] = key.TypeName, ["keys"] = keys });
    }

    /// <summary>RSA and ECDSA: a PKIX PEM.</summary>
    public static string PublicKey(TransitKeyType type, TransitKeyVersion material) =>
        PemEncoding.WriteString("PUBLIC KEY", material.PublicKey);

    private static string Material(TransitKeyType type, TransitKeyVersion material, string exportType)
    {
        switch (exportType)
        {
            case "hmac-key":
                return Convert.ToBase64String(material.HmacKey);
            case "public-key":
                return PublicKey(type, material);
        }

        if (type.IsAead())
        {
            return Convert.ToBase64String(material.Key!);
        }

        if (type.IsEcdsa())
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportPkcs8PrivateKey(material.PrivateKey, out _);
            return ecdsa.ExportECPrivateKeyPem();
        }

        using var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(material.PrivateKey, out _);
        return rsa.ExportRSAPrivateKeyPem();
    }
}
