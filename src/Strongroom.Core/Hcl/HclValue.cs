using System.Globalization;
using System.Text.Json.Nodes;

namespace Strongroom.Core.Hcl;

/// <summary>
/// A literal HCL value: string, number, bool, null, list or object (ordered). Typed getters throw
/// <see cref="HclParseException"/> with this value's position when the kind is wrong, so config
/// readers get "line:column: expected a bool, found a string" for free.
/// <see cref="ToString"/> never reveals the value.
/// </summary>
public sealed class HclValue
{
    private readonly string? _text;
    private readonly bool _bool;
    private readonly IReadOnlyList<HclValue>? _items;
    private readonly IReadOnlyDictionary<string, HclValue>? _members;

    private HclValue(HclValueKind kind, int line, int column, string? text = null, bool boolean = false,
        IReadOnlyList<HclValue>? items = null, IReadOnlyDictionary<string, HclValue>? members = null)
    {
        Kind = kind;
        Line = line;
        Column = column;
        _text = text;
        _bool = boolean;
        _items = items;
        _members = members;
    }

    public HclValueKind Kind { get; }

    /// <summary>1-based line where the value starts (0 when built in code).</summary>
    public int Line { get; }

    /// <summary>1-based column where the value starts (0 when built in code).</summary>
    public int Column { get; }

    public bool IsNull => Kind == HclValueKind.Null;

    /// <summary>The elements of a list.</summary>
    public IReadOnlyList<HclValue> Items => Kind == HclValueKind.List ? _items! : throw Mismatch("a list");

    /// <summary>The members of an object, in source order.</summary>
    public IReadOnlyDictionary<string, HclValue> Members => Kind == HclValueKind.Object ? _members! : throw Mismatch("an object");

    /// <summary>The number exactly as written (e.g. "-1.5e3").</summary>
    public string NumberText => Kind == HclValueKind.Number ? _text! : throw Mismatch("a number");

    public static HclValue FromString(string value, int line = 0, int column = 0)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(HclValueKind.String, line, column, text: value);
    }

    /// <summary>A number from its literal text; throws <see cref="FormatException"/> if it is not one.</summary>
    public static HclValue FromNumber(string literal, int line = 0, int column = 0)
    {
        if (!double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d))
        {
            throw new FormatException("not a finite number literal");
        }

        return new(HclValueKind.Number, line, column, text: literal);
    }

    public static HclValue FromBool(bool value, int line = 0, int column = 0) => new(HclValueKind.Bool, line, column, boolean: value);

    public static HclValue Null(int line = 0, int column = 0) => new(HclValueKind.Null, line, column);

    public static HclValue FromList(IReadOnlyList<HclValue> items, int line = 0, int column = 0)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new(HclValueKind.List, line, column, items: items);
    }

    /// <summary>An object; pass an ordered dictionary to keep member order.</summary>
    public static HclValue FromObject(IReadOnlyDictionary<string, HclValue> members, int line = 0, int column = 0)
    {
        ArgumentNullException.ThrowIfNull(members);
        return new(HclValueKind.Object, line, column, members: members);
    }

    public string GetString() => Kind == HclValueKind.String ? _text! : throw Mismatch("a string");

    public bool GetBool() => Kind == HclValueKind.Bool ? _bool : throw Mismatch("a bool");

    public long GetInt64() =>
        Kind == HclValueKind.Number && long.TryParse(_text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw Mismatch("an integer");

    public double GetDouble() =>
        Kind == HclValueKind.Number ? double.Parse(_text!, NumberStyles.Float, CultureInfo.InvariantCulture) : throw Mismatch("a number");

    /// <summary>
    /// The value as JSON: strings, numbers (integral literals as long, others as double), bools,
    /// null (as a C# null), arrays and objects (member order kept).
    /// </summary>
    public JsonNode? ToJsonNode()
    {
        switch (Kind)
        {
            case HclValueKind.String:
                return JsonValue.Create(_text!);
            case HclValueKind.Number:
                return long.TryParse(_text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
                    ? JsonValue.Create(n)
                    : JsonValue.Create(GetDouble());
            case HclValueKind.Bool:
                return JsonValue.Create(_bool);
            case HclValueKind.Null:
                return null;
            case HclValueKind.List:
                var array = new JsonArray();
                foreach (var item in _items!)
                {
                    array.Add(item.ToJsonNode());
                }

                return array;
            default:
                var obj = new JsonObject();
                foreach (var (key, value) in _members!)
                {
                    obj[key] = value.ToJsonNode();
                }

                return obj;
        }
    }

    /// <summary>Kind and position only; never the value.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"HclValue({Kind}) at {Line}:{Column}");

    internal string DescribeKind() => Kind switch
    {
        HclValueKind.String => "a string",
        HclValueKind.Number => "a number",
        HclValueKind.Bool => "a bool",
        HclValueKind.Null => "null",
        HclValueKind.List => "a list",
        _ => "an object",
    };

    private HclParseException Mismatch(string expected) => new($"expected {expected}, found {DescribeKind()}", Line, Column);
}
