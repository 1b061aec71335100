using System.Net.Sockets;
using Npgsql;

namespace Strongroom.Engines.Database;

/// <summary>
/// Turns Npgsql failures into <see cref="DatabaseException"/>s whose message says what went wrong
/// (SQLSTATE and PostgreSQL's text, or the network error) with every secret value redacted:
/// PostgreSQL quotes the token it failed on, which may be a password substituted into a statement.
/// </summary>
internal static class DatabaseErrors
{
    public static bool IsConnectionFailure(Exception ex) => ex switch
    {
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal)
            || pg.SqlState.StartsWith("57P", StringComparison.Ordinal)
            || pg.SqlState is "28P01" or "28000" or "3D000" or "53300",
        NpgsqlException => true,
        TimeoutException or SocketException => true,
        _ => false,
    };

    public static DatabaseException Wrap(string what, Exception ex, params string?[] secrets)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var detail = ex switch
        {
            PostgresException pg => $"{pg.SqlState}: {pg.MessageText}",
            NpgsqlException { InnerException: { } inner } npg => $"{npg.Message}: {Innermost(inner).Message}",
            _ => ex.Message,
        };
        return new DatabaseException($"{what}: {Redact(detail, secrets)}") { IsConnectionFailure = IsConnectionFailure(ex) };
    }

    public static string Redact(string text, params string?[] secrets)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var secret in secrets)
        {
            if (!string.IsNullOrEmpty(secret) && secret.Length >= 4)
            {
                text = text.Replace(secret, "[redacted]", StringComparison.Ordinal);
            }
        }

        return text;
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }
}
