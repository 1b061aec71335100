using Strongroom.Sdk;

namespace Strongroom.Engines.Ai;

/// <summary>Mount type "ai": the AI key gateway's engine (providers, roles, virtual keys, budgets).</summary>
internal sealed class AiBackendFactory : IBackendFactory
{
    public string Type => "ai";

    public BackendKind Kind => BackendKind.SecretsEngine;

    public ILogicalBackend Create(MountContext context) => new AiBackend(context);
}
