using System.Security.Cryptography;

namespace Strongroom.Core.Crypto;

/// <summary>
/// The single failure of <see cref="AeadEnvelope"/> decryption: short input, unknown version,
/// unknown key term, wrong key, wrong associated data or any tampering. The message is fixed and
/// never says which; callers must not branch on the cause.
/// </summary>
public sealed class BarrierDecryptionException : CryptographicException
{
    private const string FixedMessage = "The ciphertext could not be decrypted.";

    public BarrierDecryptionException()
        : base(FixedMessage)
    {
    }

    // The standard constructors exist for the analyzer; the message is always the fixed one.
    public BarrierDecryptionException(string message)
        : base(FixedMessage)
    {
        _ = message;
    }

    public BarrierDecryptionException(string message, Exception innerException)
        : base(FixedMessage, innerException)
    {
        _ = message;
    }
}
