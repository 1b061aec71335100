using System.Text.Json.Nodes;
using Strongroom.Core.Hcl;
using Strongroom.Injector.Tests.Infrastructure;
using static Strongroom.Injector.Tests.Infrastructure.AdmissionRequests;

namespace Strongroom.Injector.Tests;

/// <summary>deploy/kubernetes: accepted by kubectl's client-side dry run, internally consistent, and the example app is injectable.</summary>
public sealed class KubernetesManifestsTests
{
    /// <summary>
    /// No cluster here: kubectl talks to <see cref="FakeKubernetesApi"/> for discovery and gets NotFound for
    /// every object, so it plans creates. <c>--validate=false</c> because schema validation would download
    /// the cluster's OpenAPI document, which only a real API server has; the consistency test below covers
    /// the fields that matter.
    /// </summary>
    [KubectlFact]
    public async Task KubectlApply_DryRunClient_AcceptsEveryManifest()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        var directory = System.IO.Directory.CreateTempSubdirectory("strongroom-kubectl-").FullName;
        try
        {
            var kubeconfig = WriteKubeconfig(directory, api.Address);
            var (code, stdout, stderr) = await Kubectl.RunAsync(kubeconfig, "apply", "--dry-run=client", "--validate=false", "-f", Manifests.Directory);

            Assert.True(code == 0, $"kubectl failed ({code}): {stderr}");
            foreach (var expected in new[]
            {
                "namespace/strongroom created (dry run)",
                "configmap/strongroom-config created (dry run)",
                "statefulset.apps/strongroom created (dry run)",
                "service/strongroom created (dry run)",
                "clusterrolebinding.rbac.authorization.k8s.io/strongroom-server-auth-delegator created (dry run)",
                "deployment.apps/strongroom-injector created (dry run)",
                "service/strongroom-injector created (dry run)",
                "mutatingwebhookconfiguration.admissionregistration.k8s.io/strongroom-agent-injector created (dry run)",
                "deployment.apps/chatbot created (dry run)",
            })
            {
                Assert.Contains(expected, stdout, StringComparison.Ordinal);
            }

            Assert.Contains("/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/strongroom-agent-injector", api.ObjectGets);
        }
        finally
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
    }

    [KubectlFact]
    public async Task KubectlApply_DryRunClient_RejectsABrokenManifest()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        var directory = System.IO.Directory.CreateTempSubdirectory("strongroom-kubectl-").FullName;
        try
        {
            var kubeconfig = WriteKubeconfig(directory, api.Address);
            var manifests = System.IO.Directory.CreateDirectory(Path.Combine(directory, "manifests")).FullName;
            await File.WriteAllTextAsync(Path.Combine(manifests, "bad.yaml"), "apiVersion: v1\nkind: NoSuchKind\nmetadata:\n  name: x\n");
            var (code, _, stderr) = await Kubectl.RunAsync(kubeconfig, "apply", "--dry-run=client", "--validate=false", "-f", manifests);
            Assert.NotEqual(0, code);
            Assert.Contains("NoSuchKind", stderr, StringComparison.Ordinal);
        }
        finally
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Manifests_WebhookServiceAndDeployment_AgreeWithEachOther()
    {
        var documents = Manifests.All();
        var webhook = (JsonObject)Manifests.Find(documents, "MutatingWebhookConfiguration", "strongroom-agent-injector")["webhooks"]![0]!;
        Assert.Equal("None", (string?)webhook["sideEffects"]);
        Assert.Contains("v1", ((JsonArray)webhook["admissionReviewVersions"]!).Select(v => (string?)v));
        Assert.Contains((string?)webhook["failurePolicy"], new[] { "Fail", "Ignore" });
        var rule = webhook["rules"]![0]!;
        Assert.Equal(["CREATE"], ((JsonArray)rule["operations"]!).Select(v => (string?)v));
        Assert.Equal(["pods"], ((JsonArray)rule["resources"]!).Select(v => (string?)v));

        // The injector's own namespace and pods are excluded, so a down injector cannot block its own restart.
        var namespaces = ((JsonArray)webhook["namespaceSelector"]!["matchExpressions"]![0]!["values"]!).Select(v => (string?)v).ToList();
        Assert.Contains("strongroom", namespaces);
        Assert.Contains("kube-system", namespaces);
        Assert.Contains("strongroom-injector", ((JsonArray)webhook["objectSelector"]!["matchExpressions"]![0]!["values"]!).Select(v => (string?)v));

        var target = webhook["clientConfig"]!["service"]!;
        Assert.Equal("/mutate", (string?)target["path"]);
        var service = Manifests.Find(documents, "Service", (string)target["name"]!);
        Assert.Equal((string?)target["namespace"], (string?)service["metadata"]!["namespace"]);
        var servicePort = ((JsonArray)service["spec"]!["ports"]!).Single(p => (string?)p!["port"] == (string?)target["port"])!;

        var deployment = Manifests.Find(documents, "Deployment", "strongroom-injector");
        AssertSelectorMatchesTemplate(deployment);
        Assert.Equal((string?)service["spec"]!["selector"]!["app.kubernetes.io/name"], (string?)deployment["spec"]!["template"]!["metadata"]!["labels"]!["app.kubernetes.io/name"]);
        var container = deployment["spec"]!["template"]!["spec"]!["containers"]![0]!;
        var containerPort = ((JsonArray)container["ports"]!).Single(p => (string?)p!["name"] == (string?)servicePort["targetPort"])!;

        // The env the Deployment passes is accepted by the real option parser, and listens on the container port.
        var env = ((JsonArray)container["env"]!).ToDictionary(e => (string)e!["name"]!, e => (string?)e!["value"]);
        var options = InjectorCommand.ParseOptions([], name => env.GetValueOrDefault(name));
        Assert.Equal(":" + (string?)containerPort["containerPort"], options.Listen);
        Assert.True(options.FailClosed);
        Assert.StartsWith("/etc/webhook/tls/", options.TlsCertFile, StringComparison.Ordinal);
        Assert.Equal("/etc/webhook/tls", (string?)container["volumeMounts"]![0]!["mountPath"]);
        Assert.Equal(["injector"], ((JsonArray)container["args"]!).Select(a => (string?)a));
        Assert.Equal("/health/ready", (string?)container["readinessProbe"]!["httpGet"]!["path"]);
    }

    [Fact]
    public void Manifests_ServerConfigMap_IsValidServerHcl()
    {
        var documents = Manifests.All();
        var hcl = (string)Manifests.Find(documents, "ConfigMap", "strongroom-config")["data"]!["strongroom.hcl"]!;
        var config = HclParser.Parse(hcl);
        var storage = Assert.Single(config.BlocksOfType("storage"));
        Assert.Equal("sqlite", storage.Label);
        var listener = Assert.Single(config.BlocksOfType("listener")).Body;
        var statefulSet = Manifests.Find(documents, "StatefulSet", "strongroom");
        AssertSelectorMatchesTemplate(statefulSet);
        var mounts = ((JsonArray)statefulSet["spec"]!["template"]!["spec"]!["containers"]![0]!["volumeMounts"]!).Select(m => (string)m!["mountPath"]!).ToList();
        Assert.Contains(mounts, m => listener.Attribute("tls_cert_file")!.GetString().StartsWith(m + "/", StringComparison.Ordinal));
        Assert.Contains(mounts, m => storage.Body.Attribute("path")!.GetString().StartsWith(m + "/", StringComparison.Ordinal));
        Assert.Contains("-config=/etc/strongroom/config/strongroom.hcl", ((JsonArray)statefulSet["spec"]!["template"]!["spec"]!["containers"]![0]!["args"]!).Select(a => (string?)a));
        Assert.Contains(mounts, m => m == "/etc/strongroom/config");
    }

    [Fact]
    public async Task Manifests_ExampleApp_IsInjectedByTheRealInjector()
    {
        var documents = Manifests.All();
        var template = Manifests.Find(documents, "Deployment", "chatbot")["spec"]!["template"]!;
        var pod = new JsonObject
        {
            ["kind"] = "Pod",
            ["apiVersion"] = "v1",
            ["metadata"] = template["metadata"]!.DeepClone(),
            ["spec"] = template["spec"]!.DeepClone(),
        };

        // What the ServiceAccount admission plugin adds before mutating webhooks run.
        pod["spec"]!["volumes"] = new JsonArray(new JsonObject { ["name"] = "kube-api-access-q8z4n", ["projected"] = new JsonObject { ["sources"] = new JsonArray() } });
        pod["spec"]!["containers"]![0]!["volumeMounts"] = new JsonArray(new JsonObject
        {
            ["name"] = "kube-api-access-q8z4n",
            ["readOnly"] = true,
            ["mountPath"] = "/var/run/secrets/kubernetes.io/serviceaccount",
        });
        var request = PodCreate();
        request["request"]!["object"] = pod;

        var env = ((JsonArray)Manifests.Find(documents, "Deployment", "strongroom-injector")["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]!)
            .ToDictionary(e => (string)e!["name"]!, e => (string?)e!["value"]);
        var options = InjectorCommand.ParseOptions([], name => env.GetValueOrDefault(name));
        await using var injector = await RunningInjector.StartAsync(options);
        var (status, review, _) = await injector.PostAsync(request);

        Assert.Equal(200, status);
        Assert.True((bool)review!["response"]!["allowed"]!, review.ToJsonString());
        var mutated = Mutated(request, review);
        var agent = Container(mutated, "containers", "vault-agent");
        Assert.Equal("96Mi", (string?)agent["resources"]!["limits"]!["memory"]);
        var config = HclParser.Parse(AgentConfig(agent));
        var vault = config.BlocksOfType("vault").Single().Body;
        Assert.Equal("https://strongroom.strongroom.svc:8200", vault.Attribute("address")!.GetString());
        Assert.Equal("/vault/custom/ca.crt", vault.Attribute("ca_cert")!.GetString());
        Assert.Contains((JsonArray)agent["volumeMounts"]!, m => (string?)m!["mountPath"] == "/vault/custom");
        var destinations = config.BlocksOfType("template").Select(t => t.Body.Attribute("destination")!.GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(["/vault/secrets/anthropic.env", "/vault/secrets/openai"], destinations);
    }

    private static void AssertSelectorMatchesTemplate(JsonObject workload)
    {
        var selector = (JsonObject)workload["spec"]!["selector"]!["matchLabels"]!;
        var labels = (JsonObject)workload["spec"]!["template"]!["metadata"]!["labels"]!;
        foreach (var (key, value) in selector)
        {
            Assert.Equal((string?)value, (string?)labels[key]);
        }
    }

    private static string WriteKubeconfig(string directory, Uri server)
    {
        var path = Path.Combine(directory, "kubeconfig");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
              - name: fake
                cluster:
                  server: {server.ToString().TrimEnd('/')}
            users:
              - name: fake
                user: {"{}"}
            contexts:
              - name: fake
                context:
                  cluster: fake
                  user: fake
            current-context: fake
            """);
        return path;
    }
}
