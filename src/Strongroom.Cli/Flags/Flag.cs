namespace Strongroom.Cli.Flags;

/// <summary>One command-line flag (Go <c>flag</c> package semantics).</summary>
internal abstract class Flag
{
    protected Flag(string name, string usage)
    {
        Name = name;
        Usage = usage;
    }

    public string Name { get; }

    public string Usage { get; }

    /// <summary>True once the flag appeared on the command line.</summary>
    public bool IsSet { get; private set; }

    /// <summary>Bool flags take no separate value: <c>-flag</c> means true, <c>-flag=false</c> false.</summary>
    public virtual bool IsBool => false;

    /// <summary>Text of the default value shown in help, or null to show none.</summary>
    public abstract string? DefaultText { get; }

    /// <summary>Name of the value in help output, e.g. "string" or "duration".</summary>
    public virtual string ValueName => "string";

    /// <summary>Applies one occurrence; returns an error message or null.</summary>
    public string? Apply(string value)
    {
        var error = Set(value);
        if (error is null)
        {
            IsSet = true;
        }

        return error;
    }

    protected abstract string? Set(string value);
}
