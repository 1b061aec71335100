using Strongroom.Sdk;

namespace Strongroom.Engines.Cubbyhole;

/// <summary>Mount type "cubbyhole".</summary>
internal sealed class CubbyholeBackendFactory : IBackendFactory
{
    public string Type => "cubbyhole";

    public BackendKind Kind => BackendKind.SecretsEngine;

    public ILogicalBackend Create(MountContext context) => new CubbyholeBackend(context);
}
