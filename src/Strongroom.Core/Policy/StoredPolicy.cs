namespace Strongroom.Core.Policy;

/// <summary>A policy as stored: its normalised name, raw text and parsed form.</summary>
public sealed record StoredPolicy(string Name, string Raw, AclPolicy Policy);
