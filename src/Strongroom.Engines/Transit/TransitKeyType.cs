namespace Strongroom.Engines.Transit;

/// <summary>The key types of Vault's transit engine that Strongroom implements.</summary>
internal enum TransitKeyType
{
    Aes128Gcm96,
    Aes256Gcm96,
    ChaCha20Poly1305,
    EcdsaP256,
    EcdsaP384,
    Rsa2048,
    Rsa3072,
    Rsa4096,
    Hmac,
}
