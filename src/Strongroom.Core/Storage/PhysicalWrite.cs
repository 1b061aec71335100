namespace Strongroom.Core.Storage;

/// <summary>One write of a <see cref="IPhysicalBackend.CommitAsync"/> batch: a put, or a delete when <see cref="Value"/> is null.</summary>
public sealed record PhysicalWrite(string Key, byte[]? Value)
{
    public static PhysicalWrite Put(string key, byte[] value) => new(key, value ?? throw new ArgumentNullException(nameof(value)));

    public static PhysicalWrite Delete(string key) => new(key, null);

    public bool IsDelete => Value is null;
}
