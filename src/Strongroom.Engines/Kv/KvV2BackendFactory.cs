using Strongroom.Sdk;

namespace Strongroom.Engines.Kv;

/// <summary>Mount type "kv-v2": always the versioned KV engine, like Vault's alias.</summary>
internal sealed class KvV2BackendFactory : IBackendFactory
{
    public string Type => "kv-v2";

    public BackendKind Kind => BackendKind.SecretsEngine;

    public ILogicalBackend Create(MountContext context) => new KvV2Backend(context);
}
