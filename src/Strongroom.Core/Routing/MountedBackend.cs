using Strongroom.Sdk;

namespace Strongroom.Core.Routing;

/// <summary>A live mount: its table entry, its backend instance, and whether it is an auth method.</summary>
public sealed record MountedBackend(MountEntry Entry, ILogicalBackend Backend, BackendKind Kind)
{
    /// <summary>The full request-path prefix: "secret/" or "auth/approle/".</summary>
    public string FullPath => Kind == BackendKind.AuthMethod ? "auth/" + Entry.Path : Entry.Path;
}
