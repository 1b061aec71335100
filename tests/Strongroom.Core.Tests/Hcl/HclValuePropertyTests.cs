using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Strongroom.Core.Hcl;

namespace Strongroom.Core.Tests.Hcl;

/// <summary>Property: any literal value written as HCL parses back to the same JSON.</summary>
public sealed class HclValuePropertyTests
{
    private static readonly Gen<string> Strings =
        ArbMap.Default.GeneratorFor<string>().Select(s => s ?? "");

    private static Gen<JsonNode?> Scalar() => Gen.OneOf(
        Strings.Select(s => (JsonNode?)JsonValue.Create(s)),
        ArbMap.Default.GeneratorFor<long>().Select(n => (JsonNode?)JsonValue.Create(n)),
        Gen.Choose(-100_000, 100_000).Select(n => (JsonNode?)JsonValue.Create(n + 0.5)),
        Gen.Elements(true, false).Select(b => (JsonNode?)JsonValue.Create(b)),
        Gen.Constant((JsonNode?)null));

    private static Gen<JsonNode?> Value(int size) => size <= 0
        ? Scalar()
        : Gen.Frequency(
            (3, Scalar()),
            (1, Value(size / 2).ListOf().Select(items => (JsonNode?)new JsonArray([.. items]))),
            (1, Gen.Zip(Strings, Value(size / 2)).ListOf().Select(ToObject)));

    private static JsonNode? ToObject(IEnumerable<(string Key, JsonNode? Value)> members)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in members)
        {
            obj[key] = value;
        }

        return obj;
    }

    [Fact]
    public void Parse_RenderedValue_RoundTripsToSameJson()
    {
        Prop.ForAll(Arb.From(Gen.Sized(Value)), value =>
        {
            var text = "v = " + Render(value, 0) + "\n";
            var parsed = HclParser.Parse(text).Attribute("v")!.ToJsonNode();
            return JsonNode.DeepEquals(value, parsed);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Parse_ArbitraryText_OnlyThrowsHclParseException()
    {
        Prop.ForAll(Arb.From(Strings), text =>
        {
            try
            {
                HclParser.Parse(text);
            }
            catch (HclParseException)
            {
            }

            return true;
        }).QuickCheckThrowOnFailure();
    }

    private static string Render(JsonNode? node, int indent)
    {
        switch (node)
        {
            case null:
                return "null";
            case JsonArray array:
                return "[\n" + string.Concat(array.Select(item => Render(item, indent + 1) + ",\n")) + "]";
            case JsonObject obj:
                var sb = new StringBuilder("{\n");
                var i = 0;
                foreach (var (key, value) in obj)
                {
                    sb.Append(Quote(key)).Append(i % 2 == 0 ? " = " : ": ").Append(Render(value, indent + 1));
                    sb.Append(i % 3 == 0 ? ",\n" : "\n");
                    i++;
                }

                return sb.Append('}').ToString();
            default:
                var v = (JsonValue)node;
                if (v.TryGetValue<string>(out var s))
                {
                    return Quote(s);
                }

                if (v.TryGetValue<bool>(out var b))
                {
                    return b ? "true" : "false";
                }

                if (v.TryGetValue<long>(out var n))
                {
                    return n.ToString(CultureInfo.InvariantCulture);
                }

                return v.GetValue<double>().ToString("R", CultureInfo.InvariantCulture);
        }
    }

    private static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
                _ => c.ToString(),
            });
        }

        return sb.Append('"').ToString();
    }
}
