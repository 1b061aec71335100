using System.Globalization;
using System.Text.RegularExpressions;

namespace Strongroom.Cli.Flags;

/// <summary>
/// A duration flag: Go duration syntax ("1h30m", "768h", "90s") or whole seconds ("3600").
/// The text is validated here and sent to the server unchanged, which parses it as Vault does.
/// </summary>
internal sealed partial class DurationFlag(string name, string usage) : Flag(name, usage)
{
    public string? Value { get; private set; }

    public override string ValueName => "duration";

    public override string? DefaultText => null;

    /// <summary>True when the text is a Go-style duration or a whole number of seconds.</summary>
    public static bool IsValid(string value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _) || GoDuration().IsMatch(value);

    protected override string? Set(string value)
    {
        if (!IsValid(value))
        {
            return $"invalid duration \"{value}\" (examples: 30s, 15m, 1h30m, 768h)";
        }

        Value = value;
        return null;
    }

    [GeneratedRegex(@"^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h|d))+$", RegexOptions.CultureInvariant)]
    private static partial Regex GoDuration();
}
