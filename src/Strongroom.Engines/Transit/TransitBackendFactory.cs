using Strongroom.Sdk;

namespace Strongroom.Engines.Transit;

/// <summary>Mount type "transit".</summary>
internal sealed class TransitBackendFactory : IBackendFactory
{
    public string Type => "transit";

    public BackendKind Kind => BackendKind.SecretsEngine;

    public ILogicalBackend Create(MountContext context) => new TransitBackend(context);
}
