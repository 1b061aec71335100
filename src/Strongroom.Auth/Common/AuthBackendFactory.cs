using Strongroom.Sdk;

namespace Strongroom.Auth.Common;

/// <summary>Registers one auth method type: a name and how to create its backend for a mount.</summary>
internal sealed class AuthBackendFactory(string type, Func<MountContext, ILogicalBackend> create) : IBackendFactory
{
    public string Type { get; } = type;

    public BackendKind Kind => BackendKind.AuthMethod;

    public ILogicalBackend Create(MountContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return create(context);
    }
}
