using System.Globalization;
using Npgsql;

namespace Strongroom.Storage.Postgres;

/// <summary>
/// Turns Vault's <c>connection_url</c> (a libpq URL, <c>postgres://user:pass@host:5432/db?sslmode=verify-full</c>)
/// or an Npgsql keyword string (<c>Host=...;Username=...</c>) into an Npgsql connection string. libpq TLS
/// parameters (sslmode, sslrootcert, sslcert, sslkey, sslpassword) pass through to Npgsql's equivalents.
/// </summary>
public static class PostgresConnectionUrl
{
    public static NpgsqlConnectionStringBuilder Parse(string connectionUrl)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionUrl);
        var text = connectionUrl.Trim();
        if (!text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) && !text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return new NpgsqlConnectionStringBuilder(text);
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException("connection_url is neither a postgres:// URL nor a valid keyword=value connection string: " + ex.Message, nameof(connectionUrl));
            }
        }

        var rest = text[(text.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var query = "";
        var q = rest.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0)
        {
            query = rest[(q + 1)..];
            rest = rest[..q];
        }

        var builder = new NpgsqlConnectionStringBuilder();
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = rest[..at];
            rest = rest[(at + 1)..];
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon >= 0 ? userInfo[..colon] : userInfo);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(userInfo[(colon + 1)..]);
            }
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var hosts = slash >= 0 ? rest[..slash] : rest;
        if (slash >= 0 && slash < rest.Length - 1)
        {
            builder.Database = Uri.UnescapeDataString(rest[(slash + 1)..]);
        }

        if (hosts.Length > 0)
        {
            // "h1:5432,h2:5433" (multi-host) passes through; a single host:port is split.
            var single = !hosts.Contains(',', StringComparison.Ordinal) && !hosts.StartsWith('[');
            var portColon = hosts.LastIndexOf(':');
            if (single && portColon > 0)
            {
                builder.Host = Uri.UnescapeDataString(hosts[..portColon]);
                builder.Port = int.TryParse(hosts[(portColon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
                    ? port
                    : throw new ArgumentException("connection_url has an invalid port", nameof(connectionUrl));
            }
            else
            {
                builder.Host = Uri.UnescapeDataString(hosts);
            }
        }

        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(eq >= 0 ? pair[..eq] : pair);
            var value = Uri.UnescapeDataString(eq >= 0 ? pair[(eq + 1)..] : "");
            Apply(builder, name, value);
        }

        return builder;
    }

    private static void Apply(NpgsqlConnectionStringBuilder builder, string name, string value)
    {
        switch (name)
        {
            case "sslmode":
                builder.SslMode = value switch
                {
                    "disable" => SslMode.Disable,
                    "allow" => SslMode.Allow,
                    "prefer" => SslMode.Prefer,
                    "require" => SslMode.Require,
                    "verify-ca" => SslMode.VerifyCA,
                    "verify-full" => SslMode.VerifyFull,
                    _ => throw new ArgumentException($"connection_url: unknown sslmode \"{value}\" (disable, allow, prefer, require, verify-ca, verify-full)"),
                };
                break;
            case "sslrootcert":
                builder.RootCertificate = value;
                break;
            case "sslcert":
                builder.SslCertificate = value;
                break;
            case "sslkey":
                builder.SslKey = value;
                break;
            case "sslpassword":
                builder.SslPassword = value;
                break;
            case "connect_timeout":
                builder.Timeout = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                    ? seconds
                    : throw new ArgumentException("connection_url: connect_timeout must be whole seconds");
                break;
            case "application_name":
                builder.ApplicationName = value;
                break;
            case "target_session_attrs":
                builder["Target Session Attributes"] = value;
                break;
            case "options":
                builder.Options = value;
                break;
            default:
                try
                {
                    // Npgsql keywords (e.g. "Keepalive=30") are accepted as query parameters too.
                    builder[name] = value;
                }
                catch (ArgumentException)
                {
                    throw new ArgumentException($"connection_url: unknown parameter \"{name}\"");
                }

                break;
        }
    }
}
