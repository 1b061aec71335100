namespace Strongroom.Engines.Transit;

/// <summary>
/// The material of one version of a named key, as stored (behind the barrier). Which fields are
/// set depends on the key type: <see cref="Key"/> for AEAD and hmac keys,
/// <see cref="PrivateKey"/> (PKCS#8) for RSA and ECDSA. Every version also has its own
/// <see cref="HmacKey"/>, like Vault, so <c>hmac/:name</c> works with any key.
/// </summary>
internal sealed class TransitKeyVersion
{
    public byte[]? Key { get; set; }

    public byte[]? PrivateKey { get; set; }

    /// <summary>RSA/ECDSA: SubjectPublicKeyInfo DER.</summary>
    public byte[]? PublicKey { get; set; }

    public byte[] HmacKey { get; set; } = [];

    public DateTimeOffset CreationTime { get; set; }
}
