using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Strongroom.Injector;

/// <summary>
/// Answers one <c>admission.k8s.io/v1</c> AdmissionReview: pods that ask for the agent get a
/// base64 JSONPatch; everything else is admitted unchanged. No side effects, so dry-run requests are
/// answered exactly like real ones (the webhook is registered with <c>sideEffects: None</c>).
/// </summary>
internal sealed class AdmissionReviewHandler(InjectorOptions options, ILogger logger)
{
    public const string ApiVersion = "admission.k8s.io/v1";

    /// <summary>The HTTP-level outcome: a status code and either an AdmissionReview or a plain error text.</summary>
    public readonly record struct Result(int StatusCode, JsonObject? Review, string? Error);

    public Result Handle(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return Reject("empty request body: expected an AdmissionReview");
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 128 });
        }
        catch (JsonException)
        {
            return Reject("the request body is not valid JSON");
        }

        if (root is not JsonObject review
            || !IsString(review["apiVersion"], ApiVersion)
            || !IsString(review["kind"], "AdmissionReview"))
        {
            return Reject($"expected an AdmissionReview of apiVersion {ApiVersion}");
        }

        if (review["request"] is not JsonObject request || request["uid"] is not JsonValue uidNode || !uidNode.TryGetValue<string>(out var uid) || uid.Length == 0)
        {
            return Reject("the AdmissionReview has no request.uid");
        }

        return new Result(200, Decide(request, uid), null);
    }

    private JsonObject Decide(JsonObject request, string uid)
    {
        var kind = request["kind"] as JsonObject;
        if (!IsString(kind?["kind"], "Pod") || !IsString(kind?["group"], string.Empty) || request["subResource"] is JsonValue)
        {
            var what = (kind?["kind"] as JsonValue)?.ToString() ?? "unknown";
            return Allowed(uid, null, [$"strongroom injector only mutates pods; {Clip(what)} admitted unchanged"]);
        }

        if (!IsString(request["operation"], "CREATE"))
        {
            return Allowed(uid, null, []);
        }

        var ns = (request["namespace"] as JsonValue)?.ToString() ?? string.Empty;
        if (request["object"] is not JsonObject pod)
        {
            return Denied(uid, "request.object is not a pod object");
        }

        var podName = PodName(pod);
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        if (pod["metadata"] is JsonObject metadata && metadata["annotations"] is JsonObject raw)
        {
            foreach (var (key, value) in raw)
            {
                if (value is JsonValue v && v.TryGetValue<string>(out var text))
                {
                    annotations[key] = text;
                }
            }
        }

        var decision = AgentAnnotations.Read(annotations, options);
        switch (decision.Kind)
        {
            case AnnotationDecisionKind.NotRequested or AnnotationDecisionKind.AlreadyInjected:
                return Allowed(uid, null, []);
            case AnnotationDecisionKind.Malformed:
                return MalformedOutcome(uid, ns, podName, decision.Problems);
        }

        var spec = decision.Spec!;
        var (patch, problem) = PodMutator.BuildPatch(pod, spec);
        if (patch is null)
        {
            return MalformedOutcome(uid, ns, podName, [problem!]);
        }

        Log.Injected(logger, ns, podName, spec.Secrets.Count, spec.HasInit, spec.HasSidecar);
        var warnings = spec.Ignored.Select(key => $"{key} is not supported by strongroom injector and was ignored").ToList();
        return Allowed(uid, patch, warnings);
    }

    private JsonObject MalformedOutcome(string uid, string ns, string podName, IReadOnlyList<string> problems)
    {
        var message = "strongroom injector: " + string.Join("; ", problems);
        Log.Malformed(logger, ns, podName, options.FailClosed ? "denied" : "admitted without agent", message);
        return options.FailClosed
            ? Denied(uid, message)
            : Allowed(uid, null, problems.Select(p => "strongroom injector did not inject the agent: " + p).ToList());
    }

    private Result Reject(string problem)
    {
        Log.BadRequest(logger, problem);
        return new Result(400, null, problem);
    }

    private static JsonObject Allowed(string uid, JsonArray? patch, List<string> warnings)
    {
        var response = new JsonObject { ["uid"] = uid, ["allowed"] = true };
        if (patch is not null)
        {
            response["patchType"] = "JSONPatch";
            response["patch"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(patch.ToJsonString()));
        }

        if (warnings.Count > 0)
        {
            response["warnings"] = new JsonArray([.. warnings.Select(w => (JsonNode)JsonValue.Create(w))]);
        }

        return Envelope(response);
    }

    private static JsonObject Denied(string uid, string message) => Envelope(new JsonObject
    {
        ["uid"] = uid,
        ["allowed"] = false,
        ["status"] = new JsonObject
        {
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = "BadRequest",
            ["code"] = 400,
        },
    });

    private static JsonObject Envelope(JsonObject response) =>
        new() { ["apiVersion"] = ApiVersion, ["kind"] = "AdmissionReview", ["response"] = response };

    private static string PodName(JsonObject pod)
    {
        var metadata = pod["metadata"] as JsonObject;
        var name = (metadata?["name"] as JsonValue)?.ToString();
        return name is { Length: > 0 } ? name : ((metadata?["generateName"] as JsonValue)?.ToString() ?? string.Empty) + "<generated>";
    }

    private static bool IsString(JsonNode? node, string expected) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && text == expected;

    private static string Clip(string value) => value.Length <= 64 ? value : value[..64] + "...";
}
