using System.Globalization;
using System.Text.RegularExpressions;

namespace Strongroom.Storage.Postgres;

/// <summary>
/// Settings of <c>storage "postgresql" { ... }</c> (Vault's shape): connection_url (or
/// connection_url_file, or env STRONGROOM_PG_CONNECTION_URL / VAULT_PG_CONNECTION_URL, so the
/// config holds no password), table, ha_enabled, ha_table, max_parallel, plus lock_ttl.
/// Defaults live here; <see cref="FromConfig"/> validates.
/// </summary>
public sealed partial record PostgresStorageOptions(string ConnectionString)
{
    public const string DefaultTable = "strongroom_kv_store";
    public const string DefaultHaTable = "strongroom_ha_locks";

    public string Table { get; init; } = DefaultTable;

    public bool HaEnabled { get; init; }

    public string HaTable { get; init; } = DefaultHaTable;

    /// <summary>Most concurrent connections (the pool's maximum; Vault's default 128).</summary>
    public int MaxParallel { get; init; } = 128;

    /// <summary>HA lock validity without renewal; a standby takes over at most this long (plus one poll) after the active dies.</summary>
    public TimeSpan LockTtl { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>Reads options from the config block; <paramref name="environment"/> looks up env vars, <paramref name="readFile"/> reads connection_url_file.</summary>
    public static PostgresStorageOptions FromConfig(IReadOnlyDictionary<string, string> options, Func<string, string?> environment, Func<string, string>? readFile = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        readFile ??= File.ReadAllText;
        foreach (var key in options.Keys)
        {
            if (key is not ("connection_url" or "connection_url_file" or "table" or "ha_enabled" or "ha_table" or "max_parallel" or "max_idle_connections" or "lock_ttl"))
            {
                throw new ArgumentException($"storage \"postgresql\": unknown option \"{key}\"");
            }
        }

        var url = environment("STRONGROOM_PG_CONNECTION_URL");
        if (string.IsNullOrWhiteSpace(url))
        {
            url = environment("VAULT_PG_CONNECTION_URL");
        }

        if (string.IsNullOrWhiteSpace(url) && options.TryGetValue("connection_url_file", out var file))
        {
            try
            {
                url = readFile(file).Trim();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new ArgumentException($"storage \"postgresql\": cannot read connection_url_file \"{file}\" ({ex.GetType().Name})");
            }
        }

        if (string.IsNullOrWhiteSpace(url))
        {
            options.TryGetValue("connection_url", out url);
        }

        if (string.IsNullOrWhiteSpace(url))
        {
            throw new ArgumentException("storage \"postgresql\" needs connection_url (or connection_url_file, or env STRONGROOM_PG_CONNECTION_URL)");
        }

        var builder = PostgresConnectionUrl.Parse(url);
        var result = new PostgresStorageOptions(builder.ConnectionString);
        if (options.TryGetValue("table", out var table))
        {
            result = result with { Table = ValidateIdentifier(table, "table") };
        }

        if (options.TryGetValue("ha_table", out var haTable))
        {
            result = result with { HaTable = ValidateIdentifier(haTable, "ha_table") };
        }

        if (options.TryGetValue("ha_enabled", out var ha))
        {
            result = result with
            {
                HaEnabled = ha.ToLowerInvariant() switch
                {
                    "true" or "1" => true,
                    "false" or "0" or "" => false,
                    _ => throw new ArgumentException("storage \"postgresql\": ha_enabled must be true or false"),
                },
            };
        }

        if (options.TryGetValue("max_parallel", out var parallel))
        {
            result = result with
            {
                MaxParallel = int.TryParse(parallel, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 10_000
                    ? n
                    : throw new ArgumentException("storage \"postgresql\": max_parallel must be a positive integer"),
            };
        }

        if (options.TryGetValue("lock_ttl", out var ttl))
        {
            result = result with
            {
                LockTtl = Sdk.Durations.TryParse(ttl, out var span) && span >= TimeSpan.FromSeconds(1) && span <= TimeSpan.FromMinutes(10)
                    ? span
                    : throw new ArgumentException("storage \"postgresql\": lock_ttl must be a duration between 1s and 10m"),
            };
        }

        return result;
    }

    private static string ValidateIdentifier(string value, string name) =>
        IdentifierPattern().IsMatch(value)
            ? value
            : throw new ArgumentException($"storage \"postgresql\": {name} must be a table name (letters, digits, '_', optionally schema-qualified)");

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?$")]
    private static partial Regex IdentifierPattern();
}
