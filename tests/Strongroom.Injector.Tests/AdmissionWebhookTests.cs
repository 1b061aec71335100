using System.Text.Json.Nodes;
using Strongroom.Core.Hcl;
using Strongroom.Injector.Tests.Infrastructure;
using static Strongroom.Injector.Tests.Infrastructure.AdmissionRequests;

namespace Strongroom.Injector.Tests;

/// <summary>AdmissionReview v1 requests posted over HTTPS to the real injector; the returned patch is applied to the pod.</summary>
public sealed class AdmissionWebhookTests(InjectorFixture fixture) : IClassFixture<InjectorFixture>
{
    private RunningInjector Injector => fixture.Injector;

    [Fact]
    public async Task Mutate_AnnotatedPod_AddsInitSidecarVolumeAndMountsEverywhere()
    {
        var request = PodCreate(Basic());
        var (status, review, _) = await Injector.PostAsync(request);

        Assert.Equal(200, status);
        Assert.Equal("admission.k8s.io/v1", (string?)review!["apiVersion"]);
        Assert.Equal("AdmissionReview", (string?)review["kind"]);
        Assert.Equal((string?)request["request"]!["uid"], (string?)review["response"]!["uid"]);
        Assert.True((bool)review["response"]!["allowed"]!);

        var pod = Mutated(request, review);
        var spec = pod["spec"]!;
        Assert.Equal(["chatbot", "metrics", "vault-agent"], ((JsonArray)spec["containers"]!).Select(c => (string)c!["name"]!));
        Assert.Equal(["vault-agent-init"], ((JsonArray)spec["initContainers"]!).Select(c => (string)c!["name"]!));

        // The original projected token volume stays; the in-memory volumes are added.
        var volumes = (JsonArray)spec["volumes"]!;
        Assert.Equal(["kube-api-access-x7k2p", "vault-secrets", "home-init", "home-sidecar"], volumes.Select(v => (string)v!["name"]!));
        foreach (var name in new[] { "vault-secrets", "home-init", "home-sidecar" })
        {
            Assert.Equal("Memory", (string?)volumes.Single(v => (string?)v!["name"] == name)!["emptyDir"]!["medium"]);
        }

        // Every app container mounts /vault/secrets, including the one that had no volumeMounts at all.
        foreach (var app in new[] { "chatbot", "metrics" })
        {
            var mounts = (JsonArray)Container(pod, "containers", app)["volumeMounts"]!;
            Assert.Contains(mounts, m => (string?)m!["name"] == "vault-secrets" && (string?)m["mountPath"] == "/vault/secrets");
        }

        // The chatbot container keeps its service account mount, first.
        Assert.Equal("kube-api-access-x7k2p", (string?)Container(pod, "containers", "chatbot")["volumeMounts"]![0]!["name"]);

        // Status annotation written (the key's '/' travelled as ~1 in the patch path).
        Assert.Equal("injected", (string?)pod["metadata"]!["annotations"]!["vault.hashicorp.com/agent-inject-status"]);
        Assert.Contains(DecodePatch(review), op => (string?)op!["path"] == "/metadata/annotations/vault.hashicorp.com~1agent-inject-status");
        Assert.Equal("2026-12-01T10:00:00Z", (string?)pod["metadata"]!["annotations"]!["kubectl.kubernetes.io/restartedAt"]);
    }

