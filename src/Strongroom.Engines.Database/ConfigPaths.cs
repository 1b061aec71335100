using System.Text.Json.Nodes;
using Strongroom.Sdk;

namespace Strongroom.Engines.Database;

/// <summary>
/// <c>config/:name</c> (write, read, delete, LIST config), <c>reset/:name</c> and
/// <c>rotate-root/:name</c>. A read never returns the password or a URL carrying it.
/// </summary>
internal sealed class ConfigPaths
{
    private const string DefaultRootRotation = "ALTER ROLE \"{{username}}\" WITH PASSWORD '{{password}}'";
    private readonly DatabaseStore _store;
    private readonly PostgresConnections _connections;
    private readonly SemaphoreSlim _lock = new(1, 1);

    public ConfigPaths(DatabaseStore store, PostgresConnections connections)
    {
        _store = store;
        _connections = connections;
    }

    public async ValueTask<LogicalResponse> ListAsync(CancellationToken cancellationToken)
    {
        var keys = await _store.ListConfigsAsync(cancellationToken).ConfigureAwait(false);
        return keys.Count == 0 ? LogicalResponse.NotFound() : LogicalResponse.Ok(new JsonObject { ["keys"] = DatabaseBackend.Keys(keys) });
    }

    public async ValueTask<LogicalResponse> HandleConfigAsync(LogicalRequest request, string name, CancellationToken cancellationToken)
    {
        switch (request.Operation)
        {
            case Operation.Read:
                var config = await _store.GetConfigAsync(name, cancellationToken).ConfigureAwait(false);
                return config is null ? LogicalResponse.NotFound() : LogicalResponse.Ok(Describe(config));
            case Operation.Create or Operation.Update:
                return await WriteAsync(request, name, cancellationToken).ConfigureAwait(false);
            case Operation.Delete:
                await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    await _store.DeleteConfigAsync(name, cancellationToken).ConfigureAwait(false);
                    _connections.Reset(name);
                }
                finally
                {
                    _lock.Release();
                }

                return LogicalResponse.NoContent();
            default:
                return LogicalResponse.Unsupported();
        }
    }

    public async ValueTask<LogicalResponse> ResetAsync(LogicalRequest request, string name, CancellationToken cancellationToken)
    {
        if (request.Operation is not (Operation.Create or Operation.Update))
        {
            return LogicalResponse.Unsupported();
        }

        if (await _store.GetConfigAsync(name, cancellationToken).ConfigureAwait(false) is null)
        {
            return LogicalResponse.BadRequest($"failed to reset: no database connection named \"{name}\"");
        }

        _connections.Reset(name);
        return LogicalResponse.NoContent();
    }

    /// <summary>
    /// Sets a new generated password for the configured admin user, through the current connection,
    /// then keeps it only here: from now on only Strongroom knows it.
    /// </summary>
    public async ValueTask<LogicalResponse> RotateRootAsync(LogicalRequest request, string name, CancellationToken cancellationToken)
    {
        if (request.Operation is not (Operation.Create or Operation.Update))
        {
            return LogicalResponse.Unsupported();
        }

        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var config = await _store.GetConfigAsync(name, cancellationToken).ConfigureAwait(false);
            if (config is null)
            {
                return LogicalResponse.BadRequest($"no database connection named \"{name}\"");
            }

            if (config.Username.Length == 0 || config.Password.Length == 0)
            {
                return LogicalResponse.BadRequest("unable to rotate root credentials: the connection has no username/password fields (use {{username}}/{{password}} in connection_url)");
            }

            if (!StatementTemplate.IsSafeValue(config.Username))
            {
                return LogicalResponse.BadRequest("unable to rotate root credentials: the username contains quotes, ';' or control characters");
            }

            var password = PasswordGenerator.Generate();
            var statements = (config.RootRotationStatements.Count > 0 ? config.RootRotationStatements : [DefaultRootRotation])
                .Select(s => StatementTemplate.Render(s, name: config.Username, password: password))
                .ToList();
            try
            {
                await _connections.ExecuteInTransactionAsync(name, config, statements, "failed to rotate root credentials", [password], cancellationToken).ConfigureAwait(false);
            }
            catch (DatabaseException e)
            {
                return LogicalResponse.Error(ErrorCode.Internal, e.Message);
            }

            config.Password = password;
            await _store.PutConfigAsync(name, config, cancellationToken).ConfigureAwait(false);
            _connections.Reset(name);
            return LogicalResponse.NoContent();
        }
        finally
        {
            _lock.Release();
        }
    }

    private async ValueTask<LogicalResponse> WriteAsync(LogicalRequest request, string name, CancellationToken cancellationToken)
    {
        var data = request.Data;
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var existing = await _store.GetConfigAsync(name, cancellationToken).ConfigureAwait(false);
            var config = existing ?? new ConnectionConfig { PluginName = "" };
            config.PluginName = data.GetString("plugin_name") ?? config.PluginName;
            if (config.PluginName.Length == 0)
            {
                return LogicalResponse.BadRequest("empty plugin name");
            }

            if (config.PluginName != ConnectionConfig.PostgresPlugin)
            {
                return LogicalResponse.BadRequest($"unsupported plugin_name \"{config.PluginName}\": only \"{ConnectionConfig.PostgresPlugin}\" is available");
            }

            config.ConnectionUrl = data.GetString("connection_url") ?? config.ConnectionUrl;
            if (ConnectionUrl.Validate(config.ConnectionUrl) is { } urlError)
            {
                return LogicalResponse.BadRequest(urlError);
            }

            config.Username = data.GetString("username") ?? config.Username;
            config.Password = data.GetString("password") ?? config.Password;
            config.AllowedRoles = data.GetStringList("allowed_roles") ?? config.AllowedRoles;
            config.VerifyConnection = data.GetBool("verify_connection") ?? true;
            var maxOpen = data.GetInt("max_open_connections");
            if (maxOpen is < 0 or > 1000)
            {
                return LogicalResponse.BadRequest("max_open_connections must be between 0 and 1000");
            }

            config.MaxOpenConnections = maxOpen is > 0 ? (int)maxOpen : config.MaxOpenConnections;
            var maxIdle = data.GetInt("max_idle_connections");
            config.MaxIdleConnections = maxIdle is >= 0 and <= 1000 ? (int)maxIdle : config.MaxIdleConnections;
            config.MaxConnectionLifetimeSeconds = (long?)data.GetDuration("max_connection_lifetime")?.TotalSeconds ?? config.MaxConnectionLifetimeSeconds;
            config.RootRotationStatements = Statements.Read(data, "root_rotation_statements") ?? config.RootRotationStatements;
            config.PasswordPolicy = data.GetString("password_policy") ?? config.PasswordPolicy;
            if (config.PasswordPolicy.Length > 0)
            {
                return LogicalResponse.BadRequest($"password policy \"{config.PasswordPolicy}\" not found: Strongroom has no sys/policies/password yet; omit password_policy to use the default generator (20 characters of [a-zA-Z0-9-])");
            }

            config.UsernameTemplate = data.GetString("username_template") ?? config.UsernameTemplate;
            if (config.UsernameTemplate.Length > 0)
            {
                try
                {
                    UsernameTemplate.Render(config.UsernameTemplate, "token", "role", DateTimeOffset.UnixEpoch);
                }
                catch (FormatException e)
                {
                    return LogicalResponse.BadRequest("invalid username_template: " + e.Message);
                }
            }

            if (config.VerifyConnection)
            {
                try
                {
                    await PostgresConnections.VerifyAsync(config, cancellationToken).ConfigureAwait(false);
                }
                catch (DatabaseException e)
                {
                    return LogicalResponse.BadRequest("error creating database object: " + e.Message);
                }
                catch (FormatException e)
                {
                    return LogicalResponse.BadRequest("error creating database object: invalid connection_url: " + e.Message);
                }
            }

            await _store.PutConfigAsync(name, config, cancellationToken).ConfigureAwait(false);
            _connections.Reset(name);
            var response = LogicalResponse.NoContent();
            if (ConnectionUrl.Mask(config.ConnectionUrl) != config.ConnectionUrl)
            {
                response.WithWarning("Password found in connection_url, use a templated url ({{password}}) to enable root rotation and prevent read access to password information.");
            }

            return response;
        }
        finally
        {
            _lock.Release();
        }
    }

    private static JsonObject Describe(ConnectionConfig config) => new()
    {
        ["plugin_name"] = config.PluginName,
        ["plugin_version"] = "",
        ["connection_details"] = new JsonObject
        {
            ["connection_url"] = ConnectionUrl.Mask(config.ConnectionUrl),
            ["username"] = config.Username,
            ["max_open_connections"] = config.MaxOpenConnections,
            ["max_idle_connections"] = config.MaxIdleConnections,
            ["max_connection_lifetime"] = Durations.Format(TimeSpan.FromSeconds(config.MaxConnectionLifetimeSeconds)),
            ["username_template"] = config.UsernameTemplate,
        },
        ["allowed_roles"] = DatabaseBackend.Keys(config.AllowedRoles),
        ["root_credentials_rotate_statements"] = DatabaseBackend.Keys(config.RootRotationStatements),
        ["password_policy"] = config.PasswordPolicy,
        ["verify_connection"] = config.VerifyConnection,
    };
}
