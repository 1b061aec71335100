namespace Strongroom.Core;

/// <summary>The version the server reports (Vault API level it follows + our build).</summary>
public static class StrongroomVersion
{
    public const string Value = "1.19.0+strongroom";
}
