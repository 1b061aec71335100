using System.Globalization;

namespace Strongroom.Core.Hcl;

/// <summary>
/// Parses the literal subset of HCL native syntax (see README.md): attributes, labelled
/// blocks, strings, heredocs, numbers, bools, null, lists and objects. Expressions beyond
/// literals (variables, functions, operators, interpolation) are not evaluated.
/// </summary>
public sealed class HclParser
{
    /// <summary>Deepest nesting of blocks, lists and objects accepted (guards the stack).</summary>
    public const int MaxDepth = 64;

    private readonly List<HclToken> _tokens;
    private int _index;

    private HclParser(List<HclToken> tokens)
    {
        _tokens = tokens;
    }

    /// <summary>Parses a whole document. Throws <see cref="HclParseException"/> with line:column on bad input.</summary>
    public static HclBody Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new HclParser(HclLexer.Tokenize(text));
        var body = parser.ParseBody(HclTokenKind.EndOfFile, 0);
        parser.Expect(HclTokenKind.EndOfFile, "end of input");
        return body;
    }

    private HclToken Current => _tokens[_index];

    private HclToken Next() => _tokens[_index++];

    private static HclParseException Error(HclToken at, string expected) =>
        new($"expected {expected}, found {at.Describe()}", at.Line, at.Column);

    private HclToken Expect(HclTokenKind kind, string expected) =>
        Current.Kind == kind ? Next() : throw Error(Current, expected);

    private void SkipSeparators(bool commas)
    {
        while (Current.Kind == HclTokenKind.Newline || (commas && Current.Kind == HclTokenKind.Comma))
        {
            _index++;
        }
    }

    private static void CheckDepth(int depth, HclToken at)
    {
        if (depth > MaxDepth)
        {
            throw new HclParseException($"nesting deeper than {MaxDepth} levels", at.Line, at.Column);
        }
    }

    private HclBody ParseBody(HclTokenKind end, int depth)
    {
        var attributes = new OrderedDictionary<string, HclValue>(StringComparer.Ordinal);
        var blocks = new List<HclBlock>();
        while (true)
        {
            SkipSeparators(commas: true);
            if (Current.Kind == end)
            {
                break;
            }

            var name = Current;
            if (name.Kind is not (HclTokenKind.Identifier or HclTokenKind.String))
            {
                throw Error(name, end == HclTokenKind.EndOfFile ? "an attribute or block name" : "an attribute or block name, or '}'");
            }

            _index++;
            if (Current.Kind == HclTokenKind.Equals)
            {
                _index++;
                if (attributes.ContainsKey(name.Text))
                {
                    throw new HclParseException($"attribute '{name.Text}' is defined more than once", name.Line, name.Column);
                }

                attributes.Add(name.Text, ParseValue(depth + 1));
                continue;
            }

            var labels = new List<string>();
            while (Current.Kind is HclTokenKind.String or HclTokenKind.Identifier)
            {
                labels.Add(Next().Text);
            }

            var open = Expect(HclTokenKind.LeftBrace, labels.Count == 0 ? "'=' or '{' after a name" : "'{' after block labels");
            CheckDepth(depth + 1, open);
            var body = ParseBody(HclTokenKind.RightBrace, depth + 1);
            Expect(HclTokenKind.RightBrace, "'}'");
            blocks.Add(new HclBlock(name.Text, labels, body, name.Line, name.Column));
        }

        return new HclBody(attributes, blocks);
    }

    private HclValue ParseValue(int depth)
    {
        var token = Current;
        CheckDepth(depth, token);
        switch (token.Kind)
        {
            case HclTokenKind.String:
                _index++;
                return HclValue.FromString(token.Text, token.Line, token.Column);
            case HclTokenKind.Number:
                _index++;
                return double.IsFinite(double.Parse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture))
                    ? HclValue.FromNumber(token.Text, token.Line, token.Column)
                    : throw new HclParseException("number is out of range", token.Line, token.Column);
            case HclTokenKind.Identifier:
                _index++;
                return token.Text switch
                {
                    "true" => HclValue.FromBool(true, token.Line, token.Column),
                    "false" => HclValue.FromBool(false, token.Line, token.Column),
                    "null" => HclValue.Null(token.Line, token.Column),
                    _ => throw new HclParseException(
                        $"expected a value, found identifier '{token.Text}' (variables and functions are not supported; quote strings)",
                        token.Line, token.Column),
                };
            case HclTokenKind.LeftBracket:
                _index++;
                return ParseList(token, depth);
            case HclTokenKind.LeftBrace:
                _index++;
                return ParseObject(token, depth);
            default:
                throw Error(token, "a value");
        }
    }

    private HclValue ParseList(HclToken open, int depth)
    {
        var items = new List<HclValue>();
        while (true)
        {
            SkipSeparators(commas: false);
            if (Current.Kind == HclTokenKind.RightBracket)
            {
                _index++;
                break;
            }

            items.Add(ParseValue(depth + 1));
            SkipSeparators(commas: false);
            if (Current.Kind == HclTokenKind.Comma)
            {
                _index++;
                continue;
            }

            if (Current.Kind != HclTokenKind.RightBracket)
            {
                throw Error(Current, "',' or ']'");
            }
        }

        return HclValue.FromList(items, open.Line, open.Column);
    }

    private HclValue ParseObject(HclToken open, int depth)
    {
        var members = new OrderedDictionary<string, HclValue>(StringComparer.Ordinal);
        while (true)
        {
            SkipSeparators(commas: true);
            if (Current.Kind == HclTokenKind.RightBrace)
            {
                _index++;
                break;
            }

            var key = Current;
            if (key.Kind is not (HclTokenKind.Identifier or HclTokenKind.String or HclTokenKind.Number))
            {
                throw Error(key, "an object key or '}'");
            }

            _index++;
            if (Current.Kind is not (HclTokenKind.Equals or HclTokenKind.Colon))
            {
                throw Error(Current, "'=' or ':' after an object key");
            }

            _index++;
            if (members.ContainsKey(key.Text))
            {
                throw new HclParseException("object key is defined more than once", key.Line, key.Column);
            }

            members.Add(key.Text, ParseValue(depth + 1));
            if (Current.Kind is not (HclTokenKind.Comma or HclTokenKind.Newline or HclTokenKind.RightBrace))
            {
                throw Error(Current, "',', end of line or '}' after an object member");
            }
        }

        return HclValue.FromObject(members, open.Line, open.Column);
    }
}
