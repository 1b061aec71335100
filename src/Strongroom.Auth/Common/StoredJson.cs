using System.Text.Json;
using Strongroom.Sdk;

namespace Strongroom.Auth.Common;

/// <summary>Reads and writes backend records as snake_case JSON in the mount's storage view.</summary>
internal static class StoredJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static async ValueTask<T?> ReadAsync<T>(IStorageView storage, string key, CancellationToken cancellationToken)
        where T : class
    {
        var bytes = await storage.GetAsync(key, cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : JsonSerializer.Deserialize<T>(bytes, Options);
    }

    public static ValueTask WriteAsync<T>(IStorageView storage, string key, T value, CancellationToken cancellationToken) =>
        storage.PutAsync(key, JsonSerializer.SerializeToUtf8Bytes(value, Options), cancellationToken);
}
