using System.Security.Cryptography;
using System.Text.Json;
using static Strongroom.Scanner.Tests.ArchiveFixtures;
using static Strongroom.Scanner.Tests.CommandHarness;
using static Strongroom.Scanner.Tests.KeyFactory;

namespace Strongroom.Scanner.Tests;

public sealed class ContainerFormatTests
{
    private static async Task<List<JsonElement>> FindingsAsync(string path)
    {
        var (code, stdout, stderr) = await ScanAsync([path, "--format", "json", "--no-git"]);
        Assert.True(code is 0 or 1, stderr);
        using var json = JsonDocument.Parse(stdout);
        return json.RootElement.GetProperty("findings").EnumerateArray().Select(e => e.Clone()).ToList();
    }

    [Fact]
    public async Task Scan_ZipTarAndTarGz_FindsKeysInsideWithNestedPaths()
    {
        using var dir = new TempDirectory();
        var k1 = "gsk_" + R(Alnum, 52);
        var k2 = "pplx-" + R(Alnum, 48);
        var k3 = "r8_" + R(Alnum, 37);
        File.WriteAllBytes(Path.Combine(dir.Path, "bundle.zip"), Zip(("conf/.env", Utf8($"GROQ={k1}\n")), ("inner.zip", Zip(("deep.txt", Utf8(k3))))));
        File.WriteAllBytes(Path.Combine(dir.Path, "backup.tar.gz"), Gzip(Tar(("etc/app.conf", Utf8($"x\ntoken={k2}\n")))));
        var findings = await FindingsAsync(dir.Path);
        var byFile = findings.ToDictionary(f => f.GetProperty("file").GetString()!, f => f.GetProperty("line").GetInt32());
        Assert.Equal(1, byFile["bundle.zip!conf/.env"]);
        Assert.Equal(1, byFile["bundle.zip!inner.zip!deep.txt"]);
        Assert.Equal(2, byFile["backup.tar.gz!etc/app.conf"]);
    }

