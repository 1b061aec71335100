using Strongroom.Sdk;

namespace Strongroom.Engines.Database;

/// <summary>Mount type "database": dynamic and static PostgreSQL credentials.</summary>
public sealed class DatabaseBackendFactory : IBackendFactory
{
    public string Type => "database";

    public BackendKind Kind => BackendKind.SecretsEngine;

    public ILogicalBackend Create(MountContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new DatabaseBackend(context);
    }
}
