using System.Globalization;
using System.Text;

namespace Strongroom.Engines.Database;

/// <summary>
/// Vault's statement placeholders: <c>{{name}}</c> / <c>{{username}}</c>, <c>{{password}}</c>,
/// <c>{{expiration}}</c> (formatted like Vault: <c>2006-01-02 15:04:05-0700</c>). Values are
/// substituted as text, as in Vault; the engine only substitutes values it generated or validated
/// (see <see cref="IsSafeValue"/>), so a value cannot close a quoted identifier or literal.
/// </summary>
internal static class StatementTemplate
{
    public static string Render(string statement, string? name = null, string? password = null, DateTimeOffset? expiration = null)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var text = new StringBuilder(statement);
        if (name is not null)
        {
            text.Replace("{{name}}", name).Replace("{{username}}", name);
        }

        if (password is not null)
        {
            text.Replace("{{password}}", password);
        }

        if (expiration is { } when)
        {
            text.Replace("{{expiration}}", FormatExpiration(when));
        }

        return text.ToString();
    }

    public static string FormatExpiration(DateTimeOffset when) =>
        when.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "+0000";

    /// <summary>No quotes, backslashes, semicolons or control characters: safe inside "…" or '…'.</summary>
    public static bool IsSafeValue(string value) =>
        value.Length > 0 && value.All(c => !char.IsControl(c) && c is not ('"' or '\'' or '\\' or ';'));

    /// <summary>A double-quoted PostgreSQL identifier.</summary>
    public static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
