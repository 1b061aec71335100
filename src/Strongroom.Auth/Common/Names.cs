using System.Text.RegularExpressions;

namespace Strongroom.Auth.Common;

/// <summary>Vault's GenericNameRegex for role and user names: word characters, with '-', '.', '@' inside.</summary>
internal static partial class Names
{
    public static bool IsValid(string name) => name.Length is > 0 and <= 512 && NamePattern().IsMatch(name);

    [GeneratedRegex(@"^\w(([\w\-.@]+)?\w)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
