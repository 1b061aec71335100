namespace Strongroom.Core.Ha;

/// <summary>A node as recorded in the HA table: id, API address and when its record expires.</summary>
public sealed record HaNode(string NodeId, string ApiAddr, DateTimeOffset ValidUntil);
