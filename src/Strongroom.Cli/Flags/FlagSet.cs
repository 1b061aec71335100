using System.Text;

namespace Strongroom.Cli.Flags;

/// <summary>
/// A set of flags parsed with Go <c>flag</c> semantics: <c>-f=v</c>, <c>--f=v</c>, <c>-f v</c>; bool flags as
/// <c>-f</c> or <c>-f=false</c>; parsing stops at the first positional argument or after <c>--</c>;
/// <c>-h</c>/<c>-help</c> request help.
/// </summary>
internal sealed class FlagSet
{
    private readonly Dictionary<string, Flag> _flags = new(StringComparer.Ordinal);
    private readonly List<(string Section, List<Flag> Flags)> _sections = [];

    public bool HelpRequested { get; private set; }

    public IReadOnlyList<string> Positional { get; private set; } = [];

    /// <summary>Starts a titled group of flags in help output ("HTTP Options", "Command Options").</summary>
    public FlagSet Section(string title)
    {
        _sections.Add((title, []));
        return this;
    }

    public T Add<T>(T flag)
        where T : Flag
    {
        if (!_flags.TryAdd(flag.Name, flag))
        {
            throw new InvalidOperationException($"flag redefined: {flag.Name}");
        }

        if (_sections.Count == 0)
        {
            Section("Command Options");
        }

        _sections[^1].Flags.Add(flag);
        return flag;
    }

    /// <summary>A second name for a flag (e.g. -f for -force), as the vault CLI has.</summary>
    public void Alias(string alias, Flag flag)
    {
        ArgumentNullException.ThrowIfNull(flag);
        if (!_flags.TryAdd(alias, flag))
        {
            throw new InvalidOperationException($"flag redefined: {alias}");
        }
    }

    public StringFlag String(string name, string? defaultValue, string usage, Func<string, string?>? validate = null) =>
        Add(new StringFlag(name, defaultValue, usage, validate));

    public BoolFlag Bool(string name, bool defaultValue, string usage) => Add(new BoolFlag(name, defaultValue, usage));

    public IntFlag Int(string name, int defaultValue, string usage) => Add(new IntFlag(name, defaultValue, usage));

    public DurationFlag Duration(string name, string usage) => Add(new DurationFlag(name, usage));

    public StringListFlag List(string name, string usage, bool splitCommas = true) => Add(new StringListFlag(name, usage, splitCommas));

    /// <summary>Parses the arguments; returns an error message for a usage error, or null.</summary>
    public string? Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var i = 0;
        for (; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                i++;
                break;
            }

            if (arg.Length < 2 || arg[0] != '-')
            {
                break;
            }

            var body = arg[1] == '-' ? arg[2..] : arg[1..];
            if (body.Length == 0 || body[0] == '-' || body[0] == '=')
            {
                return $"bad flag syntax: {arg}";
            }

            var eq = body.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? body : body[..eq];
            if (!_flags.TryGetValue(name, out var flag))
            {
                if (name is "h" or "help")
                {
                    HelpRequested = true;
                    continue;
                }

                return $"flag provided but not defined: -{name}";
            }

            string value;
            if (eq >= 0)
            {
                value = body[(eq + 1)..];
            }
            else if (flag.IsBool)
            {
                value = "true";
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
            }
            else
            {
                return $"flag needs an argument: -{name}";
            }

            var error = flag.Apply(value);
            if (error is not null)
            {
                return $"invalid value \"{value}\" for flag -{name}: {error}";
            }
        }

        Positional = args.Skip(i).ToArray();
        return null;
    }

    /// <summary>Help text for all flags, grouped by section, in Vault's layout.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        foreach (var (section, flags) in _sections.Where(s => s.Flags.Count > 0))
        {
            text.Append(section).Append(":\n\n");
            foreach (var flag in flags)
            {
                text.Append("  -").Append(flag.Name);
                if (flag.ValueName.Length > 0)
                {
                    text.Append('=').Append('<').Append(flag.ValueName).Append('>');
                }

                text.Append('\n').Append("      ").Append(flag.Usage);
                if (flag.DefaultText is not null)
                {
                    text.Append(" The default is ").Append(flag.DefaultText).Append('.');
                }

                text.Append("\n\n");
            }
        }

        return text.ToString().TrimEnd() + "\n";
    }
}
