using System.Text;
using System.Text.Json.Nodes;

namespace Strongroom.Audit.Tests;

public sealed class AuditBrokerTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static void EnableOrThrow(AuditBroker broker, string path, AuditDeviceOptions options, byte[]? chainKey = null)
    {
        var result = broker.Enable(path, options, TestData.Key(), chainKey ?? TestData.Key());
        Assert.True(result.Success, result.Error);
    }

    [Fact]
    public async Task LogAsync_GeneratedSecret_NeverAppearsInFileBytes()
    {
        var secret = TestData.Secret();
        var file = _dir.File("audit.log");
        await using var broker = new AuditBroker();
        EnableOrThrow(broker, "file", TestData.FileOptions(file));
        var auth = TestData.User() with { ClientToken = secret, Accessor = "acc-" + secret };
        var data = new JsonObject { ["data"] = new JsonObject { ["api-key"] = secret, ["nested"] = new JsonArray(new JsonObject { ["k"] = secret }) } };

        Assert.True(await broker.LogAsync(TestData.Request(operation: "update", auth: auth, data: data), default));
        var response = TestData.Response(auth: auth, data: data) with { };
        response = response with { Response = response.Response! with { Auth = new JsonObject { ["client_token"] = secret, ["accessor"] = secret } } };
        Assert.True(await broker.LogAsync(response, default));

        var bytes = await File.ReadAllBytesAsync(file);
        Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)));
        Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret[8..])));
        var hash = broker.Hash("file/", secret)!;
        Assert.Contains(hash, Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Equal(2, File.ReadAllLines(file).Length);
    }

    [Fact]
    public async Task LogAsync_NoDevices_ReturnsTrue()
    {
        await using var broker = new AuditBroker();

        Assert.False(broker.HasDevices);
        Assert.True(await broker.LogAsync(TestData.Request(), default));
    }

    [Fact]
    public async Task LogAsync_OneFileBecomesUnwritableOneGood_ReturnsTrueAndRecordsFailure()
    {
        using var badDir = new TempDir();
        var good = _dir.File("good.log");
        await using var engine = AlertEngine.CreateDefault();
        await using var broker = new AuditBroker(engine);
        EnableOrThrow(broker, "good", TestData.FileOptions(good));
        EnableOrThrow(broker, "bad", TestData.FileOptions(badDir.File("audit.log")));
        Assert.True(await broker.LogAsync(TestData.Request(), default));

        Directory.Delete(badDir.Path, recursive: true);

        Assert.True(await broker.LogAsync(TestData.Request(), default));
        Assert.Equal(2, File.ReadAllLines(good).Length);
        var bad = broker.Devices.Single(d => d.Path == "bad/");
        Assert.False(bad.Healthy);
        Assert.Contains("directory", bad.LastError, StringComparison.Ordinal);
        Assert.Contains(engine.Recent(), a => a.RuleType == "audit_device_failed" && a.Path == "bad/");
    }

    [Fact]
    public async Task LogAsync_OnlyUnwritableDevices_ReturnsFalse()
    {
        using var badDir = new TempDir();
        await using var broker = new AuditBroker();
        EnableOrThrow(broker, "bad", TestData.FileOptions(badDir.File("audit.log")));
        EnableOrThrow(broker, "full", TestData.FileOptions("/dev/full"));
        Directory.Delete(badDir.Path, recursive: true);

        Assert.False(await broker.LogAsync(TestData.Request(), default));
        Assert.All(broker.Devices, d => Assert.False(d.Healthy));
    }

    [Fact]
    public async Task LogAsync_DiskFull_RefusesWithClearReasonAndAlert()
    {
        await using var engine = AlertEngine.CreateDefault();
        await using var broker = new AuditBroker(engine);
        EnableOrThrow(broker, "full", TestData.FileOptions("/dev/full"));

        var ok = await broker.LogAsync(TestData.Request(), default).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(ok);
        var status = broker.Devices.Single();
        Assert.Contains("ENOSPC", status.LastError, StringComparison.Ordinal);
        var alert = Assert.Single(engine.Recent(), a => a.RuleType == "audit_device_failed");
        Assert.Contains("disk full", alert.Summary, StringComparison.Ordinal);
        Assert.Equal("critical", alert.Severity);
    }

    [Fact]
    public async Task LogAsync_DeletedFile_IsReopenedAndAlerted()
    {
        var file = _dir.File("audit.log");
        await using var engine = AlertEngine.CreateDefault();
        await using var broker = new AuditBroker(engine);
        EnableOrThrow(broker, "file", TestData.FileOptions(file));
        Assert.True(await broker.LogAsync(TestData.Request(path: "secret/data/one"), default));

        File.Delete(file);
        Assert.True(await broker.LogAsync(TestData.Request(path: "secret/data/two"), default));

        var lines = File.ReadAllLines(file);
        Assert.Single(lines);
        Assert.Contains("secret/data/two", lines[0], StringComparison.Ordinal);
        var alert = Assert.Single(engine.Recent(), a => a.RuleType == "audit_file_reopened");
        Assert.Contains("deleted", alert.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LogAsync_ReplacedFile_IsReopenedAndAlerted()
    {
        var file = _dir.File("audit.log");
        await using var engine = AlertEngine.CreateDefault();
        await using var broker = new AuditBroker(engine);
        EnableOrThrow(broker, "file", TestData.FileOptions(file));
        Assert.True(await broker.LogAsync(TestData.Request(path: "secret/data/one"), default));

        var impostor = _dir.File("impostor.log");
        await File.WriteAllTextAsync(impostor, "forged\n");
        File.Move(impostor, file, overwrite: true);
        Assert.True(await broker.LogAsync(TestData.Request(path: "secret/data/two"), default));

        var lines = File.ReadAllLines(file);
        Assert.Equal(2, lines.Length);
        Assert.Contains("secret/data/two", lines[1], StringComparison.Ordinal);
        var alert = Assert.Single(engine.Recent(), a => a.RuleType == "audit_file_reopened");
        Assert.Contains("replaced", alert.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reopen_RotationUnderConcurrentWriters_LosesNoLineAndChainVerifies()
    {
        var file = _dir.File("audit.log");
        var rotated = _dir.File("audit.log.1");
        var chainKey = TestData.Key();
        await using var broker = new AuditBroker();
        EnableOrThrow(broker, "file", TestData.FileOptions(file), chainKey);
        const int writers = 8, perWriter = 150;
        var written = 0;

        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < perWriter; i++)
            {
                Assert.True(await broker.LogAsync(TestData.Request(path: $"secret/data/w{w}/{i}"), default));
                if (Interlocked.Increment(ref written) == writers * perWriter / 2)
                {
                    File.Move(file, rotated);
                    broker.Reopen();
                }
            }
        })));

        var first = File.ReadAllLines(rotated);
        var second = File.ReadAllLines(file);
        Assert.NotEmpty(first);
        Assert.NotEmpty(second);
        Assert.Equal(writers * perWriter, first.Length + second.Length);
        var all = first.Concat(second).ToList();
        for (var w = 0; w < writers; w++)
        {
            for (var i = 0; i < perWriter; i++)
            {
                Assert.Single(all, l => l.Contains($"\"secret/data/w{w}/{i}\"", StringComparison.Ordinal));
            }
        }

        var result = AuditVerifier.Verify([rotated, file], chainKey);
        Assert.True(result.Clean, result.ToString());
        Assert.Equal(writers * perWriter, result.Lines);
    }

    [Fact]
    public async Task Enable_ExistingFile_ContinuesItsChain()
    {
        var file = _dir.File("audit.log");
        var chainKey = TestData.Key();
        await using (var first = new AuditBroker())
        {
            EnableOrThrow(first, "file", TestData.FileOptions(file), chainKey);
            Assert.True(await first.LogAsync(TestData.Request(), default));
            Assert.True(await first.LogAsync(TestData.Request(), default));
        }

        await using var second = new AuditBroker();
        EnableOrThrow(second, "file", TestData.FileOptions(file), chainKey);
        Assert.True(await second.LogAsync(TestData.Request(), default));

        var result = AuditVerifier.Verify([file], chainKey);
        Assert.True(result.Clean, result.ToString());
        Assert.Equal(1, result.Segments);
        Assert.EndsWith("\"seq\":3", File.ReadAllLines(file)[2][..File.ReadAllLines(file)[2].IndexOf(",\"chain\"", StringComparison.Ordinal)], StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Enable_Mode_AppliesPermissionsToNewFile()
    {
        var file = _dir.File("audit.log");
        await using var broker = new AuditBroker();
        EnableOrThrow(broker, "file", TestData.FileOptions(file, ("mode", "0640")));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(file));
    }

    [Fact]
    public async Task Enable_LogRaw_WarnsLoudly()
    {
        await using var broker = new AuditBroker();

        var result = broker.Enable("file", TestData.FileOptions(_dir.File("a.log"), ("log_raw", "true")), TestData.Key(), TestData.Key());

        Assert.True(result.Success);
        Assert.Contains(result.Warnings, w => w.Contains("PLAINTEXT", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Enable_SamePathTwice_Fails()
    {
        await using var broker = new AuditBroker();
        EnableOrThrow(broker, "file", TestData.FileOptions(_dir.File("a.log")));

        var result = broker.Enable("file/", TestData.FileOptions(_dir.File("b.log")), TestData.Key(), TestData.Key());

        Assert.False(result.Success);
        Assert.Contains("already in use", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisableAsync_RemovesDeviceAndHash()
    {
        await using var broker = new AuditBroker();
        EnableOrThrow(broker, "file", TestData.FileOptions(_dir.File("a.log")));
        Assert.NotNull(broker.Hash("file", "x"));

        Assert.True(await broker.DisableAsync("file/"));

        Assert.False(await broker.DisableAsync("file/"));
        Assert.Null(broker.Hash("file", "x"));
        Assert.False(broker.HasDevices);
    }

    [Fact]
    public async Task Hash_DifferentDevices_UseTheirOwnSalt()
    {
        await using var broker = new AuditBroker();
        EnableOrThrow(broker, "a", TestData.FileOptions(_dir.File("a.log")));
        EnableOrThrow(broker, "b", TestData.FileOptions(_dir.File("b.log")));

        var a = broker.Hash("a/", "input")!;
        Assert.StartsWith("hmac-sha256:", a, StringComparison.Ordinal);
        Assert.Equal(a, broker.Hash("a", "input"));
        Assert.NotEqual(a, broker.Hash("b/", "input"));
    }

    [Fact]
    public async Task LogAsync_FeedsAlertEngine()
    {
        await using var engine = AlertEngine.CreateDefault();
        await using var broker = new AuditBroker(engine);

        await broker.LogAsync(TestData.Request(auth: TestData.User("root-ent", "acc", "root")), default);

        Assert.Contains(engine.Recent(), a => a.RuleType == "root_token");
    }
}
