namespace Strongroom.Core.Routing;

/// <summary>The mount a request path resolved to and the path relative to it.</summary>
public sealed record RouteMatch(MountedBackend Mount, string RelativePath);
