using System.Text;
using System.Text.Json.Nodes;

namespace Strongroom.Injector;

/// <summary>
/// Turns a pod and its <see cref="AgentSpec"/> into the RFC 6902 JSONPatch that adds the agent:
/// volumes, the secrets mount in every app container, the init container, the sidecar, and the
/// status annotation. Arrays that do not exist yet are created rather than appended to.
/// </summary>
internal static class PodMutator
{
    public const string InitContainerName = "vault-agent-init";
    public const string SidecarName = "vault-agent";
    public const string SecretsVolume = "vault-secrets";
    public const string InitHomeVolume = "home-init";
    public const string SidecarHomeVolume = "home-sidecar";
    public const string ExtraSecretVolume = "extra-secrets";
    public const string ExtraSecretPath = "/vault/custom";
    public const string ConfigVariable = "STRONGROOM_AGENT_CONFIG";

    /// <summary>Builds the patch, or returns the problem that prevents injection.</summary>
    public static (JsonArray? Patch, string? Problem) BuildPatch(JsonObject pod, AgentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(spec);
        if (pod["spec"] is not JsonObject podSpec || podSpec["containers"] is not JsonArray containers || containers.Count == 0)
        {
            return (null, "the pod has no spec.containers");
        }

        var tokenMount = FindServiceAccountMount(containers);
        if (tokenMount is null)
        {
            return (null, $"no container mounts the service account token at {AgentConfigRenderer.ServiceAccountPath} "
                + "(automountServiceAccountToken: false?); the agent needs it to log in");
        }

        if (!spec.Update && FindOurNames(podSpec) is { } clash)
        {
            return (null, $"the pod already has {clash}; set agent-inject-status to \"update\" to replace the injected agent");
        }

        var patch = new JsonArray();

        // Volumes.
        var volumes = new List<JsonObject> { EmptyDirInMemory(SecretsVolume) };
        if (spec.HasInit)
        {
            volumes.Add(EmptyDirInMemory(InitHomeVolume));
        }

        if (spec.HasSidecar)
        {
            volumes.Add(EmptyDirInMemory(SidecarHomeVolume));
        }

        if (spec.ExtraSecret is { } extra)
        {
            volumes.Add(new JsonObject { ["name"] = ExtraSecretVolume, ["secret"] = new JsonObject { ["secretName"] = extra, ["defaultMode"] = 420 } });
        }

        AddOrReplaceByName(patch, podSpec, "volumes", volumes, atStart: false);

        // The secrets mount in every app container (and the app's init containers when ours runs first).
        AddSecretsMounts(patch, containers, "containers");
        if (spec is { InitFirst: true, HasInit: true } && podSpec["initContainers"] is JsonArray appInits)
        {
            AddSecretsMounts(patch, appInits, "initContainers");
        }

        if (spec.HasInit)
        {
            AddOrReplaceByName(patch, podSpec, "initContainers", [AgentContainer(spec, init: true, tokenMount)], atStart: spec.InitFirst);
        }

        if (spec.HasSidecar)
        {
            AddOrReplaceByName(patch, podSpec, "containers", [AgentContainer(spec, init: false, tokenMount)], atStart: false);
        }

        var statusKey = spec.Prefix + "agent-inject-status";
        patch.Add(pod["metadata"] is JsonObject { } metadata && metadata["annotations"] is JsonObject
            ? Op("add", JsonPointer.Of("metadata", "annotations", statusKey), JsonValue.Create("injected"))
            : Op("add", JsonPointer.Of("metadata", "annotations"), new JsonObject { [statusKey] = "injected" }));
        return (patch, null);
    }

    private static string? FindOurNames(JsonObject podSpec)
    {
        string[] ours = [InitContainerName, SidecarName, SecretsVolume, InitHomeVolume, SidecarHomeVolume, ExtraSecretVolume];
        foreach (var field in new[] { "containers", "initContainers", "volumes" })
        {
            if (podSpec[field] is JsonArray items && items.Select(i => (string?)i?["name"]).FirstOrDefault(n => n is not null && ours.Contains(n)) is { } name)
            {
                return $"an entry named {name} in spec.{field}";
            }
        }

        return null;
    }

    private static JsonObject? FindServiceAccountMount(JsonArray containers)
    {
        foreach (var container in containers.OfType<JsonObject>())
        {
            if (container["volumeMounts"] is not JsonArray mounts)
            {
                continue;
            }

            foreach (var mount in mounts.OfType<JsonObject>())
            {
                if ((string?)mount["mountPath"] == AgentConfigRenderer.ServiceAccountPath && mount["name"] is JsonValue name)
                {
                    return new JsonObject { ["name"] = name.DeepClone(), ["mountPath"] = AgentConfigRenderer.ServiceAccountPath, ["readOnly"] = true };
                }
            }
        }

        return null;
    }

