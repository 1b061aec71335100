namespace Strongroom.Core.Storage;

/// <summary>One stored key and its raw (barrier-encrypted) value, as exported by a snapshot.</summary>
public sealed record PhysicalEntry(string Key, byte[] Value);