    [Fact]
    public async Task Scan_DockerSaveImage_FindsLayerFilesWhiteoutsAndConfigEnv()
    {
        using var dir = new TempDirectory();
        var deletedKey = "sk-ant-api03-" + R(UrlSafe, 93) + "AA";
        var liveKey = "hf_" + R(Letters, 34);
        var envKey = "sk-proj-" + R(UrlSafe, 74) + "T3BlbkFJ" + R(UrlSafe, 74);
        var layer1 = Tar(("app/.env", Utf8($"ANTHROPIC_API_KEY={deletedKey}\n")), ("app/main.py", Utf8("print(1)\n")));
        var layer2 = Gzip(Tar(("app/.wh..env", []), ("app/hf.txt", Utf8(liveKey))));
        var config = $$"""
            {"architecture":"amd64","config":{"Env":["PATH=/usr/bin","OPENAI_API_KEY={{envKey}}"]},
             "history":[{"created_by":"/bin/sh -c #(nop) ENV OPENAI_API_KEY=..."}],
             "rootfs":{"type":"layers","diff_ids":["sha256:a","sha256:b"]} }
            """;
        var manifest = """[{"Config":"cfg.json","RepoTags":["app:latest"],"Layers":["l1/layer.tar","l2/layer.tar"]}]""";
        File.WriteAllBytes(Path.Combine(dir.Path, "image.tar"), Tar(("l1/layer.tar", layer1), ("l2/layer.tar", layer2), ("cfg.json", Utf8(config)), ("manifest.json", Utf8(manifest))));

        var findings = await FindingsAsync(dir.Path);
        Assert.Equal(3, findings.Count);
        var deleted = findings.Single(f => f.GetProperty("ruleId").GetString() == "anthropic-api-key");
        Assert.Equal("image.tar!app/.env", deleted.GetProperty("file").GetString());
        Assert.Equal("l1", deleted.GetProperty("layer").GetString());
        Assert.Contains("whiteout", deleted.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var live = findings.Single(f => f.GetProperty("ruleId").GetString() == "huggingface-token");
        Assert.Equal("l2", live.GetProperty("layer").GetString());
        Assert.False(live.TryGetProperty("detail", out _));
        var env = findings.Single(f => f.GetProperty("ruleId").GetString() == "openai-api-key");
        Assert.Equal("image.tar!cfg.json", env.GetProperty("file").GetString());
        Assert.Contains("image config", env.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_OciLayoutWithZstdAndGzipBlobs_FindsEveryLayer()
    {
        using var dir = new TempDirectory();
        var k1 = "xai-" + R(Alnum, 80);
        var k2 = "dckr_pat_" + R(UrlSafe, 27);
        var gzLayer = Gzip(Tar(("srv/one.txt", Utf8(k1))));
        var zstdLayer = Zstd(Tar(("srv/two.txt", Utf8(k2))));
        string Digest(byte[] b) => Convert.ToHexStringLower(SHA256.HashData(b));
        var (d1, d2) = (Digest(gzLayer), Digest(zstdLayer));
        var manifest = $$"""{"schemaVersion":2,"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:{{d1}}"},{"mediaType":"application/vnd.oci.image.layer.v1.tar+zstd","digest":"sha256:{{d2}}"}]}""";
        var dm = Digest(Utf8(manifest));
        var index = $$"""{"schemaVersion":2,"manifests":[{"digest":"sha256:{{dm}}"}]}""";
        File.WriteAllBytes(Path.Combine(dir.Path, "oci.tar"), Tar(
            ("oci-layout", Utf8("{\"imageLayoutVersion\":\"1.0.0\"}")),
            ("index.json", Utf8(index)),
            ($"blobs/sha256/{dm}", Utf8(manifest)),
            ($"blobs/sha256/{d1}", gzLayer),
            ($"blobs/sha256/{d2}", zstdLayer)));

        var findings = await FindingsAsync(dir.Path);
        Assert.Equal(2, findings.Count);
        Assert.Contains(findings, f => f.GetProperty("file").GetString() == "oci.tar!srv/one.txt" && f.GetProperty("layer").GetString() == "sha256:" + d1);
        Assert.Contains(findings, f => f.GetProperty("file").GetString() == "oci.tar!srv/two.txt" && f.GetProperty("layer").GetString() == "sha256:" + d2);
    }

    [Fact]
    public async Task Scan_Notebook_FindsKeysInCellsAndOutputsIncludingSplitPem()
    {
        using var dir = new TempDirectory();
        var key = "sk-or-v1-" + R(Hex, 64);
        var pemLines = PemBody().Split('\n');
        var sourceLines = new[] { "-----BEGIN RSA PRIVATE KEY-----\n" }.Concat(pemLines.Select(l => l + "\n")).Append("-----END RSA PRIVATE KEY-----\n");
        var notebook = new
        {
            nbformat = 4,
            nbformat_minor = 5,
            metadata = new { },
            cells = new object[]
            {
                new { cell_type = "code", source = sourceLines.ToArray(), outputs = Array.Empty<object>() },
                new
                {
                    cell_type = "code",
                    source = new[] { "print(client.key)" },
                    outputs = new object[] { new { output_type = "stream", name = "stdout", text = new[] { $"key is \"{key}\"\n" } } },
                },
            },
        };
        dir.Write("analysis.ipynb", JsonSerializer.Serialize(notebook, new JsonSerializerOptions { WriteIndented = true }));
        var findings = await FindingsAsync(dir.Path);
        Assert.Equal(2, findings.Count);
        var pem = findings.Single(f => f.GetProperty("ruleId").GetString() == "private-key");
        Assert.Equal("cell 1 source", pem.GetProperty("detail").GetString());
        var output = findings.Single(f => f.GetProperty("ruleId").GetString() == "openrouter-api-key");
        Assert.True(output.GetProperty("line").GetInt32() > 1);
    }

    [Fact]
    public async Task Scan_KubernetesSecret_DecodesBase64Data()
    {
        using var dir = new TempDirectory();
        var key = "AIza" + R(UrlSafe, 35);
        var password = R(Alnum, 20) + "!9";
        string B64(string s) => Convert.ToBase64String(Utf8(s));
        dir.Write("deploy/secret.yaml", $"""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: not-secret
            data:
              color: blue
            ---
            apiVersion: v1
            kind: Secret
            metadata:
              name: app
            type: Opaque
            data:
              GEMINI_API_KEY: {B64(key)}
              db_password: {B64(password)}
              username: {B64("admin")}
            """);
        var findings = await FindingsAsync(dir.Path);
        Assert.Equal(2, findings.Count);
        var gemini = findings.Single(f => f.GetProperty("ruleId").GetString() == "google-api-key");
        Assert.Equal(14, gemini.GetProperty("line").GetInt32());
        Assert.Equal("data.GEMINI_API_KEY (base64-decoded)", gemini.GetProperty("detail").GetString());
        var generic = findings.Single(f => f.GetProperty("ruleId").GetString() == "generic-api-key");
        Assert.Equal(15, generic.GetProperty("line").GetInt32());
    }
}
