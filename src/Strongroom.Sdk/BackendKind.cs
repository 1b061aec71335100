namespace Strongroom.Sdk;

public enum BackendKind
{
    SecretsEngine,
    AuthMethod,
}
