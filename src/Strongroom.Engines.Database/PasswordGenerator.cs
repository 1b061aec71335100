using System.Security.Cryptography;

namespace Strongroom.Engines.Database;

/// <summary>
/// Vault's default database password shape: 20 characters from [a-zA-Z0-9-] with at least one
/// lowercase letter, one uppercase letter, one digit and one '-', from the system CSPRNG.
/// </summary>
internal static class PasswordGenerator
{
    private const string Lower = "abcdefghijklmnopqrstuvwxyz";
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Digits = "0123456789";
    private const string All = Lower + Upper + Digits + "-";

    public static string Generate(int length = 20)
    {
        while (true)
        {
            var candidate = RandomNumberGenerator.GetString(All, length);
            if (candidate.Any(char.IsAsciiLetterLower) && candidate.Any(char.IsAsciiLetterUpper)
                && candidate.Any(char.IsAsciiDigit) && candidate.Contains('-', StringComparison.Ordinal))
            {
                return candidate;
            }
        }
    }

    /// <summary>Alphanumeric random text (the username template's <c>random N</c>).</summary>
    public static string Alphanumeric(int length) => RandomNumberGenerator.GetString(Lower + Upper + Digits, length);
}
