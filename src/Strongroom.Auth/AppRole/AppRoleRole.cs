using Strongroom.Auth.Common;

namespace Strongroom.Auth.AppRole;

/// <summary>One AppRole as stored under "role/&lt;name&gt;".</summary>
internal sealed class AppRoleRole
{
    public string Name { get; set; } = "";

    /// <summary>The role ID. Not a secret on its own (Vault returns it on read), but only useful with a secret ID.</summary>
    public string RoleId { get; set; } = "";

    public bool BindSecretId { get; set; } = true;

    public List<string> SecretIdBoundCidrs { get; set; } = [];

    public int SecretIdNumUses { get; set; }

    public TimeSpan SecretIdTtl { get; set; }

    public bool LocalSecretIds { get; set; }

    public TokenSettings Token { get; set; } = new();
}
