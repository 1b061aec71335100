namespace Strongroom.Cli.Flags;

internal sealed class BoolFlag(string name, bool defaultValue, string usage) : Flag(name, usage)
{
    public bool Value { get; private set; } = defaultValue;

    public override bool IsBool => true;

    public override string ValueName => string.Empty;

    public override string? DefaultText { get; } = defaultValue ? "true" : null;

    /// <summary>Accepts Go's strconv.ParseBool spellings.</summary>
    protected override string? Set(string value)
    {
        switch (value)
        {
            case "1" or "t" or "T" or "true" or "TRUE" or "True":
                Value = true;
                return null;
            case "0" or "f" or "F" or "false" or "FALSE" or "False":
                Value = false;
                return null;
            default:
                return $"invalid boolean value \"{value}\"";
        }
    }
}
