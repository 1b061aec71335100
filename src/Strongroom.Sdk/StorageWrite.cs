namespace Strongroom.Sdk;

/// <summary>
/// One write of an <see cref="IStorageView.CommitAsync"/> batch: a put of <see cref="Value"/> at
/// <see cref="Key"/>, or a delete of <see cref="Key"/> when <see cref="Value"/> is null.
/// </summary>
public sealed record StorageWrite(string Key, byte[]? Value)
{
    public static StorageWrite Put(string key, byte[] value) => new(key, value ?? throw new ArgumentNullException(nameof(value)));

    public static StorageWrite Delete(string key) => new(key, null);

    public bool IsDelete => Value is null;

    /// <summary>Only the key: the value may be a secret.</summary>
    public override string ToString() => IsDelete ? $"delete {Key}" : $"put {Key}";
}
