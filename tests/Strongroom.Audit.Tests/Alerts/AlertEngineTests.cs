using System.Text.Json.Nodes;

namespace Strongroom.Audit.Tests;

public sealed class AlertEngineTests : IDisposable
{
    // A Monday, 10:00 UTC: inside the default business hours.
    private static readonly DateTimeOffset Monday10 = new(2025, 1, 6, 10, 0, 0, TimeSpan.Zero);

    private readonly ManualClock _clock = new(Monday10);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private AlertEngine Create(JsonObject? config = null, byte[]? salt = null) =>
        AlertEngine.Create(config, new AlertEngineOptions { Time = _clock, IdentitySalt = salt, ExpiryCheckInterval = TimeSpan.Zero }, out var error)
        ?? throw new InvalidOperationException(error);

    private static JsonObject Only(string name, JsonObject rule) => new()
    {
        ["alert_settings"] = new JsonObject { ["defaults"] = false },
        ["alert"] = new JsonObject { [name] = rule },
    };

    private void LoginFailure(AlertEngine engine, string remote = "203.0.113.5", string user = "alice")
    {
        engine.Observe(TestData.Response(path: $"auth/userpass/login/{user}", operation: "update", time: _clock.GetUtcNow(), error: "invalid username or password", remote: remote));
        _clock.Advance(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Observe_AuthFailuresAboveThresholdInWindow_FiresOnce()
    {
        await using var engine = Create();

        for (var i = 0; i < 5; i++)
        {
            LoginFailure(engine);
        }

        Assert.DoesNotContain(engine.Recent(), a => a.Rule == "auth-failures-by-address");
        LoginFailure(engine);
        LoginFailure(engine);

        var alert = Assert.Single(engine.Recent(), a => a.Rule == "auth-failures-by-address");
        Assert.Equal(6, alert.Count);
        Assert.Equal(5, alert.Threshold);
        Assert.Equal("203.0.113.5", alert.Who.RemoteAddress);
        Assert.Equal("auth/userpass/login/alice", alert.Path);
    }

    [Fact]
    public async Task Observe_AuthFailuresSpreadBeyondWindow_DoNotFire()
    {
        await using var engine = Create();

        for (var i = 0; i < 12; i++)
        {
            LoginFailure(engine);
            _clock.Advance(TimeSpan.FromSeconds(10));
        }

        Assert.DoesNotContain(engine.Recent(), a => a.RuleType == "auth_failures");
    }

    [Fact]
    public async Task Observe_RequestAndResponseOfOneFailure_CountOnce()
    {
        await using var engine = Create(Only("af", new JsonObject { ["type"] = "auth_failures", ["threshold"] = 1 }));
        var t = _clock.GetUtcNow();

        engine.Observe(TestData.Request(path: "auth/approle/login", operation: "update", time: t, error: "invalid role id", id: "same"));
        engine.Observe(TestData.Response(path: "auth/approle/login", operation: "update", time: t, error: "invalid role id", id: "same"));

        Assert.Empty(engine.Recent());
        engine.Observe(TestData.Response(path: "auth/approle/login", operation: "update", time: t, error: "invalid role id", id: "other"));
        Assert.Single(engine.Recent());
    }

    [Fact]
    public async Task Observe_PermissionDeniedBurstForIdentity_Fires()
    {
        await using var engine = Create(Only("pd", new JsonObject { ["type"] = "permission_denied", ["threshold"] = 3, ["window"] = "30s" }));
        var user = TestData.User("ent-7", "acc-raw-7");

        for (var i = 0; i < 4; i++)
        {
            engine.Observe(TestData.Response(path: $"secret/data/other{i}", time: _clock.GetUtcNow(), auth: user, error: "permission denied"));
            _clock.Advance(TimeSpan.FromSeconds(2));
        }

        var alert = Assert.Single(engine.Recent());
        Assert.Equal("ent-7", alert.Who.EntityId);
        Assert.Equal(4, alert.Count);
    }

    [Fact]
    public async Task Observe_ReadOutsideBusinessHours_Fires()
    {
        await using var engine = Create(Only("oh", new JsonObject
        {
            ["type"] = "off_hours_read",
            ["timezone"] = "America/New_York",
            ["business_hours"] = "09:00-17:00",
            ["business_days"] = new JsonArray("mon", "tue", "wed", "thu", "fri"),
        }));
        var user = TestData.User();

        // 15:00 UTC Monday = 10:00 in New York: inside.
        engine.Observe(TestData.Response(time: Monday10.AddHours(5), auth: user));
        // 23:00 UTC Monday = 18:00 in New York: outside.
        engine.Observe(TestData.Response(path: "secret/data/prod/openai", time: Monday10.AddHours(13), auth: user));
        // Same identity and path again within the cooldown: quiet.
        engine.Observe(TestData.Response(path: "secret/data/prod/openai", time: Monday10.AddHours(13).AddMinutes(1), auth: user));
        // Saturday noon New York: outside; a sys/ read is not a secret read.
        engine.Observe(TestData.Response(path: "sys/mounts", time: Monday10.AddDays(5).AddHours(7), auth: user, mountType: "system"));

        var alert = Assert.Single(engine.Recent());
        Assert.Equal("secret/data/prod/openai", alert.Path);
        Assert.Contains("America/New_York", alert.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Observe_OneEntityReadsManyDistinctPaths_Fires()
    {
        await using var engine = Create(Only("mass", new JsonObject { ["type"] = "distinct_secret_reads", ["threshold"] = 4, ["window"] = "1m" }));
        var user = TestData.User("ent-9");

        for (var i = 0; i < 3; i++)
        {
            engine.Observe(TestData.Response(path: "secret/data/same", time: _clock.GetUtcNow(), auth: user));
            engine.Observe(TestData.Response(path: $"secret/data/p{i}", time: _clock.GetUtcNow(), auth: user));
        }

        Assert.Empty(engine.Recent());
        engine.Observe(TestData.Response(path: "secret/data/p3", time: _clock.GetUtcNow(), auth: user));
        var alert = Assert.Single(engine.Recent());
        Assert.Equal(5, alert.Count);
        Assert.Equal("ent-9", alert.Who.EntityId);
    }

    [Fact]
    public async Task Observe_DistinctReads_CountOnlyPathsReadWithinTheWindow()
    {
        await using var engine = Create(Only("mass", new JsonObject { ["type"] = "distinct_secret_reads", ["threshold"] = 3, ["window"] = "1m" }));
        var user = TestData.User("ent-7");

        // A hot path read many times is one distinct item; p0 and p1 age out before p2..p4 arrive.
        for (var i = 0; i < 1000; i++)
        {
            engine.Observe(TestData.Response(path: "secret/data/hot", time: _clock.GetUtcNow(), auth: user));
        }

        engine.Observe(TestData.Response(path: "secret/data/p0", time: _clock.GetUtcNow(), auth: user));
        engine.Observe(TestData.Response(path: "secret/data/p1", time: _clock.GetUtcNow(), auth: user));
        _clock.Advance(TimeSpan.FromSeconds(50));
        engine.Observe(TestData.Response(path: "secret/data/hot", time: _clock.GetUtcNow(), auth: user));
        _clock.Advance(TimeSpan.FromSeconds(15));
        engine.Observe(TestData.Response(path: "secret/data/p2", time: _clock.GetUtcNow(), auth: user));
        engine.Observe(TestData.Response(path: "secret/data/p3", time: _clock.GetUtcNow(), auth: user));
        Assert.Empty(engine.Recent()); // hot (re-read 15 s ago), p2, p3: 3, not above the threshold

        engine.Observe(TestData.Response(path: "secret/data/p4", time: _clock.GetUtcNow(), auth: user));
        var alert = Assert.Single(engine.Recent());
        Assert.Equal(4, alert.Count);
    }

    [Fact]
    public async Task Observe_ConfigChanges_FireForPoliciesAuthAuditMounts()
    {
        await using var engine = Create(Only("cc", new JsonObject { ["type"] = "config_change" }));
        var root = TestData.User("admin");

        foreach (var path in new[] { "sys/policy/app", "sys/auth/approle", "sys/audit/file", "sys/mounts/kv2" })
        {
            engine.Observe(TestData.Response(path: path, operation: "update", time: _clock.GetUtcNow(), auth: root, mountType: "system"));
        }

        engine.Observe(TestData.Response(path: "sys/policy/app", operation: "read", time: _clock.GetUtcNow(), auth: root, mountType: "system"));
        engine.Observe(TestData.Response(path: "sys/policy/x", operation: "update", time: _clock.GetUtcNow(), auth: root, error: "permission denied", mountType: "system"));

        Assert.Equal(4, engine.Recent().Count);
    }

    [Fact]
    public async Task Observe_RootTokenUse_FiresWithAccessorHmacOnly()
    {
        var salt = TestData.Key();
        await using var engine = Create(salt: salt);
        var rawAccessor = "acc-" + TestData.Secret();

        engine.Observe(TestData.Request(time: _clock.GetUtcNow(), auth: TestData.User("root-e", rawAccessor, "root")));

        var alert = Assert.Single(engine.Recent(), a => a.RuleType == "root_token");
        using var hasher = new AuditHasher(salt);
        Assert.Equal(hasher.Hash(rawAccessor), alert.Who.Accessor);
        Assert.DoesNotContain(rawAccessor, alert.ToJson().ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Observe_SealThroughAuditOrPublish_Fires()
    {
        await using var engine = Create(Only("seal", new JsonObject { ["type"] = "seal" }));

        engine.Observe(TestData.Response(path: "sys/seal", operation: "update", time: _clock.GetUtcNow(), mountType: "system"));
        engine.Publish(new ChangeEvent(ChangeEvent.Unsealed, "sys/unseal", _clock.GetUtcNow()));

        Assert.Equal(2, engine.Recent().Count);
        Assert.All(engine.Recent(), a => Assert.Equal("critical", a.Severity));
    }

    [Fact]
    public async Task Create_DefaultRules_CoverEveryKind()
    {
        await using var engine = Create();

        Assert.Equal(8, engine.RuleNames.Count);
        Assert.Contains("off-hours-secret-read", engine.RuleNames);
    }

    [Fact]
    public async Task Create_ConfiguredRuleOverridesOrDisablesDefault()
    {
        await using var engine = Create(new JsonObject
        {
            ["alert"] = new JsonArray(
                new JsonObject { ["root-token-use"] = new JsonObject { ["enabled"] = false } },
                new JsonObject { ["mass-secret-read"] = new JsonArray(new JsonObject { ["type"] = "distinct_secret_reads", ["threshold"] = "50" }) }),
        });

        Assert.DoesNotContain("root-token-use", engine.RuleNames);
        Assert.Contains("mass-secret-read", engine.RuleNames);
    }

    [Fact]
    public void Create_InvalidRule_ReturnsError()
    {
        Assert.Null(AlertEngine.Create(Only("x", new JsonObject { ["type"] = "nope" }), null, out var e1));
        Assert.Contains("unknown type", e1, StringComparison.Ordinal);
        Assert.Null(AlertEngine.Create(Only("x", new JsonObject { ["type"] = "auth_failures", ["window"] = "soon" }), null, out _));
        Assert.Null(AlertEngine.Create(Only("x", new JsonObject { ["type"] = "off_hours_read", ["timezone"] = "Mars/Olympus" }), null, out var e3));
        Assert.Contains("timezone", e3, StringComparison.Ordinal);
        Assert.Null(AlertEngine.Create(new JsonObject { ["alert_sink"] = new JsonObject { ["s"] = new JsonObject { ["type"] = "webhook", ["url"] = "ftp://x" } } }, null, out _));
    }

    [Fact]
    public async Task FileSink_ReceivesAlertsAndFilteredEvents()
    {
        var path = _dir.File("alerts.jsonl");
        var engine = Create(new JsonObject
        {
            ["alert_sink"] = new JsonObject
            {
                ["ops"] = new JsonObject { ["type"] = "file", ["path"] = path, ["events"] = new JsonArray("kv.*"), ["event_paths"] = new JsonArray("secret/data/ai/*") },
            },
        });
        var secret = TestData.Secret();

        engine.Observe(TestData.Request(time: _clock.GetUtcNow(), auth: TestData.User("r", "acc-" + secret, "root") with { ClientToken = secret }));
        engine.Publish(new ChangeEvent(ChangeEvent.KvWritten, "secret/data/ai/openai", _clock.GetUtcNow(), new Dictionary<string, string> { ["version"] = "3" }));
        engine.Publish(new ChangeEvent(ChangeEvent.KvWritten, "secret/data/other", _clock.GetUtcNow()));
        engine.Publish(new ChangeEvent(ChangeEvent.PolicyChanged, "sys/policy/ai", _clock.GetUtcNow()));
        await engine.DisposeAsync();

        var lines = File.ReadAllLines(path).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal("alert", (string?)lines[0]["type"]);
        Assert.Equal("root_token", (string?)lines[0]["rule_type"]);
        Assert.Equal("kv.written", (string?)lines[1]["kind"]);
        Assert.Equal("3", (string?)lines[1]["metadata"]!["version"]);
        Assert.DoesNotContain(secret, File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishDueExpiries_WithinLeadTime_PublishesOnce()
    {
        var path = _dir.File("events.jsonl");
        var engine = Create(new JsonObject
        {
            ["alert_settings"] = new JsonObject { ["lease_lead_time"] = "10m" },
            ["alert_sink"] = new JsonObject { ["ev"] = new JsonObject { ["type"] = "file", ["path"] = path, ["alerts"] = false, ["events"] = new JsonArray("lease.expiring", "token.expiring") } },
        });
        engine.TrackExpiry(ChangeEvent.LeaseExpiring, "database/creds/ro/abc", "database/creds/ro", Monday10.AddMinutes(30));
        engine.TrackExpiry(ChangeEvent.TokenExpiring, "acc-1", "auth/token/create", Monday10.AddHours(5));
        engine.TrackExpiry(ChangeEvent.LeaseExpiring, "gone", "x", Monday10.AddMinutes(1));
        engine.UntrackExpiry("gone");

        Assert.Equal(0, engine.PublishDueExpiries());
        _clock.Advance(TimeSpan.FromMinutes(21));
        Assert.Equal(1, engine.PublishDueExpiries());
        Assert.Equal(0, engine.PublishDueExpiries());
        await engine.DisposeAsync();

        var line = JsonNode.Parse(Assert.Single(File.ReadAllLines(path)))!;
        Assert.Equal("lease.expiring", (string?)line["kind"]);
        Assert.Equal("database/creds/ro", (string?)line["path"]);
    }

    [Fact]
    public async Task RaiseSystem_AppearsInRecentNewestFirst()
    {
        await using var engine = Create();

        engine.RaiseSystem("audit_file_reopened", "first", "file/");
        engine.RaiseSystem("audit_device_failed", "second", "file/");

        Assert.Equal(["second", "first"], engine.Recent().Select(a => a.Summary));
        Assert.Single(engine.Recent(1));
    }
}
