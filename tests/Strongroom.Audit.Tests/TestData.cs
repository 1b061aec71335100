using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Strongroom.Audit.Tests;

/// <summary>Run-time generated keys and secrets (nothing real-looking is committed) and event builders.</summary>
internal static class TestData
{
    public static byte[] Key() => RandomNumberGenerator.GetBytes(32);

    /// <summary>A fake API key generated now: prefix + random characters.</summary>
    public static string Secret(string prefix = "sk-test-") => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    public static AuditDeviceOptions FileOptions(string path, params (string Key, string Value)[] extra)
    {
        var map = new Dictionary<string, string> { ["file_path"] = path };
        foreach (var (key, value) in extra)
        {
            map[key] = value;
        }

        return AuditDeviceOptions.Parse("file", map, out var error) ?? throw new InvalidOperationException(error);
    }

    public static AuditEvent Request(string path = "secret/data/app", string operation = "read", DateTimeOffset? time = null, AuditAuth? auth = null, JsonObject? data = null, string error = "", string id = "") => new()
    {
        Type = AuditEvent.RequestType,
        Time = time ?? DateTimeOffset.UtcNow,
        Auth = auth,
        Request = new AuditRequest { Id = id.Length > 0 ? id : Guid.NewGuid().ToString(), Operation = operation, Path = path, MountType = "kv", Data = data, RemoteAddress = "10.0.0.7" },
        Error = error,
    };

    public static AuditEvent Response(string path = "secret/data/app", string operation = "read", DateTimeOffset? time = null, AuditAuth? auth = null, JsonObject? data = null, string error = "", string remote = "10.0.0.7", string mountType = "kv", string id = "") => new()
    {
        Type = AuditEvent.ResponseType,
        Time = time ?? DateTimeOffset.UtcNow,
        Auth = auth,
        Request = new AuditRequest { Id = id.Length > 0 ? id : Guid.NewGuid().ToString(), Operation = operation, Path = path, MountType = mountType, RemoteAddress = remote },
        Response = new AuditResponse { Status = error.Length > 0 ? 403 : 200, Data = data, MountType = mountType },
        Error = error,
    };

    public static AuditAuth User(string entity = "ent-1", string accessor = "acc-raw-1", params string[] policies) => new()
    {
        ClientToken = "hvs.fake-" + entity,
        Accessor = accessor,
        DisplayName = "userpass-" + entity,
        EntityId = entity,
        Policies = policies.Length > 0 ? policies : ["default"],
        TokenPolicies = policies.Length > 0 ? policies : ["default"],
    };
}
