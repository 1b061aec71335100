using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Strongroom.Injector.Tests.Infrastructure;

/// <summary>
/// A stand-in for the kube-apiserver (which cannot run here) that speaks its wire format for what
/// <c>kubectl apply --dry-run=client</c> needs: legacy discovery (/api, /apis, APIResourceLists)
/// and a NotFound <c>Status</c> for every object GET, so kubectl plans a create. It records the paths asked.
/// </summary>
internal sealed class FakeKubernetesApi : IAsyncDisposable
{
    private static readonly Dictionary<string, (string Name, string Kind, bool Namespaced)[]> Resources = new()
    {
        ["v1"] = [("namespaces", "Namespace", false), ("services", "Service", true), ("configmaps", "ConfigMap", true), ("serviceaccounts", "ServiceAccount", true), ("secrets", "Secret", true), ("pods", "Pod", true)],
        ["apps/v1"] = [("deployments", "Deployment", true), ("statefulsets", "StatefulSet", true), ("daemonsets", "DaemonSet", true)],
        ["rbac.authorization.k8s.io/v1"] = [("clusterroles", "ClusterRole", false), ("clusterrolebindings", "ClusterRoleBinding", false), ("roles", "Role", true), ("rolebindings", "RoleBinding", true)],
        ["admissionregistration.k8s.io/v1"] = [("mutatingwebhookconfigurations", "MutatingWebhookConfiguration", false), ("validatingwebhookconfigurations", "ValidatingWebhookConfiguration", false)],
        ["policy/v1"] = [("poddisruptionbudgets", "PodDisruptionBudget", true)],
    };

    private readonly WebApplication _app;

    private FakeKubernetesApi(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public List<string> ObjectGets { get; } = [];

    public static async Task<FakeKubernetesApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        FakeKubernetesApi? self = null;
        app.Run(async http =>
        {
            var (status, body) = self!.Answer(http.Request.Method, http.Request.Path.Value ?? "/");
            http.Response.StatusCode = status;
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(body.ToJsonString());
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new FakeKubernetesApi(app, new Uri(address));
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private (int, JsonNode) Answer(string method, string path)
    {
        if (method != "GET")
        {
            return (405, Status(405, "MethodNotAllowed", "client dry-run must not write"));
        }

        switch (path)
        {
            case "/version":
                return (200, new JsonObject { ["major"] = "1", ["minor"] = "32", ["gitVersion"] = "v1.32.4", ["platform"] = "linux/amd64" });
            case "/api":
                return (200, new JsonObject { ["kind"] = "APIVersions", ["versions"] = new JsonArray("v1"), ["serverAddressByClientCIDRs"] = new JsonArray() });
            case "/apis":
                var groups = new JsonArray();
                foreach (var groupVersion in Resources.Keys.Where(k => k.Contains('/', StringComparison.Ordinal)))
                {
                    var (group, version) = (groupVersion.Split('/')[0], groupVersion.Split('/')[1]);
                    var gv = new JsonObject { ["groupVersion"] = groupVersion, ["version"] = version };
                    groups.Add(new JsonObject { ["name"] = group, ["versions"] = new JsonArray(gv), ["preferredVersion"] = gv.DeepClone() });
                }

                return (200, new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups });
        }

        var discovery = path.StartsWith("/api/", StringComparison.Ordinal) ? path[5..] : path.StartsWith("/apis/", StringComparison.Ordinal) ? path[6..] : null;
        if (discovery is not null && Resources.TryGetValue(discovery, out var resources))
        {
            var list = new JsonArray();
            foreach (var (name, kind, namespaced) in resources)
            {
                list.Add(new JsonObject
                {
                    ["name"] = name,
                    ["singularName"] = kind.ToLowerInvariant(),
                    ["namespaced"] = namespaced,
                    ["kind"] = kind,
                    ["verbs"] = new JsonArray("create", "delete", "get", "list", "patch", "update", "watch"),
                });
            }

            return (200, new JsonObject { ["kind"] = "APIResourceList", ["apiVersion"] = "v1", ["groupVersion"] = discovery, ["resources"] = list });
        }

        lock (ObjectGets)
        {
            ObjectGets.Add(path);
        }

        return (404, Status(404, "NotFound", "the server could not find the requested resource"));
    }

    private static JsonObject Status(int code, string reason, string message) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = code,
    };
}
