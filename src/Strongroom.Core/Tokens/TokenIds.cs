using System.Security.Cryptography;

namespace Strongroom.Core.Tokens;

/// <summary>Random token ids and accessors from the system CSPRNG.</summary>
internal static class TokenIds
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>A service token: "hvs." + 32 base62 characters (~190 bits).</summary>
    public static string NewToken() => "hvs." + RandomNumberGenerator.GetString(Alphabet, 32);

    /// <summary>An accessor: 24 base62 characters (~142 bits).</summary>
    public static string NewAccessor() => RandomNumberGenerator.GetString(Alphabet, 24);
}
