using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace Strongroom.Engines.Database;

/// <summary>
/// Vault's connection_url for PostgreSQL, in either libpq form: a URL
/// (<c>postgresql://{{username}}:{{password}}@host:5432/db?sslmode=disable</c>) or key=value
/// (<c>host=h port=5432 user={{username}} password={{password}} dbname=db</c>). The placeholders
/// are substituted after parsing, so a password never needs URL-escaping. The result is an Npgsql
/// connection string that never leaves the engine.
/// </summary>
internal static partial class ConnectionUrl
{
    public static NpgsqlConnectionStringBuilder Build(ConnectionConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Timeout = 5,
            CommandTimeout = 30,
            MaxPoolSize = config.MaxOpenConnections > 0 ? config.MaxOpenConnections : 4,
            ApplicationName = "strongroom",
        };
        if (config.MaxConnectionLifetimeSeconds > 0)
        {
            builder.ConnectionLifetime = (int)Math.Min(int.MaxValue, config.MaxConnectionLifetimeSeconds);
        }

        var parts = Parse(config.ConnectionUrl);
        foreach (var (key, raw) in parts)
        {
            var value = raw.Replace("{{username}}", config.Username, StringComparison.Ordinal)
                .Replace("{{password}}", config.Password, StringComparison.Ordinal);
            switch (key)
            {
                case "host":
                    builder.Host = value;
                    break;
                case "port":
                    builder.Port = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
                        ? port
                        : throw new FormatException("connection_url: invalid port");
                    break;
                case "user":
                    builder.Username = value;
                    break;
                case "password":
                    builder.Password = value;
                    break;
                case "dbname":
                    builder.Database = value;
                    break;
                case "sslmode":
                    builder.SslMode = value switch
                    {
                        "disable" => SslMode.Disable,
                        "allow" => SslMode.Allow,
                        "prefer" => SslMode.Prefer,
                        "require" => SslMode.Require,
                        "verify-ca" => SslMode.VerifyCA,
                        "verify-full" => SslMode.VerifyFull,
                        _ => throw new FormatException("connection_url: unknown sslmode"),
                    };
                    break;
                case "connect_timeout":
                    builder.Timeout = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var t) && t > 0 ? t : 5;
                    break;
                case "application_name":
                    builder.ApplicationName = value;
                    break;
                case "sslrootcert":
                    builder.RootCertificate = value;
                    break;
                default:
                    // libpq options Npgsql has no equivalent for are ignored, like unknown query parameters.
                    break;
            }
        }

        if (string.IsNullOrEmpty(builder.Username))
        {
            builder.Username = config.Username;
        }

        if (string.IsNullOrEmpty(builder.Password) && config.Password.Length > 0)
        {
            builder.Password = config.Password;
        }

        if (string.IsNullOrEmpty(builder.Host))
        {
            throw new FormatException("connection_url: no host");
        }

        return builder;
    }

    /// <summary>Checks the shape only (no placeholders substituted). Returns an error message or null.</summary>
    public static string? Validate(string url)
    {
        try
        {
            var parts = Parse(url);
            return parts.Any(p => p.Key == "host") ? null : "connection_url: no host";
        }
        catch (FormatException e)
        {
            return e.Message;
        }
    }

    /// <summary>The URL as it may be shown: a literal password (not the placeholder) is masked.</summary>
    public static string Mask(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var match = UrlPattern().Match(url);
        if (match.Success)
        {
            var userInfo = match.Groups["userinfo"];
            var colon = userInfo.Value.IndexOf(':', StringComparison.Ordinal);
            if (userInfo.Success && colon >= 0 && userInfo.Value[(colon + 1)..] != "{{password}}")
            {
                return url[..(userInfo.Index + colon + 1)] + "*****" + url[(userInfo.Index + userInfo.Length)..];
            }

            return url;
        }

        return KeyValuePassword().Replace(url, m => m.Groups["v"].Value == "{{password}}" ? m.Value : m.Groups["k"].Value + "*****");
    }

    private static List<KeyValuePair<string, string>> Parse(string url)
    {
        url = url.Trim();
        var parts = new List<KeyValuePair<string, string>>();
        if (url.Length == 0)
        {
            throw new FormatException("connection_url is required");
        }

        var match = UrlPattern().Match(url);
        if (match.Success)
        {
            if (match.Groups["userinfo"].Success)
            {
                var info = match.Groups["userinfo"].Value;
                var colon = info.IndexOf(':', StringComparison.Ordinal);
                parts.Add(new("user", Uri.UnescapeDataString(colon < 0 ? info : info[..colon])));
                if (colon >= 0)
                {
                    parts.Add(new("password", Uri.UnescapeDataString(info[(colon + 1)..])));
                }
            }

            var hostPort = match.Groups["host"].Value;
            var portSep = hostPort.StartsWith('[') ? hostPort.IndexOf("]:", StringComparison.Ordinal) + 1 : hostPort.LastIndexOf(':');
            var host = portSep > 0 ? hostPort[..portSep] : hostPort;
            parts.Add(new("host", host.Trim('[', ']')));
            if (portSep > 0)
            {
                parts.Add(new("port", hostPort[(portSep + 1)..]));
            }

            if (match.Groups["db"].Success && match.Groups["db"].Value.Length > 0)
            {
                parts.Add(new("dbname", Uri.UnescapeDataString(match.Groups["db"].Value)));
            }

            if (match.Groups["query"].Success)
            {
                foreach (var pair in match.Groups["query"].Value.Split('&', StringSplitOptions.RemoveEmptyEntries))
                {
                    var eq = pair.IndexOf('=', StringComparison.Ordinal);
                    if (eq > 0)
                    {
                        parts.Add(new(Uri.UnescapeDataString(pair[..eq]), Uri.UnescapeDataString(pair[(eq + 1)..])));
                    }
                }
            }

            return parts;
        }

        if (url.Contains("://", StringComparison.Ordinal))
        {
            throw new FormatException("connection_url: the scheme must be postgres:// or postgresql://");
        }

        foreach (Match kv in KeyValuePattern().Matches(url))
        {
            var value = kv.Groups["q"].Success ? kv.Groups["q"].Value.Replace("\\'", "'", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal) : kv.Groups["v"].Value;
            parts.Add(new(kv.Groups["k"].Value, value));
        }

        if (parts.Count == 0)
        {
            throw new FormatException("connection_url: expected postgresql://… or key=value pairs");
        }

        return parts;
    }

    [GeneratedRegex(@"^postgres(?:ql)?://(?:(?<userinfo>[^@/?]*)@)?(?<host>[^/?]+)(?:/(?<db>[^?]*))?(?:\?(?<query>.*))?$", RegexOptions.CultureInvariant)]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"(?<k>[A-Za-z_]+)\s*=\s*(?:'(?<q>(?:[^'\\]|\\.)*)'|(?<v>\S+))", RegexOptions.CultureInvariant)]
    private static partial Regex KeyValuePattern();

    [GeneratedRegex(@"(?<k>password\s*=\s*)(?:'(?:[^'\\]|\\.)*'|(?<v>\S+))", RegexOptions.CultureInvariant)]
    private static partial Regex KeyValuePassword();
}
