using System.Text.Json.Nodes;

namespace Strongroom.Engines.Kv;

/// <summary>JSON Merge Patch, RFC 7386 section 2 (see README.md in this folder).</summary>
internal static class JsonMergePatch
{
    /// <summary>
    /// Applies <paramref name="patch"/> to <paramref name="target"/> and returns the result. The
    /// target may be modified in place; the patch is never modified (values are deep-cloned).
    /// </summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        if (target is not JsonObject targetObject)
        {
            targetObject = [];
        }

        foreach (var (name, value) in patchObject)
        {
            if (value is null)
            {
                targetObject.Remove(name);
                continue;
            }

            if (value is JsonObject && targetObject[name] is JsonObject nested)
            {
                Apply(nested, value);
            }
            else
            {
                targetObject[name] = Apply(null, value);
            }
        }

        return targetObject;
    }
}
