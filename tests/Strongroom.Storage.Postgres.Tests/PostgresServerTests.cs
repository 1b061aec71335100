using System.Net;
using System.Text.Json.Nodes;
using Strongroom.Cli;
using Strongroom.Cli.Commands;
using Strongroom.Server;
using Strongroom.Server.Configuration;
using Strongroom.Server.Tests.Infrastructure;

namespace Strongroom.Storage.Postgres.Tests;

/// <summary>The real server (in-process Kestrel) on real PostgreSQL: outages, restarts, snapshots, migration.</summary>
[Collection(PostgresGroup.Name)]
public sealed class PostgresServerTests : IAsyncLifetime
{
    private const string RootToken = "test-root-token-fake";
    private readonly PostgresFixture _pg;
    private readonly string _table = PostgresFixture.UniqueTable();
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "strongroom-pgtests-" + Guid.NewGuid().ToString("N")[..12]);
    private StrongroomServer? _server;

    public PostgresServerTests(PostgresFixture pg)
    {
        _pg = pg;
    }

    private StrongroomServer Server => _server!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _server = await StartAsync(PgStorage(_table), dev: true);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Kv_PostgresRestarted_NodeReconnectsWithoutManualAction()
    {
        using var http = new VaultHttp(Server.Address, RootToken);
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("secret/data/app", new { data = new { v = "one" } })).Status);

        await _pg.Server.StopAsync();
        await _pg.Server.StartAgainAsync();

        var read = await http.GetAsync("secret/data/app");
        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal("one", (string?)read.Json!["data"]!["data"]!["v"]);
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("secret/data/app", new { data = new { v = "two" } })).Status);
    }

    [Fact]
    public async Task Kv_PostgresDown_Answers503WithClearErrorAndWritesNothing()
    {
        using var http = new VaultHttp(Server.Address, RootToken);
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("secret/data/app", new { data = new { v = "one" } })).Status);

        await _pg.Server.StopAsync();
        Reply write;
        Reply read;
        try
        {
            write = await http.PostAsync("secret/data/app", new { data = new { v = "two" } });
            read = await http.GetAsync("secret/data/app");
        }
        finally
        {
            await _pg.Server.StartAgainAsync();
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, write.Status);
        Assert.Contains("storage unavailable", write.Raw, StringComparison.Ordinal);
        Assert.Contains("PostgreSQL", write.Raw, StringComparison.Ordinal);
        Assert.DoesNotContain(_pg.Server.Password, write.Raw, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, read.Status);

        var after = await http.GetAsync("secret/data/app");
        Assert.Equal("one", (string?)after.Json!["data"]!["data"]!["v"]);
        Assert.Equal(1, (int?)after.Json["data"]!["metadata"]!["version"]);
        var metadata = await http.GetAsync("secret/metadata/app");
        Assert.Equal(1, (int?)metadata.Json!["data"]!["current_version"]);
    }

    [Fact]
    public async Task Snapshot_SaveChangeRestore_BringsBackSavedStateSealed()
    {
        using var http = new VaultHttp(Server.Address, RootToken);
        await http.PostAsync("secret/data/keep", new { data = new { v = "saved" } });
        var snapshot = await http.GetAsync("sys/storage/snapshot");
        Assert.Equal(HttpStatusCode.OK, snapshot.Status);
        var data = snapshot.Json!["data"]!.AsObject();
        Assert.Equal("strongroom-storage-snapshot", (string?)data["format"]);
        Assert.DoesNotContain("saved", data.ToJsonString(), StringComparison.Ordinal);

        await http.PostAsync("secret/data/later", new { data = new { v = "after" } });
        await http.DeleteAsync("secret/metadata/keep");

        Assert.Equal(HttpStatusCode.NoContent, (await http.PostAsync("sys/storage/snapshot", data.DeepClone())).Status);
        Assert.True((bool)(await http.GetAsync("sys/seal-status")).Json!["sealed"]!);
        await UnsealAsync(http, Server);

        Assert.Equal("saved", (string?)(await http.GetAsync("secret/data/keep")).Json!["data"]!["data"]!["v"]);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("secret/data/later")).Status);
    }

    [Fact]
    public async Task Snapshot_TamperedOrMalformed_Refused400AndStorageUntouched()
    {
        using var http = new VaultHttp(Server.Address, RootToken);
        await http.PostAsync("secret/data/keep", new { data = new { v = "saved" } });
        var data = (await http.GetAsync("sys/storage/snapshot")).Json!["data"]!.AsObject();
        var entries = data["entries"]!.AsArray();
        entries.RemoveAt(entries.Count - 1);
        data["entry_count"] = entries.Count;

        var tampered = await http.PostAsync("sys/storage/snapshot", data);
        var wrongFormat = await http.PostAsync("sys/storage/snapshot", new { format = "other", version = 1 });
        var notJson = await http.PostAsync("sys/storage/snapshot", "{not json");

        Assert.Equal(HttpStatusCode.BadRequest, tampered.Status);
        Assert.Contains("checksum", tampered.Raw, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, wrongFormat.Status);
        Assert.Equal(HttpStatusCode.BadRequest, notJson.Status);
        Assert.Equal("saved", (string?)(await http.GetAsync("secret/data/keep")).Json!["data"]!["data"]!["v"]);
    }

    [Fact]
    public async Task Snapshot_TokenWithoutSudo_Forbidden()
    {
        using var http = new VaultHttp(Server.Address, RootToken);
        await http.PutAsync("sys/policies/acl/snap", new { policy = "path \"sys/storage/snapshot\" { capabilities = [\"read\"] }" });
        var token = (string?)(await http.PostAsync("auth/token/create", new { policies = new[] { "snap" } })).Json!["auth"]!["client_token"];
        using var limited = new VaultHttp(Server.Address, token);

        Assert.Equal(HttpStatusCode.Forbidden, (await limited.GetAsync("sys/storage/snapshot")).Status);
    }

    [Fact]
    public async Task Cli_SnapshotSaveAndRestore_RoundTrips()
    {
        using var http = new VaultHttp(Server.Address, RootToken);
        await http.PostAsync("secret/data/cli", new { data = new { v = "before" } });
        var file = Path.Combine(_dir, "backup.snap");
        var env = new TestEnvironment(Server.Address, RootToken);

        var (saveCode, saveOut, saveErr) = await RunCliAsync(env, "operator", "snapshot", "save", "-format=json", file);
        Assert.True(saveCode == 0, saveErr);
        Assert.True((int)JsonNode.Parse(saveOut)!["entry_count"]! > 0);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));

        await http.PostAsync("secret/data/cli", new { data = new { v = "after" } });
        var (restoreCode, _, restoreErr) = await RunCliAsync(env, "operator", "snapshot", "restore", file);
        Assert.True(restoreCode == 0, restoreErr);
        await UnsealAsync(http, Server);

        Assert.Equal("before", (string?)(await http.GetAsync("secret/data/cli")).Json!["data"]!["data"]!["v"]);
        var (missingCode, _, _) = await RunCliAsync(env, "operator", "snapshot", "restore", Path.Combine(_dir, "missing.snap"));
        Assert.Equal(1, missingCode);
        var (usageCode, _, _) = await RunCliAsync(env, "operator", "snapshot", "save");
        Assert.Equal(2, usageCode);
    }

    [Fact]
    public async Task Migrate_SqliteToPostgres_ClusterUnsealsWithSameKeysAndKeepsData()
    {
        var sqlite = new StorageConfig { Type = "sqlite" };
        sqlite.Options["path"] = Path.Combine(_dir, "source.db");
        byte[] key;
        await using (var source = await StartAsync(sqlite, dev: true))
        {
            using var http = new VaultHttp(source.Address, RootToken);
            Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("secret/data/moved", new { data = new { v = "migrated" } })).Status);
            key = source.DevInit!.KeyShares[0].ToArray();
        }

        var configFile = Path.Combine(_dir, "migrate.hcl");
        var table = PostgresFixture.UniqueTable();
        await File.WriteAllTextAsync(configFile, $$"""
            storage_source "sqlite" { path = "{{sqlite.Options["path"]}}" }
            storage_destination "postgresql" {
              connection_url = "{{_pg.Server.Url()}}"
              table = "{{table}}"
            }
            """);
        var env = new TestEnvironment(Server.Address, RootToken);
        var (code, stdout, stderr) = await RunCliAsync(env, "operator", "migrate", "-format=json", "-config=" + configFile);
        Assert.True(code == 0, stderr);
        Assert.True((int)JsonNode.Parse(stdout)!["entry_count"]! > 0);

        var (again, _, againErr) = await RunCliAsync(env, "operator", "migrate", "-config=" + configFile);
        Assert.Equal(1, again);
        Assert.Contains("not empty", againErr, StringComparison.Ordinal);

        await using var target = await StartAsync(PgStorage(table), dev: false);
        using var targetHttp = new VaultHttp(target.Address, RootToken);
        Assert.True((bool)(await targetHttp.GetAsync("sys/seal-status")).Json!["sealed"]!);
        await targetHttp.PutAsync("sys/unseal", new { key = Convert.ToBase64String(key) });
        Assert.Equal("migrated", (string?)(await targetHttp.GetAsync("secret/data/moved")).Json!["data"]!["data"]!["v"]);
    }

    [Fact]
    public async Task Migrate_BadConfig_UsageOrFailure()
    {
        var env = new TestEnvironment(Server.Address, RootToken);
        var file = Path.Combine(_dir, "bad.hcl");
        await File.WriteAllTextAsync(file, "storage_source \"sqlite\" { path = \"x.db\" }\n");

        Assert.Equal(2, (await RunCliAsync(env, "operator", "migrate")).Code);
        var (code, _, stderr) = await RunCliAsync(env, "operator", "migrate", "-config=" + file);
        Assert.Equal(1, code);
        Assert.Contains("storage_destination", stderr, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => OperatorMigrateCommand.Parse("storage_source = 1"));
    }

    private StorageConfig PgStorage(string table)
    {
        var storage = new StorageConfig { Type = "postgresql" };
        storage.Options["connection_url"] = _pg.Server.Url() + "?connect_timeout=3";
        storage.Options["table"] = table;
        return storage;
    }

    private static Task<StrongroomServer> StartAsync(StorageConfig storage, bool dev) =>
        StrongroomServer.StartAsync(
            new ServerConfig { Storage = storage, Listener = new ListenerConfig { Address = "127.0.0.1:0", TlsDisable = true } },
            dev,
            RootToken);

    private static async Task UnsealAsync(VaultHttp http, StrongroomServer server)
    {
        var reply = await http.PutAsync("sys/unseal", new { key = Convert.ToBase64String(server.DevInit!.KeyShares[0].ToArray()) });
        Assert.False((bool)reply.Json!["sealed"]!, reply.Raw);
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunCliAsync(TestEnvironment env, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr, env, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private sealed class TestEnvironment(Uri address, string token) : ICliEnvironment
    {
        public string? HomeDirectory => null;

        public TextReader Stdin => TextReader.Null;

        public string? GetVariable(string name) => name switch
        {
            "STRONGROOM_ADDR" => address.ToString().TrimEnd('/'),
            "STRONGROOM_TOKEN" => token,
            _ => null,
        };

        public string? ReadSecret(string prompt, TextWriter stderr) => null;

        public HttpMessageHandler? CreateHttpHandler() => null;
    }
}
