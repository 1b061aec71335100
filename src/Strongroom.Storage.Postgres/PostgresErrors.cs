using Npgsql;

namespace Strongroom.Storage.Postgres;

/// <summary>Classifies Npgsql failures and describes them without any value or credential.</summary>
internal static class PostgresErrors
{
    /// <summary>The connection itself failed (I/O, server shutting down or starting up, connection exceptions).</summary>
    public static bool IsConnectionLevel(NpgsqlException ex) => ex switch
    {
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState is "57P01" or "57P02" or "57P03",
        _ => true,
    };

    public static string Describe(NpgsqlException ex) => ex switch
    {
        PostgresException pg => $"PostgreSQL error {pg.SqlState} ({pg.MessageText})",
        { InnerException: System.Net.Sockets.SocketException socket } => $"cannot connect ({socket.SocketErrorCode})",
        { InnerException: TimeoutException } => "timed out",
        _ => ex.Message,
    };
}
