namespace Strongroom.Core.Policy;

/// <summary>
/// A named ACL policy: its raw text and parsed path rules. Named AclPolicy (not Policy) so it does
/// not collide with the Strongroom.Core.Policy namespace inside Strongroom.Core code.
/// </summary>
public sealed class AclPolicy
{
    public const string RootName = "root";
    public const string DefaultName = "default";

    public AclPolicy(string name, string raw, IReadOnlyList<PathRule> paths)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(paths);
        Name = name;
        Raw = raw;
        Paths = paths;
    }

    /// <summary>The built-in root policy: grants everything; has no text and no rules.</summary>
    public static AclPolicy Root { get; } = new(RootName, "", []);

    public string Name { get; }

    /// <summary>The policy text exactly as written (HCL or JSON).</summary>
    public string Raw { get; }

    public IReadOnlyList<PathRule> Paths { get; }

    public bool IsRoot => Name == RootName;

    public override string ToString() => $"AclPolicy({Name}, {Paths.Count} paths)";
}
