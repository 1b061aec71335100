using System.Security.Cryptography;

namespace Strongroom.Engines.Transit;

/// <summary>Options of one sign/verify item (Vault's field names in comments).</summary>
internal readonly record struct SignOptions(
    HashAlgorithmName Hash,       // hash_algorithm
    bool Prehashed,               // prehashed
    bool Pkcs1v15,                // signature_algorithm: "pkcs1v15" (default "pss")
    bool Jws);                    // marshaling_algorithm: "jws" (default "asn1")
