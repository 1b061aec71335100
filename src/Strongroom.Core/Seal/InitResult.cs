namespace Strongroom.Core.Seal;

/// <summary>The one-time output of initialisation: the unseal key shares and the initial root token.</summary>
public sealed record InitResult(IReadOnlyList<byte[]> KeyShares, string RootToken);
