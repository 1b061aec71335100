using Strongroom.Sdk;

namespace Strongroom.Engines.Kv;

/// <summary>
/// Mount type "kv": KV v2 when the mount option "version" is "2", KV v1 when it is absent, empty or "1".
/// </summary>
internal sealed class KvBackendFactory : IBackendFactory
{
    public string Type => "kv";

    public BackendKind Kind => BackendKind.SecretsEngine;

    public ILogicalBackend Create(MountContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var version = context.Options.GetValueOrDefault("version");
        return version switch
        {
            null or "" or "1" => new KvV1Backend(context),
            "2" => new KvV2Backend(context),
            _ => throw new ArgumentException("kv: the \"version\" option must be \"1\" or \"2\"", nameof(context)),
        };
    }
}