    private static void AddSecretsMounts(JsonArray patch, JsonArray containers, string field)
    {
        for (var i = 0; i < containers.Count; i++)
        {
            if (containers[i] is not JsonObject container || (string?)container["name"] is InitContainerName or SidecarName)
            {
                continue;
            }

            var mount = new JsonObject { ["name"] = SecretsVolume, ["mountPath"] = AgentAnnotations.SecretsPath, ["readOnly"] = false };
            var index = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (container["volumeMounts"] is not JsonArray mounts)
            {
                patch.Add(Op("add", JsonPointer.Of("spec", field, index, "volumeMounts"), new JsonArray(mount)));
            }
            else if (!mounts.OfType<JsonObject>().Any(m => (string?)m["name"] == SecretsVolume || (string?)m["mountPath"] == AgentAnnotations.SecretsPath))
            {
                patch.Add(Op("add", JsonPointer.Of("spec", field, index, "volumeMounts", "-"), mount));
            }
        }
    }

    /// <summary>Adds items to an array of named objects (creating it when absent); an item whose name is already there is replaced in place.</summary>
    private static void AddOrReplaceByName(JsonArray patch, JsonObject podSpec, string field, IReadOnlyList<JsonObject> items, bool atStart)
    {
        if (podSpec[field] is not JsonArray existing)
        {
            patch.Add(Op("add", JsonPointer.Of("spec", field), new JsonArray([.. items])));
            return;
        }

        var insertAt = 0;
        foreach (var item in items)
        {
            var index = existing.Select((node, i) => (node, i)).Where(x => (string?)x.node?["name"] == (string?)item["name"]).Select(x => x.i).FirstOrDefault(-1);
            if (index >= 0)
            {
                patch.Add(Op("replace", JsonPointer.Of("spec", field, index.ToString(System.Globalization.CultureInfo.InvariantCulture)), item));
            }
            else if (atStart)
            {
                patch.Add(Op("add", JsonPointer.Of("spec", field, insertAt.ToString(System.Globalization.CultureInfo.InvariantCulture)), item));
                insertAt++;
            }
            else
            {
                patch.Add(Op("add", JsonPointer.Of("spec", field, "-"), item));
            }
        }
    }

    private static JsonObject AgentContainer(AgentSpec spec, bool init, JsonObject tokenMount)
    {
        var config = Convert.ToBase64String(Encoding.UTF8.GetBytes(AgentConfigRenderer.Render(spec, exitAfterAuth: init)));
        var script = $"echo \"${{{ConfigVariable}?}}\" | base64 -d > {AgentConfigRenderer.ConfigPath} && exec strongroom agent -config={AgentConfigRenderer.ConfigPath}"
            + (init ? " -exit-after-auth" : string.Empty);
        var container = new JsonObject
        {
            ["name"] = init ? InitContainerName : SidecarName,
            ["image"] = spec.Image,
            ["imagePullPolicy"] = "IfNotPresent",
            ["command"] = new JsonArray("/bin/sh", "-ec"),
            ["args"] = new JsonArray(script),
            ["env"] = new JsonArray(
                new JsonObject { ["name"] = ConfigVariable, ["value"] = config },
                new JsonObject { ["name"] = "DOTNET_EnableDiagnostics", ["value"] = "0" }),
        };

        var resources = new JsonObject();
        AddQuantities(resources, "limits", spec.CpuLimit, spec.MemoryLimit);
        AddQuantities(resources, "requests", spec.CpuRequest, spec.MemoryRequest);
        container["resources"] = resources;
        container["securityContext"] = new JsonObject
        {
            ["runAsUser"] = spec.RunAsUser,
            ["runAsGroup"] = spec.RunAsGroup,
            ["runAsNonRoot"] = spec.RunAsUser != 0 && spec.RunAsGroup != 0,
            ["allowPrivilegeEscalation"] = false,
            ["readOnlyRootFilesystem"] = true,
            ["capabilities"] = new JsonObject { ["drop"] = new JsonArray("ALL") },
        };
        container["volumeMounts"] = new JsonArray(
            new JsonObject { ["name"] = SecretsVolume, ["mountPath"] = AgentAnnotations.SecretsPath, ["readOnly"] = false },
            new JsonObject { ["name"] = init ? InitHomeVolume : SidecarHomeVolume, ["mountPath"] = AgentConfigRenderer.ConfigDirectory, ["readOnly"] = false },
            tokenMount.DeepClone());
        if (spec.ExtraSecret is not null)
        {
            ((JsonArray)container["volumeMounts"]!).Add(new JsonObject { ["name"] = ExtraSecretVolume, ["mountPath"] = ExtraSecretPath, ["readOnly"] = true });
        }

        return container;
    }

    private static void AddQuantities(JsonObject resources, string kind, string? cpu, string? memory)
    {
        var values = new JsonObject();
        if (cpu is not null)
        {
            values["cpu"] = cpu;
        }

        if (memory is not null)
        {
            values["memory"] = memory;
        }

        if (values.Count > 0)
        {
            resources[kind] = values;
        }
    }

    private static JsonObject EmptyDirInMemory(string name) =>
        new() { ["name"] = name, ["emptyDir"] = new JsonObject { ["medium"] = "Memory" } };

    private static JsonObject Op(string op, string path, JsonNode? value) =>
        new() { ["op"] = op, ["path"] = path, ["value"] = value };
}
