namespace Strongroom.Engines.Database;

/// <summary>
/// One database connection (<c>database/config/:name</c>) as stored behind the barrier. The admin
/// <see cref="Password"/> is only ever read by the engine; responses never carry it.
/// </summary>
internal sealed class ConnectionConfig
{
    public const string PostgresPlugin = "postgresql-database-plugin";

    public string PluginName { get; set; } = PostgresPlugin;

    /// <summary>A postgres:// URL or libpq key=value string, with {{username}}/{{password}} placeholders.</summary>
    public string ConnectionUrl { get; set; } = "";

    public string Username { get; set; } = "";

    public string Password { get; set; } = "";

    public List<string> AllowedRoles { get; set; } = [];

    public bool VerifyConnection { get; set; } = true;

    public int MaxOpenConnections { get; set; } = 4;

    public int MaxIdleConnections { get; set; }

    public long MaxConnectionLifetimeSeconds { get; set; }

    public string PasswordPolicy { get; set; } = "";

    public string UsernameTemplate { get; set; } = "";

    public List<string> RootRotationStatements { get; set; } = [];

    /// <summary>Whether <paramref name="role"/> may use this connection ("*" allows every role).</summary>
    public bool Allows(string role) =>
        AllowedRoles.Any(r => r == "*" || string.Equals(r, role, StringComparison.Ordinal)
            || (r.EndsWith('*') && role.StartsWith(r[..^1], StringComparison.Ordinal)));
}
