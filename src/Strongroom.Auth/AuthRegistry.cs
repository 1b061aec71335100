using Strongroom.Auth.AppRole;
using Strongroom.Auth.Common;
using Strongroom.Auth.Jwt;
using Strongroom.Auth.Kubernetes;
using Strongroom.Auth.Userpass;
using Strongroom.Sdk;

namespace Strongroom.Auth;

/// <summary>The auth methods this assembly provides, one factory per mount type.</summary>
public static class AuthRegistry
{
    public static IReadOnlyList<IBackendFactory> All { get; } =
    [
        new AuthBackendFactory("approle", context => new AppRoleBackend(context)),
        new AuthBackendFactory("userpass", context => new UserpassBackend(context)),
        new AuthBackendFactory("jwt", context => new JwtBackend(context)),
        new AuthBackendFactory("oidc", context => new JwtBackend(context)),
        new AuthBackendFactory("kubernetes", context => new KubernetesBackend(context)),
    ];
}
