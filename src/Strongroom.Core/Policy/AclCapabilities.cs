namespace Strongroom.Core.Policy;

/// <summary>The capabilities a policy path rule grants (Vault's capability bitmap).</summary>
[Flags]
public enum AclCapabilities
{
    None = 0,
    /// <summary>Explicit deny: wins over everything, including sudo.</summary>
    Deny = 1,
    Create = 1 << 1,
    Read = 1 << 2,
    Update = 1 << 3,
    Delete = 1 << 4,
    List = 1 << 5,
    /// <summary>Access to root-protected paths (in addition to the operation's capability).</summary>
    Sudo = 1 << 6,
    Patch = 1 << 7,
}
