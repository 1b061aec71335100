using System.Text.RegularExpressions;

namespace Strongroom.Scanner.Detection;

/// <summary>
/// Decides what looks like a secret but is not one: placeholders, documentation examples, references to
/// environment variables, hashes and UUIDs without context, and inline data. This is where "not crying wolf" lives.
/// </summary>
internal static partial class FalsePositiveFilter
{
    private static readonly string[] PlaceholderMarkers =
    [
        "xxxx", "example", "placeholder", "your_", "your-", "yourkey", "yourtoken", "yoursecret", "<", ">", "${", "{{",
        "}}", "%s", "%(", "changeme", "change_me", "change-me", "dummy", "redacted", "****", "...", "sample", "replace_",
        "replace-", "insert_", "insert-", "todo", "fixme", "foobar", "lorem", "fake", "notreal", "not_real", "not-real",
        "123456789", "abcdefgh", "here", "secret_value", "my_secret", "mysecret", "mytoken", "mypassword",
    ];

    private static readonly string[] ReferencePrefixes =
    [
        "$", "%", "os.environ", "os.getenv", "process.env", "env.", "environ", "getenv", "system.getenv", "config.",
        "settings.", "secrets.", "vars.", "self.", "this.", "strongroom://", "vault:", "ref+", "arn:",
    ];

    private static readonly string[] NonSecretKeyMarkers =
    [
        "hash", "sha", "digest", "checksum", "integrity", "etag", "fingerprint", "public", "publishable", "pubkey",
        "_url", "_uri", "endpoint", "_path", "_file", "_type", "_name", "_header", "_prefix", "_length", "_size",
    ];

    /// <summary>A value no real credential would be: placeholders, runs, "your-key-here".</summary>
    public static bool IsPlaceholder(string secret)
    {
        var lower = secret.ToLowerInvariant();
        foreach (var marker in PlaceholderMarkers)
        {
            if (lower.Contains(marker, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return HasRun(secret, 6);
    }

    private static readonly HashSet<string> DefaultPasswords = new(StringComparer.OrdinalIgnoreCase)
    {
        "password", "pass", "passwd", "pwd", "secret", "root", "admin", "test", "postgres", "mysql", "guest", "user",
        "changeme", "example", "default", "letmein", "redis", "mongo", "rabbitmq",
    };

    /// <summary>URL credentials that are defaults, not leaks: password equal to the user, or a well-known default.</summary>
    public static bool IsDefaultCredential(string user, string password) =>
        string.Equals(user, password, StringComparison.Ordinal) || DefaultPasswords.Contains(password);

    /// <summary>Extra checks for generic (provider-less) candidates: name and value shape.</summary>
    public static bool IsUnlikelyGenericSecret(string keyName, string value)
    {
        var name = keyName.ToLowerInvariant();
        foreach (var marker in NonSecretKeyMarkers)
        {
            if (name.Contains(marker, StringComparison.Ordinal))
            {
                return true;
            }
        }

        var lower = value.ToLowerInvariant();
        foreach (var prefix in ReferencePrefixes)
        {
            if (lower.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        var hasDigit = false;
        var hasLetter = false;
        foreach (var c in value)
        {
            hasDigit |= char.IsAsciiDigit(c);
            hasLetter |= char.IsAsciiLetter(c);
        }

        // Real keys are random: they have letters and digits. Words, identifiers and numbers are not keys.
        return !hasDigit || !hasLetter || Uuid().IsMatch(value) || DottedIdentifier().IsMatch(value)
            || value.StartsWith("http", StringComparison.OrdinalIgnoreCase) || value.Contains("::", StringComparison.Ordinal);
    }

    /// <summary>True when the candidate sits inside a `data:...;base64,` inline blob (images, fonts).</summary>
    public static bool IsInsideInlineData(ReadOnlySpan<char> text, int start)
    {
        var i = start;
        while (i > 0 && IsBase64Char(text[i - 1]))
        {
            i--;
        }

        return i >= 7 && text.Slice(i - 7, 7).SequenceEqual("base64,");
    }

    /// <summary>True when the allowlist of the rule set drops this secret.</summary>
    public static bool IsAllowed(RuleSet rules, string secret)
    {
        if (rules.IsExample(secret))
        {
            return true;
        }

        foreach (var stopword in rules.Stopwords)
        {
            if (secret.Contains(stopword, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        foreach (var regex in rules.AllowedSecrets)
        {
            if (regex.IsMatch(secret))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasRun(string value, int length)
    {
        var run = 1;
        for (var i = 1; i < value.Length; i++)
        {
            run = value[i] == value[i - 1] ? run + 1 : 1;
            if (run >= length)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsBase64Char(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=';

    [GeneratedRegex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")]
    private static partial Regex Uuid();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(?:[.\-][A-Za-z_][A-Za-z0-9_]*)+(?:\(\))?$")]
    private static partial Regex DottedIdentifier();
}
