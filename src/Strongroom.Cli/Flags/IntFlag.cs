using System.Globalization;

namespace Strongroom.Cli.Flags;

internal sealed class IntFlag(string name, int defaultValue, string usage) : Flag(name, usage)
{
    public int Value { get; private set; } = defaultValue;

    public override string ValueName => "int";

    public override string? DefaultText { get; } = defaultValue.ToString(CultureInfo.InvariantCulture);

    protected override string? Set(string value)
    {
        if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
        {
            return $"invalid integer value \"{value}\"";
        }

        Value = parsed;
        return null;
    }
}
