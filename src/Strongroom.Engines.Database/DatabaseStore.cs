using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Strongroom.Sdk;

namespace Strongroom.Engines.Database;

/// <summary>
/// The engine's storage layout: <c>config/&lt;name&gt;</c>, <c>role/&lt;name&gt;</c>,
/// <c>static-role/&lt;name&gt;</c>, each one JSON record.
/// </summary>
internal sealed class DatabaseStore
{
    private const string ConfigPrefix = "config/";
    private const string RolePrefix = "role/";
    private const string StaticRolePrefix = "static-role/";
    private readonly IStorageView _storage;

    public DatabaseStore(IStorageView storage)
    {
        _storage = storage;
    }

    public ValueTask<ConnectionConfig?> GetConfigAsync(string name, CancellationToken cancellationToken) =>
        GetAsync(ConfigPrefix + name, DatabaseJsonContext.Default.ConnectionConfig, cancellationToken);

    public ValueTask PutConfigAsync(string name, ConnectionConfig config, CancellationToken cancellationToken) =>
        PutAsync(ConfigPrefix + name, config, DatabaseJsonContext.Default.ConnectionConfig, cancellationToken);

    public ValueTask DeleteConfigAsync(string name, CancellationToken cancellationToken) =>
        _storage.DeleteAsync(ConfigPrefix + name, cancellationToken);

    public ValueTask<IReadOnlyList<string>> ListConfigsAsync(CancellationToken cancellationToken) =>
        _storage.ListAsync(ConfigPrefix, cancellationToken);

    public ValueTask<RoleEntry?> GetRoleAsync(string name, CancellationToken cancellationToken) =>
        GetAsync(RolePrefix + name, DatabaseJsonContext.Default.RoleEntry, cancellationToken);

    public ValueTask PutRoleAsync(string name, RoleEntry role, CancellationToken cancellationToken) =>
        PutAsync(RolePrefix + name, role, DatabaseJsonContext.Default.RoleEntry, cancellationToken);

    public ValueTask DeleteRoleAsync(string name, CancellationToken cancellationToken) =>
        _storage.DeleteAsync(RolePrefix + name, cancellationToken);

    public ValueTask<IReadOnlyList<string>> ListRolesAsync(CancellationToken cancellationToken) =>
        _storage.ListAsync(RolePrefix, cancellationToken);

    public ValueTask<StaticRoleEntry?> GetStaticRoleAsync(string name, CancellationToken cancellationToken) =>
        GetAsync(StaticRolePrefix + name, DatabaseJsonContext.Default.StaticRoleEntry, cancellationToken);

    public ValueTask PutStaticRoleAsync(string name, StaticRoleEntry role, CancellationToken cancellationToken) =>
        PutAsync(StaticRolePrefix + name, role, DatabaseJsonContext.Default.StaticRoleEntry, cancellationToken);

    public ValueTask DeleteStaticRoleAsync(string name, CancellationToken cancellationToken) =>
        _storage.DeleteAsync(StaticRolePrefix + name, cancellationToken);

    public ValueTask<IReadOnlyList<string>> ListStaticRolesAsync(CancellationToken cancellationToken) =>
        _storage.ListAsync(StaticRolePrefix, cancellationToken);

    private async ValueTask<T?> GetAsync<T>(string key, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        var raw = await _storage.GetAsync(key, cancellationToken).ConfigureAwait(false);
        return raw is null ? null : JsonSerializer.Deserialize(raw, type);
    }

    private ValueTask PutAsync<T>(string key, T value, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        _storage.PutAsync(key, JsonSerializer.SerializeToUtf8Bytes(value, type), cancellationToken);
}
