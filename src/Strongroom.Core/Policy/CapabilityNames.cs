using Strongroom.Sdk;

namespace Strongroom.Core.Policy;

/// <summary>Capability names as written in policies, and the capability each operation needs.</summary>
public static class CapabilityNames
{
    public const string Deny = "deny";
    public const string Create = "create";
    public const string Read = "read";
    public const string Update = "update";
    public const string Delete = "delete";
    public const string List = "list";
    public const string Sudo = "sudo";
    public const string Patch = "patch";
    public const string Root = "root";

    /// <summary>Accepted in policies for Vault compatibility but grant nothing here.</summary>
    public static IReadOnlyList<string> Ignored { get; } = ["subscribe", "recover"];

    private static readonly (string Name, AclCapabilities Flag)[] All =
    [
        (Create, AclCapabilities.Create),
        (Delete, AclCapabilities.Delete),
        (Deny, AclCapabilities.Deny),
        (List, AclCapabilities.List),
        (Patch, AclCapabilities.Patch),
        (Read, AclCapabilities.Read),
        (Sudo, AclCapabilities.Sudo),
        (Update, AclCapabilities.Update),
    ];

    /// <summary>The flag for a capability name (exact, lower-case), or null if unknown.</summary>
    public static AclCapabilities? Parse(string name) =>
        Array.Find(All, c => c.Name == name) is { Name: not null } found ? found.Flag : null;

    /// <summary>Names of the set flags, sorted ordinally; ["deny"] when deny is set or nothing is.</summary>
    public static IReadOnlyList<string> ToNames(AclCapabilities capabilities)
    {
        if (capabilities.HasFlag(AclCapabilities.Deny) || capabilities == AclCapabilities.None)
        {
            return [Deny];
        }

        return All.Where(c => capabilities.HasFlag(c.Flag)).Select(c => c.Name).ToList();
    }

    /// <summary>The capability an operation requires (Vault: create/read/update/patch/delete/list).</summary>
    public static AclCapabilities For(Operation operation) => operation switch
    {
        Operation.Read => AclCapabilities.Read,
        Operation.Create => AclCapabilities.Create,
        Operation.Update => AclCapabilities.Update,
        Operation.Patch => AclCapabilities.Patch,
        Operation.Delete => AclCapabilities.Delete,
        Operation.List => AclCapabilities.List,
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "unknown operation"),
    };
}
