namespace Strongroom.Sdk;

/// <summary>Creates the backend for one mount. Registering an engine is one factory in the registry.</summary>
public interface IBackendFactory
{
    /// <summary>The mount type, e.g. "kv", "cubbyhole", "approle".</summary>
    string Type { get; }

    BackendKind Kind { get; }

    ILogicalBackend Create(MountContext context);
}
