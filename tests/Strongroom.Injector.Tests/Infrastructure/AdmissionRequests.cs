using System.Text;
using System.Text.Json.Nodes;

namespace Strongroom.Injector.Tests.Infrastructure;

/// <summary>AdmissionReview requests shaped like the kube-apiserver's (from Fixtures/pod-create.json).</summary>
internal static class AdmissionRequests
{
    public static JsonObject PodCreate(IReadOnlyDictionary<string, string>? annotations = null, Action<JsonObject>? editPod = null)
    {
        var review = (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "pod-create.json")))!;
        review["request"]!["uid"] = Guid.NewGuid().ToString();
        var pod = Pod(review);
        foreach (var (key, value) in annotations ?? new Dictionary<string, string>())
        {
            pod["metadata"]!["annotations"]![key] = value;
        }

        editPod?.Invoke(pod);
        return review;
    }

    public static JsonObject Pod(JsonObject review) => (JsonObject)review["request"]!["object"]!;

    /// <summary>The minimal annotated pod: inject, a role, one KV v2 secret.</summary>
    public static Dictionary<string, string> Basic(string prefix = "vault.hashicorp.com/") => new()
    {
        [prefix + "agent-inject"] = "true",
        [prefix + "role"] = "chatbot",
        [prefix + "agent-inject-secret-openai"] = "secret/data/ai/openai",
    };

    public static JsonArray DecodePatch(JsonObject review)
    {
        var patch = (string)review["response"]!["patch"]!;
        return (JsonArray)JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(patch)))!;
    }

    /// <summary>Applies the response's patch to the request's pod, as the API server would.</summary>
    public static JsonObject Mutated(JsonObject request, JsonObject response)
    {
        Assert.Equal("JSONPatch", (string?)response["response"]!["patchType"]);
        return (JsonObject)JsonPatchApplier.Apply(Pod(request), DecodePatch(response));
    }

    public static JsonObject Container(JsonObject pod, string field, string name) =>
        (JsonObject)((JsonArray)pod["spec"]![field]!).Single(c => (string?)c!["name"] == name)!;

    public static string AgentConfig(JsonObject container)
    {
        var env = ((JsonArray)container["env"]!).Single(e => (string?)e!["name"] == "STRONGROOM_AGENT_CONFIG")!;
        return Encoding.UTF8.GetString(Convert.FromBase64String((string)env["value"]!));
    }
}
