using System.Text;
using System.Text.Json.Nodes;

namespace Strongroom.Audit.Tests;

public sealed class AuditFormatterTests
{
    private static (JsonObject Json, string Text, AuditHasher Hasher) Format(AuditEvent e, params (string, string)[] options)
    {
        var hasher = new AuditHasher(TestData.Key());
        var formatter = new AuditFormatter(TestData.FileOptions("/tmp/unused.log", options), hasher);
        var text = Encoding.UTF8.GetString(formatter.Format(e));
        var json = JsonNode.Parse(text[text.IndexOf('{')..])!.AsObject();
        return (json, text, hasher);
    }

    private static AuditEvent Sample(string secret) => new()
    {
        Type = AuditEvent.ResponseType,
        Time = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero),
        Auth = TestData.User(accessor: "acc-" + secret[..6]) with { ClientToken = "hvs." + secret },
        Request = new AuditRequest
        {
            Id = "req-1",
            Operation = "update",
            Path = "secret/data/ai/openai",
            MountType = "kv",
            MountPoint = "secret/",
            Data = new JsonObject { ["data"] = new JsonObject { ["api_key"] = secret, ["n"] = 3, ["list"] = new JsonArray(secret, true) } },
            RemoteAddress = "192.0.2.1",
            Headers = new Dictionary<string, IReadOnlyList<string>> { ["X-Custom"] = [secret] },
        },
        Response = new AuditResponse
        {
            Data = new JsonObject { ["version"] = 2, ["echo"] = secret },
            Auth = new JsonObject { ["client_token"] = "hvs." + secret, ["accessor"] = "acc-x", ["policies"] = new JsonArray("default") },
            WrapInfo = new JsonObject { ["token"] = "hvs.wrap-" + secret, ["ttl"] = 60 },
        },
    };

    [Fact]
    public void Format_SecretValues_AreHmacedEverywhere()
    {
        var secret = TestData.Secret();
        var (json, text, hasher) = Format(Sample(secret));

        Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        var expected = hasher.Hash(secret);
        Assert.Equal(expected, (string?)json["request"]!["data"]!["data"]!["api_key"]);
        Assert.Equal(expected, (string?)json["request"]!["data"]!["data"]!["list"]![0]);
        Assert.True((bool)json["request"]!["data"]!["data"]!["list"]![1]!);
        Assert.Equal(3, (int)json["request"]!["data"]!["data"]!["n"]!);
        Assert.Equal(expected, (string?)json["response"]!["data"]!["echo"]);
        Assert.Equal(hasher.Hash("hvs." + secret), (string?)json["auth"]!["client_token"]);
        Assert.Equal(hasher.Hash("hvs." + secret), (string?)json["response"]!["auth"]!["client_token"]);
        Assert.Equal(hasher.Hash("acc-x"), (string?)json["response"]!["auth"]!["accessor"]);
        Assert.Equal(hasher.Hash("hvs.wrap-" + secret), (string?)json["response"]!["wrap_info"]!["token"]);
        Assert.Equal(expected, (string?)json["request"]!["headers"]!["x-custom"]![0]);
    }

    [Fact]
    public void Format_VaultFields_ArePresentAndPlain()
    {
        var (json, _, _) = Format(Sample(TestData.Secret()));

        Assert.Equal("response", (string?)json["type"]);
        Assert.Equal("2025-03-04T05:06:07.000000Z", (string?)json["time"]);
        Assert.Equal("req-1", (string?)json["request"]!["id"]);
        Assert.Equal("update", (string?)json["request"]!["operation"]);
        Assert.Equal("secret/data/ai/openai", (string?)json["request"]!["path"]);
        Assert.Equal("kv", (string?)json["request"]!["mount_type"]);
        Assert.Equal("192.0.2.1", (string?)json["request"]!["remote_address"]);
        Assert.Equal("ent-1", (string?)json["auth"]!["entity_id"]);
        Assert.Equal("default", (string?)json["auth"]!["policies"]![0]);
        Assert.Equal(2, (int)json["response"]!["data"]!["version"]!);
        Assert.Equal("", (string?)json["error"]);
        Assert.StartsWith("hmac-sha256:", (string?)json["auth"]!["accessor"], StringComparison.Ordinal);
    }

    [Fact]
    public void Format_HmacAccessorFalse_WritesAccessorPlain()
    {
        var (json, _, _) = Format(Sample(TestData.Secret()), ("hmac_accessor", "false"));

        Assert.StartsWith("acc-", (string?)json["auth"]!["accessor"], StringComparison.Ordinal);
        Assert.StartsWith("hmac-sha256:", (string?)json["auth"]!["client_token"], StringComparison.Ordinal);
    }

    [Fact]
    public void Format_LogRaw_WritesPlaintext()
    {
        var secret = TestData.Secret();
        var (_, text, _) = Format(Sample(secret), ("log_raw", "true"));

        Assert.Contains(secret, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_ElideListResponses_ReplacesKeysWithCount()
    {
        var e = TestData.Response(path: "secret/metadata/", operation: "list", data: new JsonObject { ["keys"] = new JsonArray("a", "b", "c") });

        var (elided, _, _) = Format(e, ("elide_list_responses", "true"));
        var (full, _, _) = Format(e);

        Assert.Equal(3, (int)elided["response"]!["data"]!["keys"]!);
        Assert.Equal(3, full["response"]!["data"]!["keys"]!.AsArray().Count);
    }

    [Fact]
    public void Format_Prefix_PrecedesJson()
    {
        var (_, text, _) = Format(TestData.Request(), ("prefix", "SR-AUDIT "));

        Assert.StartsWith("SR-AUDIT {", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_NonHmacKeys_StayPlain()
    {
        var e = TestData.Request(data: new JsonObject { ["ttl"] = "1h", ["password"] = "pw-" + TestData.Secret() }) with { };
        e = e with { Request = e.Request with { NonHmacDataKeys = ["ttl"] } };

        var (json, _, _) = Format(e);

        Assert.Equal("1h", (string?)json["request"]!["data"]!["ttl"]);
        Assert.StartsWith("hmac-sha256:", (string?)json["request"]!["data"]!["password"], StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BadOptions_ReturnsError()
    {
        Assert.Null(AuditDeviceOptions.Parse("file", new Dictionary<string, string>(), out var e1));
        Assert.Contains("file_path", e1, StringComparison.Ordinal);
        Assert.Null(AuditDeviceOptions.Parse("file", new Dictionary<string, string> { ["file_path"] = "x", ["mode"] = "0999" }, out _));
        Assert.Null(AuditDeviceOptions.Parse("socket", new Dictionary<string, string> { ["address"] = "x:1", ["socket_type"] = "sctp" }, out _));
        Assert.Null(AuditDeviceOptions.Parse("bogus", new Dictionary<string, string>(), out _));
        var ok = AuditDeviceOptions.Parse("socket", new Dictionary<string, string> { ["address"] = "127.0.0.1:9090", ["write_timeout"] = "500ms" }, out _);
        Assert.Equal(TimeSpan.FromMilliseconds(500), ok!.WriteTimeout);
    }
}
