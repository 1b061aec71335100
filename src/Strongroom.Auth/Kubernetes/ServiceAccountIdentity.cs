namespace Strongroom.Auth.Kubernetes;

/// <summary>The identity the API server vouched for in a TokenReview.</summary>
internal sealed record ServiceAccountIdentity(string Namespace, string Name, string Uid, IReadOnlyList<string> Audiences);
