namespace Strongroom.Cli.Flags;

internal sealed class StringFlag(string name, string? defaultValue, string usage, Func<string, string?>? validate = null)
    : Flag(name, usage)
{
    public string? Value { get; private set; } = defaultValue;

    public override string? DefaultText { get; } = string.IsNullOrEmpty(defaultValue) ? null : $"\"{defaultValue}\"";

    protected override string? Set(string value)
    {
        var error = validate?.Invoke(value);
        if (error is not null)
        {
            return error;
        }

        Value = value;
        return null;
    }
}
