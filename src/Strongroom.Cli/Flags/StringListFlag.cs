namespace Strongroom.Cli.Flags;

/// <summary>A repeatable flag (<c>-policy=a -policy=b</c>); comma-separated values are split too.</summary>
internal sealed class StringListFlag(string name, string usage, bool splitCommas = true) : Flag(name, usage)
{
    private readonly List<string> _values = [];

    public IReadOnlyList<string> Values => _values;

    public override string? DefaultText => null;

    protected override string? Set(string value)
    {
        if (splitCommas)
        {
            _values.AddRange(value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        else
        {
            _values.Add(value);
        }

        return null;
    }
}
