using System.Text.Json.Nodes;
using Strongroom.Sdk;

namespace Strongroom.Auth.Tests.Infrastructure;

/// <summary>Shorthand for driving a backend the way the core does.</summary>
internal static class Requests
{
    public static ValueTask<LogicalResponse> WriteAsync(this ILogicalBackend backend, string path, JsonObject? data = null, string? remote = "127.0.0.1") =>
        backend.HandleAsync(new LogicalRequest { Operation = Operation.Update, Path = path, Data = Wire(data), RemoteAddress = remote }, CancellationToken.None);

    public static ValueTask<LogicalResponse> ReadAsync(this ILogicalBackend backend, string path) =>
        backend.HandleAsync(new LogicalRequest { Operation = Operation.Read, Path = path }, CancellationToken.None);

    public static ValueTask<LogicalResponse> ListAsync(this ILogicalBackend backend, string path) =>
        backend.HandleAsync(new LogicalRequest { Operation = Operation.List, Path = path + "/" }, CancellationToken.None);

    public static ValueTask<LogicalResponse> DeleteAsync(this ILogicalBackend backend, string path, JsonObject? data = null) =>
        backend.HandleAsync(new LogicalRequest { Operation = Operation.Delete, Path = path, Data = Wire(data) }, CancellationToken.None);

    /// <summary>Round-trips the body through JSON text, as the HTTP layer would deliver it.</summary>
    public static JsonObject Wire(JsonObject? data) => data is null ? new JsonObject() : JsonNode.Parse(data.ToJsonString())!.AsObject();

    public static LogicalResponse AssertOk(this LogicalResponse response)
    {
        Assert.False(response.IsError, "unexpected error: " + string.Join("; ", response.Errors));
        return response;
    }

    public static void AssertError(this LogicalResponse response, ErrorCode code, string? containing = null)
    {
        Assert.Equal(code, response.ErrorCode);
        if (containing is not null)
        {
            Assert.Contains(response.Errors, e => e.Contains(containing, StringComparison.Ordinal));
        }
    }

    public static List<string> Keys(this LogicalResponse response) =>
        response.AssertOk().Data!["keys"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
}