    [Fact]
    public async Task Mutate_AgentContainers_HaveCommandResourcesSecurityContextAndMounts()
    {
        var request = PodCreate(Basic());
        var pod = Mutated(request, (await Injector.PostAsync(request)).Review!);

        foreach (var (field, name, home, exitAfterAuth) in new[] { ("initContainers", "vault-agent-init", "home-init", true), ("containers", "vault-agent", "home-sidecar", false) })
        {
            var agent = Container(pod, field, name);
            Assert.Equal(InjectorOptions.DefaultAgentImage, (string?)agent["image"]);
            Assert.Equal(["/bin/sh", "-ec"], ((JsonArray)agent["command"]!).Select(c => (string)c!));
            var script = (string)agent["args"]![0]!;
            Assert.Contains("base64 -d > /vault/configs/config.hcl", script, StringComparison.Ordinal);
            Assert.Contains("exec strongroom agent -config=/vault/configs/config.hcl", script, StringComparison.Ordinal);
            Assert.Equal(exitAfterAuth, script.EndsWith(" -exit-after-auth", StringComparison.Ordinal));

            Assert.Equal("500m", (string?)agent["resources"]!["limits"]!["cpu"]);
            Assert.Equal("128Mi", (string?)agent["resources"]!["limits"]!["memory"]);
            Assert.Equal("250m", (string?)agent["resources"]!["requests"]!["cpu"]);
            Assert.Equal("64Mi", (string?)agent["resources"]!["requests"]!["memory"]);

            var security = agent["securityContext"]!;
            Assert.Equal(100, (long)security["runAsUser"]!);
            Assert.Equal(1000, (long)security["runAsGroup"]!);
            Assert.True((bool)security["runAsNonRoot"]!);
            Assert.False((bool)security["allowPrivilegeEscalation"]!);
            Assert.True((bool)security["readOnlyRootFilesystem"]!);
            Assert.Equal(["ALL"], ((JsonArray)security["capabilities"]!["drop"]!).Select(c => (string)c!));

            var mounts = ((JsonArray)agent["volumeMounts"]!).ToDictionary(m => (string)m!["mountPath"]!, m => m!);
            Assert.Equal("vault-secrets", (string?)mounts["/vault/secrets"]["name"]);
            Assert.Equal(home, (string?)mounts["/vault/configs"]["name"]);
            Assert.Equal("kube-api-access-x7k2p", (string?)mounts["/var/run/secrets/kubernetes.io/serviceaccount"]["name"]);
            Assert.True((bool)mounts["/var/run/secrets/kubernetes.io/serviceaccount"]["readOnly"]!);

            var config = HclParser.Parse(AgentConfig(agent));
            Assert.Equal(exitAfterAuth, config.Attribute("exit_after_auth")!.GetBool());
        }
    }

