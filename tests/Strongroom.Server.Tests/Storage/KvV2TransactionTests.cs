using System.Net;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Strongroom.Server.Configuration;
using Strongroom.Server.Tests.Infrastructure;

namespace Strongroom.Server.Tests.Storage;

/// <summary>
/// A KV v2 write is one storage transaction (issue #9): when the SQLite file refuses part of it,
/// the client gets a 503 with a clear error and the file holds neither the version nor the metadata.
/// Real Kestrel on loopback, real SQLite file; the failure is injected with a SQLite trigger.
/// </summary>
public sealed class KvV2TransactionTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "strongroom-kvtx-" + Guid.NewGuid().ToString("N"));
    private readonly string _rootToken = "hvs." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
    private StrongroomServer _server = null!;

    private string DbPath => Path.Combine(_dir, "strongroom.db");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        var storage = new StorageConfig { Type = "sqlite" };
        storage.Options["path"] = DbPath;
        var config = new ServerConfig { Storage = storage, Listener = new ListenerConfig { Address = "127.0.0.1:0", TlsDisable = true } };
        _server = await StrongroomServer.StartAsync(config, dev: true, _rootToken, new ManualClock());
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Write_MetadataInsertRejected_503AndNoVersionLeftBehind()
    {
        using var http = new VaultHttp(_server.Address, _rootToken);
        await ExecuteAsync("CREATE TRIGGER reject_doomed BEFORE INSERT ON strongroom_kv WHEN NEW.key LIKE '%/metadata/doomed' BEGIN SELECT RAISE(ABORT, 'injected'); END;");

        var reply = await http.PostAsync("secret/data/doomed", new { data = new { api_key = "fake-value-not-a-real-key" } });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, reply.Status);
        Assert.StartsWith("storage unavailable", reply.FirstError, StringComparison.Ordinal);
        Assert.DoesNotContain("fake-value", reply.Raw, StringComparison.Ordinal);
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM strongroom_kv WHERE key LIKE '%/versions/%';"));
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM strongroom_kv WHERE key LIKE '%/metadata/doomed';"));
        (await http.GetAsync("secret/data/doomed")).Expect(HttpStatusCode.NotFound);

        await ExecuteAsync("DROP TRIGGER reject_doomed;");
        var retry = (await http.PostAsync("secret/data/doomed", new { data = new { api_key = "fake-value-not-a-real-key" } })).Expect(HttpStatusCode.OK);
        Assert.Equal(1, (long)retry.Data!["version"]!);
    }

    [Fact]
    public async Task Write_PruneDeleteRejected_PreviousVersionsAndMetadataUnchanged()
    {
        using var http = new VaultHttp(_server.Address, _rootToken);
        (await http.PostAsync("secret/metadata/app", new { max_versions = 1 })).Expect(HttpStatusCode.NoContent);
        (await http.PostAsync("secret/data/app", new { data = new { v = "1" } })).Expect(HttpStatusCode.OK);
        await ExecuteAsync("CREATE TRIGGER keep_versions BEFORE DELETE ON strongroom_kv WHEN OLD.key LIKE '%/versions/%' BEGIN SELECT RAISE(ABORT, 'injected'); END;");

        // Version 2 would prune version 1: the delete fails, so the new version and metadata must not land either.
        (await http.PostAsync("secret/data/app", new { data = new { v = "2" } })).Expect(HttpStatusCode.ServiceUnavailable);

        var read = (await http.GetAsync("secret/data/app")).Expect(HttpStatusCode.OK);
        Assert.Equal("1", (string)read.Data!["data"]!["v"]!);
        Assert.Equal(1, (long)read.Data!["metadata"]!["version"]!);
        Assert.Equal(1L, await ScalarAsync("SELECT COUNT(*) FROM strongroom_kv WHERE key LIKE '%/versions/%';"));
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DbPath, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DbPath, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
