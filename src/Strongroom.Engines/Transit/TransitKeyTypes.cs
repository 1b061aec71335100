namespace Strongroom.Engines.Transit;

/// <summary>Names and capabilities of <see cref="TransitKeyType"/>, exactly as Vault spells them.</summary>
internal static class TransitKeyTypes
{
    public static bool TryParse(string? name, out TransitKeyType type)
    {
        switch (name)
        {
            case "aes128-gcm96": type = TransitKeyType.Aes128Gcm96; return true;
            case "aes256-gcm96": type = TransitKeyType.Aes256Gcm96; return true;
            case "chacha20-poly1305": type = TransitKeyType.ChaCha20Poly1305; return true;
            case "ecdsa-p256": type = TransitKeyType.EcdsaP256; return true;
            case "ecdsa-p384": type = TransitKeyType.EcdsaP384; return true;
            case "rsa-2048": type = TransitKeyType.Rsa2048; return true;
            case "rsa-3072": type = TransitKeyType.Rsa3072; return true;
            case "rsa-4096": type = TransitKeyType.Rsa4096; return true;
            case "hmac": type = TransitKeyType.Hmac; return true;
            default: type = default; return false;
        }
    }

    public static string Name(this TransitKeyType type) => type switch
    {
        TransitKeyType.Aes128Gcm96 => "aes128-gcm96",
        TransitKeyType.Aes256Gcm96 => "aes256-gcm96",
        TransitKeyType.ChaCha20Poly1305 => "chacha20-poly1305",
        TransitKeyType.EcdsaP256 => "ecdsa-p256",
        TransitKeyType.EcdsaP384 => "ecdsa-p384",
        TransitKeyType.Rsa2048 => "rsa-2048",
        TransitKeyType.Rsa3072 => "rsa-3072",
        TransitKeyType.Rsa4096 => "rsa-4096",
        TransitKeyType.Hmac => "hmac",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static bool IsAead(this TransitKeyType type) =>
        type is TransitKeyType.Aes128Gcm96 or TransitKeyType.Aes256Gcm96 or TransitKeyType.ChaCha20Poly1305;

    public static bool IsRsa(this TransitKeyType type) =>
        type is TransitKeyType.Rsa2048 or TransitKeyType.Rsa3072 or TransitKeyType.Rsa4096;

    public static bool IsEcdsa(this TransitKeyType type) =>
        type is TransitKeyType.EcdsaP256 or TransitKeyType.EcdsaP384;

    public static bool SupportsEncryption(this TransitKeyType type) => type.IsAead() || type.IsRsa();

    public static bool SupportsSigning(this TransitKeyType type) =>
        type.IsRsa() || type.IsEcdsa();

    public static bool SupportsDerivation(this TransitKeyType type) => type.IsAead();

    public static bool IsAsymmetric(this TransitKeyType type) => type.SupportsSigning();

    /// <summary>Length in bytes of the symmetric key of an AEAD type.</summary>
    public static int SymmetricKeyLength(this TransitKeyType type) => type == TransitKeyType.Aes128Gcm96 ? 16 : 32;

    public static int RsaBits(this TransitKeyType type) => type switch
    {
        TransitKeyType.Rsa2048 => 2048,
        TransitKeyType.Rsa3072 => 3072,
        TransitKeyType.Rsa4096 => 4096,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}
