using System.Text.Json.Nodes;
using Strongroom.Client;

namespace Strongroom.Cli.Tests;

/// <summary>CLI behaviour against a stub endpoint answering Vault-shaped JSON: exit codes, requests sent, output.</summary>
public sealed class CliAppTests : IDisposable
{
    private const string KvV2Mount = """{"data":{"path":"secret/","type":"kv","options":{"version":"2"}}}""";
    private const string KvV1Mount = """{"data":{"path":"kv1/","type":"kv","options":{"version":"1"}}}""";

    private readonly StubVaultServer _server = new();
    private readonly TestCliEnvironment _env = new();
    private readonly string _token = "s.test-" + Guid.NewGuid().ToString("N");

    public CliAppTests()
    {
        _env.Variables["STRONGROOM_ADDR"] = _server.Address;
        _env.Variables["STRONGROOM_TOKEN"] = _token;
    }

    public void Dispose()
    {
        _server.Dispose();
        _env.Dispose();
    }

    private Task<CliRun> Run(params string[] args) => CliRun.RunAsync(_env, args);

    private RecordedRequest Last(string method) => _server.Requests.Last(r => r.Method == method);

    [Fact]
    public async Task Run_NoArguments_PrintsUsageAndExitsTwo()
    {
        var run = await Run();
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Usage: strongroom", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Help_ListsCommandsAndGroups()
    {
        var run = await Run("--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("status", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("kv ", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("server", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnknownCommand_ExitsTwo()
    {
        Assert.Equal(2, (await Run("frobnicate")).ExitCode);
        Assert.Equal(2, (await Run("kv", "frobnicate")).ExitCode);
    }

    [Fact]
    public async Task Run_CommandHelp_ExitsZeroWithUsageAndFlags()
    {
        var run = await Run("kv", "put", "-help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Usage: strongroom kv put", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("-cas=<int>", run.Stdout, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Run_BadFlag_ExitsTwoWithMessageAndNoRequest()
    {
        var run = await Run("read", "-bogus", "secret/x");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("flag provided but not defined: -bogus", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Run_WrongArgumentCount_ExitsTwo()
    {
        var run = await Run("delete");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Not enough arguments (expected 1, got 0)", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_InvalidFormatFromEnvironment_ExitsTwo()
    {
        _env.Variables["STRONGROOM_FORMAT"] = "xml";
        Assert.Equal(2, (await Run("version")).ExitCode);
    }

    [Fact]
    public async Task Read_ServerError_ExitsOneWithServerErrors()
    {
        _server.On("GET", "secret/x", 403, """{"errors":["permission denied"]}""");
        var run = await Run("read", "secret/x");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Error reading secret/x:", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("* permission denied", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(_token, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_Missing_ExitsTwoNoValueFound()
    {
        var run = await Run("read", "secret/missing");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("No value found at secret/missing", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_FieldAndFormats_UseEnvelope()
    {
        _server.On("GET", "kv1/app", 200, """{"request_id":"r","lease_duration":0,"data":{"api-key":"fake-value"}}""");
        Assert.Equal("fake-value", (await Run("read", "-field=api-key", "kv1/app")).Stdout);
        var json = await Run("read", "-format=json", "kv1/app");
        Assert.Equal("r", JsonNode.Parse(json.Stdout)!["request_id"]!.GetValue<string>());
        _env.Variables["VAULT_FORMAT"] = "yaml";
        Assert.Contains("api-key: fake-value", (await Run("read", "kv1/app")).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_PairsAndStdin_SendsJsonAndPrintsSuccess()
    {
        _server.On("PUT", "sys/thing", 204, string.Empty);
        var run = await Run("write", "sys/thing", "a=1", "b=2");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("Success! Data written to: sys/thing\n", run.Stdout);
        Assert.Equal("""{"a":"1","b":"2"}""", Last("PUT").Body);

        _env.Stdin = new StringReader("""{"n":1}""");
        await Run("write", "sys/thing", "-");
        Assert.Equal("""{"n":1}""", Last("PUT").Body);
    }

    [Fact]
    public async Task Write_NoData_RequiresForce()
    {
        Assert.Equal(2, (await Run("write", "sys/thing")).ExitCode);
    }

    [Fact]
    public async Task KvPut_V2_WrapsDataAddsCasAndPrintsMetadata()
    {
        _server.On("GET", "sys/internal/ui/mounts/secret/ai/openai", 200, KvV2Mount);
        _server.On("PUT", "secret/data/ai/openai", 200, """{"data":{"created_time":"2025-01-01T00:00:00Z","custom_metadata":null,"deletion_time":"","destroyed":false,"version":1}}""");
        var run = await Run("kv", "put", "-cas=0", "secret/ai/openai", "api-key=fake-value");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("""{"data":{"api-key":"fake-value"},"options":{"cas":0}}""", Last("PUT").Body);
        Assert.StartsWith("==== Secret Path ====\nsecret/data/ai/openai\n\n======= Metadata =======\nKey                Value\n---                -----\n", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("version            1\n", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KvPut_MountFlag_ResolvesRelativePath()
    {
        _server.On("GET", "sys/internal/ui/mounts/secret", 200, KvV2Mount);
        _server.On("PUT", "secret/data/ai/openai", 204, string.Empty);
        var run = await Run("kv", "put", "-mount=secret", "ai/openai", "k=v");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("/v1/secret/data/ai/openai", Last("PUT").Path);
    }

    [Fact]
    public async Task KvPut_V1_WritesPlainData()
    {
        _server.On("GET", "sys/internal/ui/mounts/kv1/app", 200, KvV1Mount);
        _server.On("PUT", "kv1/app", 204, string.Empty);
        var run = await Run("kv", "put", "kv1/app", "k=v");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("""{"k":"v"}""", Last("PUT").Body);
        Assert.Equal("Success! Data written to: kv1/app\n", run.Stdout);
    }

    [Fact]
    public async Task KvGet_UiMountsMissing_FallsBackToSysMounts()
    {
        _server.On("GET", "sys/mounts", 200, """{"data":{"secret/":{"type":"kv","options":{"version":"2"}}}}""");
        _server.On("GET", "secret/data/app", 200, """{"data":{"data":{"k":"v"},"metadata":{"version":3}}}""");
        var run = await Run("kv", "get", "-field=k", "secret/app");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("v", run.Stdout);
    }

    [Fact]
    public async Task KvGet_V2Table_ShowsMetadataAndDataSections()
    {
        _server.On("GET", "sys/internal/ui/mounts/secret/app", 200, KvV2Mount);
        _server.On("GET", "secret/data/app", 200, """{"data":{"data":{"k":"v"},"metadata":{"version":3}}}""");
        var run = await Run("kv", "get", "-version=3", "secret/app");
        Assert.Equal("?version=3", Last("GET").Query);
        Assert.Contains("= Metadata =", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("= Data =", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("k      v\n", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KvGet_Missing_ExitsTwo()
    {
        _server.On("GET", "sys/internal/ui/mounts/secret/none", 200, KvV2Mount);
        var run = await Run("kv", "get", "secret/none");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("No value found at secret/data/none", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KvListDeleteDestroyUndelete_V2_UseVersionedPaths()
    {
        foreach (var path in new[] { "secret", "secret/app" })
        {
            _server.On("GET", "sys/internal/ui/mounts/" + path, 200, KvV2Mount);
        }

        _server.On("LIST", "secret/metadata/", 200, """{"data":{"keys":["app","ai/"]}}""");
        _server.On("PUT", "secret/delete/app", 204, string.Empty);
        _server.On("PUT", "secret/destroy/app", 204, string.Empty);
        _server.On("PUT", "secret/undelete/app", 204, string.Empty);
        _server.On("DELETE", "secret/data/app", 204, string.Empty);
        _server.On("DELETE", "secret/metadata/app", 204, string.Empty);

        Assert.Equal("Keys\n----\napp\nai/\n", (await Run("kv", "list", "secret")).Stdout);
        Assert.Equal(0, (await Run("kv", "delete", "-versions=1,2", "secret/app")).ExitCode);
        Assert.Equal("""{"versions":[1,2]}""", Last("PUT").Body);
        Assert.Equal(0, (await Run("kv", "destroy", "-versions=3", "secret/app")).ExitCode);
        Assert.Equal("/v1/secret/destroy/app", Last("PUT").Path);
        Assert.Equal(0, (await Run("kv", "undelete", "-versions=1", "secret/app")).ExitCode);
        Assert.Equal("/v1/secret/undelete/app", Last("PUT").Path);
        Assert.Equal(2, (await Run("kv", "undelete", "secret/app")).ExitCode);
        Assert.Equal(0, (await Run("kv", "delete", "secret/app")).ExitCode);
        Assert.Equal("/v1/secret/data/app", Last("DELETE").Path);
        Assert.Equal(0, (await Run("kv", "metadata", "delete", "secret/app")).ExitCode);
        Assert.Equal("/v1/secret/metadata/app", Last("DELETE").Path);
    }

    [Fact]
    public async Task KvPatch_V1_IsRefused()
    {
        _server.On("GET", "sys/internal/ui/mounts/kv1/app", 200, KvV1Mount);
        var run = await Run("kv", "patch", "kv1/app", "k=v");
        Assert.Equal(2, run.ExitCode);
        Assert.DoesNotContain(_server.Requests, r => r.Method == "PATCH");
    }

    [Fact]
    public async Task KvRollback_WritesOldDataWithCurrentVersionAsCas()
    {
        _server.On("GET", "sys/internal/ui/mounts/secret/app", 200, KvV2Mount);
        _server.On("GET", "secret/metadata/app", 200, """{"data":{"current_version":3,"versions":{"1":{"deletion_time":"","destroyed":false},"3":{"deletion_time":"","destroyed":false}}}}""");
        _server.On("GET", "secret/data/app", 200, """{"data":{"data":{"k":"old"},"metadata":{"version":1}}}""");
        _server.On("PUT", "secret/data/app", 200, """{"data":{"version":4}}""");
        var run = await Run("kv", "rollback", "-version=1", "secret/app");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("""{"data":{"k":"old"},"options":{"cas":3}}""", Last("PUT").Body);
    }

    [Fact]
    public async Task Status_Sealed_ExitsTwoAndPrintsTable()
    {
        _server.On("GET", "sys/seal-status", 200, """{"type":"shamir","initialized":true,"sealed":true,"t":3,"n":5,"progress":1,"nonce":"","version":"0.1.0","storage_type":"sqlite"}""");
        var run = await Run("status");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Sealed             true\n", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Unseal Progress    1/3\n", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OperatorInit_PrintsKeysAndRootToken()
    {
        var root = "s.test-" + Guid.NewGuid().ToString("N");
        _server.On("PUT", "sys/init", 200, $$"""{"keys":["aa","bb","cc"],"keys_base64":["QQ==","Qg==","Qw=="],"root_token":"{{root}}"}""");
        var run = await Run("operator", "init", "-key-shares=3", "-key-threshold=2");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("""{"secret_shares":3,"secret_threshold":2}""", Last("PUT").Body);
        Assert.StartsWith("Unseal Key 1: QQ==\nUnseal Key 2: Qg==\nUnseal Key 3: Qw==\n\nInitial Root Token: " + root + "\n", run.Stdout, StringComparison.Ordinal);
        var json = await Run("operator", "init", "-key-shares=3", "-key-threshold=2", "-format=json");
        Assert.Equal(root, JsonNode.Parse(json.Stdout)!["root_token"]!.GetValue<string>());
    }

    [Fact]
    public async Task OperatorInit_BadThreshold_ExitsTwo()
    {
        Assert.Equal(2, (await Run("operator", "init", "-key-shares=2", "-key-threshold=3")).ExitCode);
    }

    [Fact]
    public async Task OperatorUnseal_NoArgument_PromptsWithoutEcho()
    {
        _server.On("PUT", "sys/unseal", 200, """{"sealed":false,"t":1,"n":1,"progress":0}""");
        _env.WithSecret("share-1");
        var run = await Run("operator", "unseal");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["Unseal Key (will be hidden): "], _env.Prompts);
        Assert.Equal("""{"key":"share-1"}""", Last("PUT").Body);
        await Run("operator", "unseal", "-reset");
        Assert.Equal("""{"reset":true}""", Last("PUT").Body);
    }

    [Fact]
    public async Task Login_Token_VerifiesAndStoresInHelperFile()
    {
        _env.Variables.Remove("STRONGROOM_TOKEN");
        var token = "s.test-" + Guid.NewGuid().ToString("N");
        _server.On("GET", "auth/token/lookup-self", 200, """{"data":{"accessor":"acc","policies":["root"],"ttl":0}}""");
        var run = await Run("login", token);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(token, Last("GET").Token);
        Assert.Equal(token, new TokenHelper(_env.HomeDirectory).Read());
        Assert.Contains("Success! You are now authenticated.", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_Userpass_PostsPasswordToUserPathWithoutToken()
    {
        var issued = "s.test-" + Guid.NewGuid().ToString("N");
        _server.On("PUT", "auth/userpass/login/alice", 200, $$$"""{"auth":{"client_token":"{{{issued}}}","accessor":"a","policies":["default"],"lease_duration":3600,"renewable":true}}""");
        _env.WithSecret("pw-fake");
        var run = await Run("login", "-method=userpass", "-token-only", "username=alice");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(issued, run.Stdout);
        var request = Last("PUT");
        Assert.Null(request.Token);
        Assert.Equal("""{"password":"pw-fake"}""", request.Body);
        Assert.Null(new TokenHelper(_env.HomeDirectory).Read());
    }

    [Fact]
    public async Task Login_Approle_StoresIssuedToken()
    {
        var issued = "s.test-" + Guid.NewGuid().ToString("N");
        _server.On("PUT", "auth/approle/login", 200, $$$"""{"auth":{"client_token":"{{{issued}}}","accessor":"a","policies":["default"],"lease_duration":60}}""");
        var run = await Run("login", "-method=approle", "role_id=r", "secret_id=s");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(issued, new TokenHelper(_env.HomeDirectory).Read());
    }

    [Fact]
    public async Task TokenCreate_Flags_MapToRequestBodyAndPath()
    {
        var issued = "s.test-" + Guid.NewGuid().ToString("N");
        _server.On("POST", "auth/token/create-orphan", 200, $$$"""{"auth":{"client_token":"{{{issued}}}","accessor":"a","policies":["ai"],"lease_duration":3600,"renewable":false}}""");
        var run = await Run("token", "create", "-orphan", "-policy=ai", "-policy=default", "-ttl=1h", "-use-limit=3", "-renewable=false", "-metadata=team=ml", "-field=token");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(issued, run.Stdout);
        var body = JsonNode.Parse(Last("POST").Body)!;
        Assert.Equal("[\"ai\",\"default\"]", body["policies"]!.ToJsonString());
        Assert.Equal("1h", body["ttl"]!.GetValue<string>());
        Assert.Equal(3, body["num_uses"]!.GetValue<int>());
        Assert.False(body["renewable"]!.GetValue<bool>());
        Assert.Equal("ml", body["meta"]!["team"]!.GetValue<string>());
    }

    [Fact]
    public async Task TokenCreate_BadTtl_ExitsTwo()
    {
        Assert.Equal(2, (await Run("token", "create", "-ttl=soon")).ExitCode);
    }

    [Fact]
    public async Task TokenRevoke_Modes_PickEndpoints()
    {
        _server.On("POST", "auth/token/revoke-self", 204, string.Empty);
        _server.On("POST", "auth/token/revoke-orphan", 204, string.Empty);
        _server.On("POST", "auth/token/revoke-accessor", 204, string.Empty);
        Assert.Equal(0, (await Run("token", "revoke", "-self")).ExitCode);
        Assert.Equal(0, (await Run("token", "revoke", "-mode=orphan", "s.test-other")).ExitCode);
        Assert.Equal(0, (await Run("token", "revoke", "-accessor", "acc")).ExitCode);
        Assert.Equal(["/v1/auth/token/revoke-self", "/v1/auth/token/revoke-orphan", "/v1/auth/token/revoke-accessor"], _server.Requests.Select(r => r.Path));
        Assert.Equal(2, (await Run("token", "revoke", "-self", "x")).ExitCode);
    }

    [Fact]
    public async Task TokenCapabilities_PrintsSortedList()
    {
        _server.On("POST", "sys/capabilities-self", 200, """{"data":{"capabilities":["update","read"],"secret/data/x":["update","read"]}}""");
        var run = await Run("token", "capabilities", "secret/data/x");
        Assert.Equal("read, update\n", run.Stdout);
    }

    [Fact]
    public async Task SecretsEnable_KvV2_SendsTypeVersionAndTtls()
    {
        _server.On("POST", "sys/mounts/secret", 204, string.Empty);
        var run = await Run("secrets", "enable", "-path=secret", "-max-lease-ttl=24h", "kv-v2");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("Success! Enabled the kv-v2 secrets engine at: secret/\n", run.Stdout);
        Assert.Equal("""{"type":"kv","config":{"max_lease_ttl":"24h"},"options":{"version":"2"}}""", Last("POST").Body);
    }

    [Fact]
    public async Task SecretsList_Table_ListsMountsSorted()
    {
        _server.On("GET", "sys/mounts", 200, """{"data":{"sys/":{"type":"system","accessor":"system_1","description":"system endpoints"},"secret/":{"type":"kv","accessor":"kv_2","description":""}}}""");
        var run = await Run("secrets", "list");
        Assert.Equal("Path       Type      Accessor    Description\n----       ----      --------    -----------\nsecret/    kv        kv_2        n/a\nsys/       system    system_1    system endpoints\n", run.Stdout);
    }

    [Fact]
    public async Task AuthAndAudit_EnableDisable_HitSysPaths()
    {
        _server.On("POST", "sys/auth/approle", 204, string.Empty);
        _server.On("POST", "sys/auth/approle/tune", 204, string.Empty);
        _server.On("DELETE", "sys/auth/approle", 204, string.Empty);
        _server.On("PUT", "sys/audit/file", 204, string.Empty);
        _server.On("DELETE", "sys/audit/file", 204, string.Empty);
        Assert.Equal(0, (await Run("auth", "enable", "approle")).ExitCode);
        Assert.Equal(0, (await Run("auth", "tune", "-default-lease-ttl=30m", "approle/")).ExitCode);
        Assert.Equal("""{"default_lease_ttl":"30m"}""", Last("POST").Body);
        Assert.Equal(0, (await Run("auth", "disable", "approle")).ExitCode);
        Assert.Equal(0, (await Run("audit", "enable", "file", "file_path=/tmp/audit.log")).ExitCode);
        Assert.Equal("/tmp/audit.log", JsonNode.Parse(Last("PUT").Body)!["options"]!["file_path"]!.GetValue<string>());
        Assert.Equal(0, (await Run("audit", "disable", "file")).ExitCode);
    }

    [Fact]
    public async Task AuditList_None_ExitsTwo()
    {
        _server.On("GET", "sys/audit", 200, """{"data":{}}""");
        var run = await Run("audit", "list");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("No audit devices are enabled.", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PolicyWriteReadFmt_RoundTrip()
    {
        var file = Path.Combine(_env.HomeDirectory, "p.hcl");
        File.WriteAllText(file, "path \"secret/*\"{\ncapabilities=[\"read\"]\n}\n");
        _server.On("PUT", "sys/policies/acl/readers", 204, string.Empty);
        _server.On("GET", "sys/policies/acl/readers", 200, """{"data":{"name":"readers","policy":"path \"secret/*\" {}"}}""");
        Assert.Equal(0, (await Run("policy", "fmt", file)).ExitCode);
        Assert.Equal("path \"secret/*\" {\n  capabilities = [\"read\"]\n}\n", File.ReadAllText(file));
        Assert.Equal(0, (await Run("policy", "write", "readers", file)).ExitCode);
        Assert.Equal(File.ReadAllText(file), JsonNode.Parse(Last("PUT").Body)!["policy"]!.GetValue<string>());
        Assert.Equal("path \"secret/*\" {}\n", (await Run("policy", "read", "readers")).Stdout);
        Assert.Equal(2, (await Run("policy", "write", "readers", Path.Combine(_env.HomeDirectory, "missing.hcl"))).ExitCode);
    }

    [Fact]
    public async Task Version_PrintsVersion()
    {
        var run = await Run("version");
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("Strongroom v", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddressFlag_OverridesEnvironment()
    {
        _env.Variables["STRONGROOM_ADDR"] = "http://127.0.0.1:1";
        _server.On("GET", "sys/seal-status", 200, """{"sealed":false}""");
        Assert.Equal(0, (await Run("status", "-address=" + _server.Address)).ExitCode);
    }

    [Fact]
    public async Task Unreachable_ExitsOne()
    {
        _env.Variables["STRONGROOM_ADDR"] = "http://127.0.0.1:1";
        var run = await Run("status");
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("Error checking seal status:", run.Stderr, StringComparison.Ordinal);
    }
}
