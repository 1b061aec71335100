namespace Strongroom.Sdk;

/// <summary>The logical operation of a request, as Vault's ACL sees it.</summary>
public enum Operation
{
    Read,
    /// <summary>A write to a path that does not exist yet (ACL capability "create").</summary>
    Create,
    /// <summary>A write to a path that exists (ACL capability "update").</summary>
    Update,
    /// <summary>HTTP PATCH (ACL capability "patch").</summary>
    Patch,
    Delete,
    List,
}
