namespace Strongroom.Scanner.Migration;

/// <summary>`strongroom://&lt;mount&gt;/&lt;path&gt;#&lt;field&gt;`: where a value lives in the vault's KV v2 engine.</summary>
internal sealed record SecretReference(string Mount, string Path, string Field)
{
    public const string Scheme = "strongroom://";

    public static SecretReference? TryParse(string value)
    {
        var text = value.Trim();
        if (!text.StartsWith(Scheme, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = text[Scheme.Length..];
        var hash = rest.LastIndexOf('#');
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (hash <= 0 || slash <= 0 || slash > hash || hash == rest.Length - 1 || slash == hash - 1)
        {
            return null;
        }

        return new SecretReference(rest[..slash], rest[(slash + 1)..hash], rest[(hash + 1)..]);
    }

    public override string ToString() => $"{Scheme}{Mount}/{Path}#{Field}";
}
