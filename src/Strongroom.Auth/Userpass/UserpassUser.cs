using Strongroom.Auth.Common;

namespace Strongroom.Auth.Userpass;

/// <summary>One user as stored under "user/&lt;username&gt;". Only the password hash is kept.</summary>
internal sealed class UserpassUser
{
    public string PasswordHash { get; set; } = "";

    public TokenSettings Token { get; set; } = new();
}
