using System.Text.Json.Nodes;

namespace Strongroom.Core.Hcl;

/// <summary>
/// The content of a file or block: attributes (<c>name = value</c>, unique names, source order)
/// and blocks (<c>type "label" { ... }</c>, source order, repeats allowed).
/// </summary>
public sealed class HclBody
{
    public HclBody(IReadOnlyDictionary<string, HclValue> attributes, IReadOnlyList<HclBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        ArgumentNullException.ThrowIfNull(blocks);
        Attributes = attributes;
        Blocks = blocks;
    }

    public static HclBody Empty { get; } = new(new Dictionary<string, HclValue>(), []);

    /// <summary>Attributes by name, enumerated in source order.</summary>
    public IReadOnlyDictionary<string, HclValue> Attributes { get; }

    public IReadOnlyList<HclBlock> Blocks { get; }

    /// <summary>The attribute's value, or null when absent.</summary>
    public HclValue? Attribute(string name) => Attributes.TryGetValue(name, out var value) ? value : null;

    /// <summary>The blocks of one type, in source order.</summary>
    public IEnumerable<HclBlock> BlocksOfType(string type) => Blocks.Where(b => b.Type == type);

    /// <summary>
    /// The body as a JSON object, the way HCL's JSON syntax spells it: attributes become members;
    /// a block becomes <c>type: { label1: { label2: body } }</c> (no labels: <c>type: body</c>); a
    /// repeated block at the same labels turns that leaf into an array of bodies. Throws
    /// <see cref="HclParseException"/> if a block clashes with an attribute of the same name or
    /// blocks of one type mix label counts.
    /// </summary>
    public JsonObject ToJsonNode()
    {
        var result = new JsonObject();
        var bodies = new HashSet<JsonNode>(ReferenceEqualityComparer.Instance);
        foreach (var (name, value) in Attributes)
        {
            result[name] = value.ToJsonNode();
        }

        foreach (var block in Blocks)
        {
            if (Attributes.ContainsKey(block.Type))
            {
                throw new HclParseException($"block '{block.Type}' has the same name as an attribute", block.Line, block.Column);
            }

            JsonObject parent = result;
            var key = block.Type;
            foreach (var label in block.Labels)
            {
                var existing = parent[key];
                if (existing is null)
                {
                    var created = new JsonObject();
                    parent[key] = created;
                    parent = created;
                }
                else if (existing is JsonObject obj && !bodies.Contains(obj))
                {
                    parent = obj;
                }
                else
                {
                    throw MixedLabels(block);
                }

                key = label;
            }

            var body = block.Body.ToJsonNode();
            bodies.Add(body);
            switch (parent[key])
            {
                case null:
                    parent[key] = body;
                    break;
                case JsonObject previous when bodies.Contains(previous):
                    parent.Remove(key);
                    parent[key] = new JsonArray(previous, body);
                    break;
                case JsonArray array when array.Count > 0 && array[0] is JsonObject first && bodies.Contains(first):
                    array.Add(body);
                    break;
                default:
                    throw MixedLabels(block);
            }
        }

        return result;
    }

    private static HclParseException MixedLabels(HclBlock block) =>
        new($"blocks of type '{block.Type}' are used with different numbers of labels", block.Line, block.Column);
}