    [Fact]
    public async Task Mutate_RenderedAgentConfig_IsVaultAgentHcl()
    {
        var annotations = Basic();
        annotations["vault.hashicorp.com/agent-inject-secret-anthropic"] = "secret/data/ai/anthropic";
        annotations["vault.hashicorp.com/agent-inject-template-anthropic"] =
            "{{ with secret \"secret/data/ai/anthropic\" }}export ANTHROPIC_API_KEY=\"{{ .Data.data.key }}\"\n{{ end }}";
        annotations["vault.hashicorp.com/agent-inject-file-anthropic"] = "env/anthropic.sh";
        annotations["vault.hashicorp.com/agent-inject-perms-anthropic"] = "0440";
        annotations["vault.hashicorp.com/agent-inject-command-anthropic"] = "pkill -HUP chatbot || true";
        annotations["vault.hashicorp.com/namespace"] = "team-ai";
        annotations["vault.hashicorp.com/auth-path"] = "k8s-prod";
        annotations["vault.hashicorp.com/service"] = "https://vault.example.internal:8200";
        annotations["vault.hashicorp.com/ca-cert"] = "/vault/tls/ca.crt";
        annotations["vault.hashicorp.com/tls-skip-verify"] = "false";
        var request = PodCreate(annotations);
        var pod = Mutated(request, (await Injector.PostAsync(request)).Review!);
        var config = HclParser.Parse(AgentConfig(Container(pod, "containers", "vault-agent")));

        var vault = Assert.Single(config.BlocksOfType("vault")).Body;
        Assert.Equal("https://vault.example.internal:8200", vault.Attribute("address")!.GetString());
        Assert.Equal("/vault/tls/ca.crt", vault.Attribute("ca_cert")!.GetString());
        Assert.False(vault.Attribute("tls_skip_verify")!.GetBool());

        var autoAuth = Assert.Single(config.BlocksOfType("auto_auth")).Body;
        var method = Assert.Single(autoAuth.BlocksOfType("method"));
        Assert.Equal("kubernetes", method.Label);
        Assert.Equal("auth/k8s-prod", method.Body.Attribute("mount_path")!.GetString());
        Assert.Equal("team-ai", method.Body.Attribute("namespace")!.GetString());
        var methodConfig = method.Body.Attribute("config")!.Members;
        Assert.Equal("chatbot", methodConfig["role"].GetString());
        Assert.Equal("/var/run/secrets/kubernetes.io/serviceaccount/token", methodConfig["token_path"].GetString());
        var sink = Assert.Single(autoAuth.BlocksOfType("sink"));
        Assert.Equal("file", sink.Label);
        Assert.Equal("/vault/configs/.vault-token", sink.Body.Attribute("config")!.Members["path"].GetString());

        Assert.True(Assert.Single(config.BlocksOfType("template_config")).Body.Attribute("exit_on_retry_failure")!.GetBool());
        var templates = config.BlocksOfType("template").Select(t => t.Body).ToDictionary(t => t.Attribute("destination")!.GetString());
        Assert.Equal(2, templates.Count);

        var anthropic = templates["/vault/secrets/env/anthropic.sh"];
        Assert.Equal(annotations["vault.hashicorp.com/agent-inject-template-anthropic"], anthropic.Attribute("contents")!.GetString());
        Assert.Equal("0440", anthropic.Attribute("perms")!.GetString());
        Assert.Equal("pkill -HUP chatbot || true", anthropic.Attribute("command")!.GetString());

        // No template annotation: Vault's default template, key: value lines of .Data.
        var openai = templates["/vault/secrets/openai"];
        Assert.Equal("{{ with secret \"secret/data/ai/openai\" }}{{ range $k, $v := .Data }}{{ $k }}: {{ $v }}\n{{ end }}{{ end }}", openai.Attribute("contents")!.GetString());
        Assert.Equal("0644", openai.Attribute("perms")!.GetString());
        Assert.Null(openai.Attribute("command"));
    }

    [Fact]
    public async Task Mutate_StrongroomPrefix_WinsOverVaultPrefixAndOwnsTheStatus()
    {
        var annotations = Basic("strongroom.io/");
        annotations["vault.hashicorp.com/role"] = "ignored-role";
        annotations["strongroom.io/auth-type"] = "jwt";
        annotations["strongroom.io/agent-run-as-user"] = "0";
        annotations["strongroom.io/agent-run-as-group"] = "0";
        annotations["strongroom.io/agent-limits-cpu"] = "";
        annotations["strongroom.io/agent-requests-mem"] = "32Mi";
        annotations["strongroom.io/agent-image"] = "registry.example.com/strongroom:test";
        annotations["strongroom.io/agent-inject-token"] = "true";
        var request = PodCreate(annotations);
        var pod = Mutated(request, (await Injector.PostAsync(request)).Review!);

        Assert.Equal("injected", (string?)pod["metadata"]!["annotations"]!["strongroom.io/agent-inject-status"]);
        Assert.Null(pod["metadata"]!["annotations"]!["vault.hashicorp.com/agent-inject-status"]);
        var agent = Container(pod, "containers", "vault-agent");
        Assert.Equal("registry.example.com/strongroom:test", (string?)agent["image"]);
        Assert.Null(agent["resources"]!["limits"]!["cpu"]);
        Assert.Equal("128Mi", (string?)agent["resources"]!["limits"]!["memory"]);
        Assert.Equal("32Mi", (string?)agent["resources"]!["requests"]!["memory"]);
        Assert.Equal(0, (long)agent["securityContext"]!["runAsUser"]!);
        Assert.False((bool)agent["securityContext"]!["runAsNonRoot"]!);

        var config = HclParser.Parse(AgentConfig(agent));
        var method = Assert.Single(Assert.Single(config.BlocksOfType("auto_auth")).Body.BlocksOfType("method"));
        Assert.Equal("jwt", method.Label);
        Assert.Equal("auth/jwt", method.Body.Attribute("mount_path")!.GetString());
        Assert.Equal("chatbot", method.Body.Attribute("config")!.Members["role"].GetString());
        Assert.Equal("/var/run/secrets/kubernetes.io/serviceaccount/token", method.Body.Attribute("config")!.Members["path"].GetString());
        var sinks = Assert.Single(config.BlocksOfType("auto_auth")).Body.BlocksOfType("sink").Select(s => s.Body.Attribute("config")!.Members["path"].GetString());
        Assert.Equal(["/vault/configs/.vault-token", "/vault/secrets/token"], sinks);
    }

