namespace Strongroom.Engines.Transit;

/// <summary>
/// A bad input found deep inside a transit operation (wrong version, tampered ciphertext, bad
/// base64). Caught at the path handler and turned into a 400 or a per-item batch error; its
/// message never contains key material, plaintext or ciphertext.
/// </summary>
internal sealed class TransitUserException : Exception
{
    public TransitUserException()
    {
    }

    public TransitUserException(string message)
        : base(message)
    {
    }

    public TransitUserException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
