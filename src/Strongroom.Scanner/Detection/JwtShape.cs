using System.Text.Json;

namespace Strongroom.Scanner.Detection;

/// <summary>Checks that a JWT-looking string really is one: its header is base64url JSON with an "alg".</summary>
internal static class JwtShape
{
    public static bool IsValid(string token)
    {
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0)
        {
            return false;
        }

        var header = Base64Url(token.AsSpan(0, dot));
        if (header is null)
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(header);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("alg", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static byte[]? Base64Url(ReadOnlySpan<char> segment)
    {
        var padded = new string(segment).Replace('-', '+').Replace('_', '/');
        padded = padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '=');
        try
        {
            return Convert.FromBase64String(padded);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