    [Fact]
    public async Task Mutate_ExtraSecret_IsMountedReadOnlyInTheAgentsOnly()
    {
        var annotations = Basic();
        annotations["vault.hashicorp.com/agent-extra-secret"] = "strongroom-ca";
        annotations["vault.hashicorp.com/ca-cert"] = "/vault/custom/ca.crt";
        var request = PodCreate(annotations);
        var pod = Mutated(request, (await Injector.PostAsync(request)).Review!);

        var volume = ((JsonArray)pod["spec"]!["volumes"]!).Single(v => (string?)v!["name"] == "extra-secrets")!;
        Assert.Equal("strongroom-ca", (string?)volume["secret"]!["secretName"]);
        foreach (var (field, name) in new[] { ("initContainers", "vault-agent-init"), ("containers", "vault-agent") })
        {
            var mount = ((JsonArray)Container(pod, field, name)["volumeMounts"]!).Single(m => (string?)m!["name"] == "extra-secrets")!;
            Assert.Equal("/vault/custom", (string?)mount["mountPath"]);
            Assert.True((bool)mount["readOnly"]!);
        }

        Assert.DoesNotContain((JsonArray)Container(pod, "containers", "chatbot")["volumeMounts"]!, m => (string?)m!["name"] == "extra-secrets");
        var config = HclParser.Parse(AgentConfig(Container(pod, "containers", "vault-agent")));
        Assert.Equal("/vault/custom/ca.crt", config.BlocksOfType("vault").Single().Body.Attribute("ca_cert")!.GetString());
    }

    [Fact]
    public async Task Mutate_PodWithoutVolumesOrMounts_CreatesTheArrays()
    {
        // No spec.volumes and no spec.initContainers: the patch must create them, not append to them.
        var request = PodCreate(Basic(), pod =>
        {
            pod["spec"]!.AsObject().Remove("volumes");
            Assert.Null(pod["spec"]!["initContainers"]);
        });
        var review = (await Injector.PostAsync(request)).Review!;
        var patch = DecodePatch(review);
        Assert.Contains(patch, op => (string?)op!["op"] == "add" && (string?)op["path"] == "/spec/volumes" && op["value"] is JsonArray);
        Assert.Contains(patch, op => (string?)op!["op"] == "add" && (string?)op["path"] == "/spec/initContainers" && op["value"] is JsonArray);
        Assert.Contains(patch, op => (string?)op!["path"] == "/spec/containers/1/volumeMounts" && op["value"] is JsonArray);

        var pod = Mutated(request, review);
        Assert.Equal(["vault-secrets", "home-init", "home-sidecar"], ((JsonArray)pod["spec"]!["volumes"]!).Select(v => (string)v!["name"]!));
    }

    [Fact]
    public async Task Mutate_PodWithoutAnnotations_AdmitsUnchanged()
    {
        var request = PodCreate(null, pod => pod["metadata"]!.AsObject().Remove("annotations"));
        var (status, review, _) = await Injector.PostAsync(request);
        Assert.Equal(200, status);
        Assert.True((bool)review!["response"]!["allowed"]!);
        Assert.Null(review["response"]!["patch"]);
    }

    [Fact]
    public async Task Mutate_PrePopulateOnly_AddsOnlyTheInitContainer()
    {
        var annotations = Basic();
        annotations["vault.hashicorp.com/agent-pre-populate-only"] = "true";
        var request = PodCreate(annotations);
        var pod = Mutated(request, (await Injector.PostAsync(request)).Review!);
        Assert.Equal(["chatbot", "metrics"], ((JsonArray)pod["spec"]!["containers"]!).Select(c => (string)c!["name"]!));
        Assert.Equal(["vault-agent-init"], ((JsonArray)pod["spec"]!["initContainers"]!).Select(c => (string)c!["name"]!));
        Assert.DoesNotContain((JsonArray)pod["spec"]!["volumes"]!, v => (string?)v!["name"] == "home-sidecar");
    }

    [Fact]
    public async Task Mutate_PrePopulateFalse_AddsOnlyTheSidecar()
    {
        var annotations = Basic();
        annotations["vault.hashicorp.com/agent-pre-populate"] = "false";
        var request = PodCreate(annotations);
        var pod = Mutated(request, (await Injector.PostAsync(request)).Review!);
        Assert.Null(pod["spec"]!["initContainers"]);
        Assert.Contains((JsonArray)pod["spec"]!["containers"]!, c => (string?)c!["name"] == "vault-agent");
    }

    [Fact]
    public async Task Mutate_InitFirst_PutsTheAgentBeforeAppInitContainersAndMountsThem()
    {
        var annotations = Basic();
        annotations["vault.hashicorp.com/agent-init-first"] = "true";
        var request = PodCreate(annotations, pod => pod["spec"]!["initContainers"] = new JsonArray(
            new JsonObject { ["name"] = "migrate", ["image"] = "registry.example.com/migrate:1" }));
        var pod = Mutated(request, (await Injector.PostAsync(request)).Review!);
        var inits = (JsonArray)pod["spec"]!["initContainers"]!;
        Assert.Equal(["vault-agent-init", "migrate"], inits.Select(c => (string)c!["name"]!));
        Assert.Contains((JsonArray)Container(pod, "initContainers", "migrate")["volumeMounts"]!, m => (string?)m!["mountPath"] == "/vault/secrets");
    }

    [Fact]
    public async Task Mutate_StatusUpdate_ReplacesTheAgentInsteadOfDuplicatingIt()
    {
        var first = PodCreate(Basic());
        var injected = Mutated(first, (await Injector.PostAsync(first)).Review!);

        var annotations = (JsonObject)injected["metadata"]!["annotations"]!;
        annotations["vault.hashicorp.com/agent-inject-status"] = "update";
        annotations["vault.hashicorp.com/role"] = "chatbot-v2";
        var second = PodCreate();
        second["request"]!["object"] = injected.DeepClone();
        var pod = Mutated(second, (await Injector.PostAsync(second)).Review!);

        Assert.Equal(["chatbot", "metrics", "vault-agent"], ((JsonArray)pod["spec"]!["containers"]!).Select(c => (string)c!["name"]!));
        Assert.Equal(["vault-agent-init"], ((JsonArray)pod["spec"]!["initContainers"]!).Select(c => (string)c!["name"]!));
        Assert.Equal(4, ((JsonArray)pod["spec"]!["volumes"]!).Count);
        Assert.Single((JsonArray)Container(pod, "containers", "chatbot")["volumeMounts"]!, m => (string?)m!["name"] == "vault-secrets");
        var config = HclParser.Parse(AgentConfig(Container(pod, "containers", "vault-agent")));
        Assert.Equal("chatbot-v2", config.BlocksOfType("auto_auth").Single().Body.BlocksOfType("method").Single().Body.Attribute("config")!.Members["role"].GetString());
        Assert.Equal("injected", (string?)pod["metadata"]!["annotations"]!["vault.hashicorp.com/agent-inject-status"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("false")]
    [InlineData("0")]
    public async Task Mutate_NotRequested_AdmitsUnchanged(string? inject)
    {
        var annotations = inject is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["vault.hashicorp.com/agent-inject"] = inject, ["vault.hashicorp.com/role"] = "x" };
        var (status, review, _) = await Injector.PostAsync(PodCreate(annotations));
        Assert.Equal(200, status);
        Assert.True((bool)review!["response"]!["allowed"]!);
        Assert.Null(review["response"]!["patch"]);
        Assert.Null(review["response"]!["patchType"]);
    }

    [Fact]
    public async Task Mutate_AlreadyInjected_AdmitsUnchanged()
    {
        var annotations = Basic();
        annotations["vault.hashicorp.com/agent-inject-status"] = "injected";
        var (_, review, _) = await Injector.PostAsync(PodCreate(annotations));
        Assert.True((bool)review!["response"]!["allowed"]!);
        Assert.Null(review["response"]!["patch"]);
    }

    [Fact]
    public async Task Mutate_DryRun_ReturnsTheSamePatchAsARealRequest()
    {
        var real = PodCreate(Basic());
        var dry = (JsonObject)real.DeepClone();
        dry["request"]!["dryRun"] = true;
        var realReview = (await Injector.PostAsync(real)).Review!;
        var dryReview = (await Injector.PostAsync(dry)).Review!;
        Assert.True((bool)dryReview["response"]!["allowed"]!);
        Assert.Equal((string?)realReview["response"]!["patch"], (string?)dryReview["response"]!["patch"]);
    }

    [Fact]
    public async Task Mutate_UnsupportedAnnotation_IsReportedAsWarning()
    {
        var annotations = Basic();
        annotations["vault.hashicorp.com/agent-configmap"] = "my-agent-config";
        var (_, review, _) = await Injector.PostAsync(PodCreate(annotations));
        Assert.True((bool)review!["response"]!["allowed"]!);
        Assert.NotNull(review["response"]!["patch"]);
        var warning = Assert.Single((JsonArray)review["response"]!["warnings"]!);
        Assert.Contains("vault.hashicorp.com/agent-configmap", (string)warning!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mutate_NonPodKind_AdmitsUnchangedWithWarning()
    {
        var request = PodCreate();
        request["request"]!["kind"] = new JsonObject { ["group"] = "apps", ["version"] = "v1", ["kind"] = "Deployment" };
        request["request"]!["resource"] = new JsonObject { ["group"] = "apps", ["version"] = "v1", ["resource"] = "deployments" };
        request["request"]!["object"] = new JsonObject { ["kind"] = "Deployment", ["apiVersion"] = "apps/v1", ["metadata"] = new JsonObject { ["annotations"] = new JsonObject(Basic().Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))) } };
        var (status, review, _) = await Injector.PostAsync(request);
        Assert.Equal(200, status);
        Assert.True((bool)review!["response"]!["allowed"]!);
        Assert.Null(review["response"]!["patch"]);
        Assert.Contains("Deployment", (string)review["response"]!["warnings"]![0]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mutate_UpdateOperation_AdmitsUnchanged()
    {
        var request = PodCreate(Basic());
        request["request"]!["operation"] = "UPDATE";
        request["request"]!["oldObject"] = Pod(request).DeepClone();
        var (_, review, _) = await Injector.PostAsync(request);
        Assert.True((bool)review!["response"]!["allowed"]!);
        Assert.Null(review["response"]!["patch"]);
    }

    [Fact]
    public async Task Health_Ready_Returns200()
    {
        using var response = await Injector.Client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("{\"ready\":true}", await response.Content.ReadAsStringAsync());
    }
}
