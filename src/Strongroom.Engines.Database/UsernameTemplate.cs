using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Strongroom.Engines.Database;

/// <summary>
/// The subset of Go's text/template that Vault's <c>username_template</c> uses: actions
/// <c>{{ … }}</c> (with <c>{{-</c>/<c>-}}</c> trimming) holding a pipeline of commands joined by
/// <c>|</c>; operands are "strings", numbers, <c>.DisplayName</c>, <c>.RoleName</c>, parenthesised
/// pipelines and the functions of Vault's sdk/helper/template (random, truncate, truncate_sha256,
/// uppercase, lowercase, replace, sha256, base64, unix_time, unix_time_millis, uuid, printf).
/// Hand-written: no maintained .NET library implements Go templates (see README.md).
/// </summary>
internal sealed class UsernameTemplate
{
    /// <summary>Vault's default for the PostgreSQL plugin.</summary>
    public const string Default = "{{ printf \"v-%s-%s-%s-%s\" (.DisplayName | truncate 8) (.RoleName | truncate 8) (random 20) (unix_time) | truncate 63 }}";

    private readonly string _text;
    private readonly DateTimeOffset _now;
    private readonly Dictionary<string, string> _fields;
    private int _pos;

    private UsernameTemplate(string text, string displayName, string roleName, DateTimeOffset now)
    {
        _text = text;
        _now = now;
        _fields = new(StringComparer.Ordinal) { ["DisplayName"] = displayName, ["RoleName"] = roleName };
    }

    /// <summary>Renders the template. Throws <see cref="FormatException"/> on a syntax error.</summary>
    public static string Render(string template, string displayName, string roleName, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(template);
        return new UsernameTemplate(template, displayName, roleName, now).Run();
    }

    private string Run()
    {
        var output = new StringBuilder();
        while (_pos < _text.Length)
        {
            var open = _text.IndexOf("{{", _pos, StringComparison.Ordinal);
            if (open < 0)
            {
                output.Append(_text, _pos, _text.Length - _pos);
                break;
            }

            var literal = _text[_pos..open];
            _pos = open + 2;
            if (Peek() == '-' && _pos + 1 < _text.Length && char.IsWhiteSpace(_text[_pos + 1]))
            {
                literal = literal.TrimEnd();
                _pos++;
            }

            output.Append(literal);
            var value = Pipeline();
            SkipSpaces();
            var trimAfter = false;
            if (Peek() == '-')
            {
                trimAfter = true;
                _pos++;
            }

            Expect("}}");
            output.Append(value);
            if (trimAfter)
            {
                while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
                {
                    _pos++;
                }
            }
        }

        return output.ToString();
    }

    private string Pipeline()
    {
        string? value = null;
        while (true)
        {
            value = Command(value);
            SkipSpaces();
            if (Peek() != '|')
            {
                return value;
            }

            _pos++;
        }
    }

    private string Command(string? piped)
    {
        SkipSpaces();
        var c = Peek();
        if (char.IsAsciiLetter(c))
        {
            var name = Identifier();
            var args = new List<string>();
            while (true)
            {
                SkipSpaces();
                var next = Peek();
                if (next is '|' or ')' or '\0' || (next == '}' && At("}}")) || (next == '-' && At("-}}")))
                {
                    break;
                }

                args.Add(Operand());
            }

            if (piped is not null)
            {
                args.Add(piped);
            }

            return Call(name, args);
        }

        var operand = Operand();
        return piped is null ? operand : throw new FormatException("username_template: cannot pipe into a value");
    }

    private string Operand()
    {
        SkipSpaces();
        var c = Peek();
        switch (c)
        {
            case '"':
                return QuotedString();
            case '`':
                var end = _text.IndexOf('`', _pos + 1);
                if (end < 0)
                {
                    throw new FormatException("username_template: unterminated raw string");
                }

                var raw = _text[(_pos + 1)..end];
                _pos = end + 1;
                return raw;
            case '.':
                _pos++;
                var field = Identifier();
                return _fields.TryGetValue(field, out var v) ? v : throw new FormatException($"username_template: unknown field .{field}");
            case '(':
                _pos++;
                var inner = Pipeline();
                SkipSpaces();
                Expect(")");
                return inner;
            default:
                if (char.IsAsciiDigit(c) || c == '-')
                {
                    var start = _pos++;
                    while (char.IsAsciiDigit(Peek()))
                    {
                        _pos++;
                    }

                    return _text[start.._pos];
                }

                if (char.IsAsciiLetter(c))
                {
                    return Call(Identifier(), []);
                }

                throw new FormatException("username_template: unexpected character");
        }
    }

    private string Call(string name, List<string> args)
    {
        switch (name)
        {
            case "random":
                return PasswordGenerator.Alphanumeric(Int(args, 0, 1, 1000));
            case "truncate":
                Arity(name, args, 2);
                var max = Int(args, 0, 0, 10_000);
                return args[1].Length > max ? args[1][..max] : args[1];
            case "truncate_sha256":
                Arity(name, args, 2);
                var limit = Int(args, 0, 8, 10_000);
                return args[1].Length <= limit ? args[1] : args[1][..(limit - 8)] + Sha256Hex(args[1])[..8];
            case "uppercase":
                Arity(name, args, 1);
                return args[0].ToUpperInvariant();
            case "lowercase":
                Arity(name, args, 1);
                return args[0].ToLowerInvariant();
            case "replace":
                Arity(name, args, 3);
                return args[0].Length == 0 ? args[2] : args[2].Replace(args[0], args[1], StringComparison.Ordinal);
            case "sha256":
                Arity(name, args, 1);
                return Sha256Hex(args[0]);
            case "base64":
                Arity(name, args, 1);
                return Convert.ToBase64String(Encoding.UTF8.GetBytes(args[0]));
            case "unix_time":
                Arity(name, args, 0);
                return _now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            case "unix_time_millis":
                Arity(name, args, 0);
                return _now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            case "uuid":
                Arity(name, args, 0);
                return Guid.NewGuid().ToString();
            case "printf":
                if (args.Count == 0)
                {
                    throw new FormatException("username_template: printf needs a format");
                }

                return Printf(args[0], args.Skip(1).ToList());
            default:
                throw new FormatException($"username_template: unknown function \"{name}\"");
        }
    }

    private static string Printf(string format, List<string> args)
    {
        var output = new StringBuilder();
        var next = 0;
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 >= format.Length)
            {
                output.Append(format[i]);
                continue;
            }

            var verb = format[++i];
            if (verb == '%')
            {
                output.Append('%');
            }
            else if (verb is 's' or 'd' or 'v')
            {
                output.Append(next < args.Count ? args[next++] : "%!" + verb + "(MISSING)");
            }
            else
            {
                throw new FormatException("username_template: printf supports %s, %d, %v and %%");
            }
        }

        return output.ToString();
    }

    private static void Arity(string name, List<string> args, int count)
    {
        if (args.Count != count)
        {
            throw new FormatException($"username_template: {name} takes {count} argument(s)");
        }
    }

    private static int Int(List<string> args, int index, int min, int max) =>
        index < args.Count && int.TryParse(args[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new FormatException("username_template: expected a number");

    private static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private string QuotedString()
    {
        var output = new StringBuilder();
        _pos++;
        while (_pos < _text.Length && _text[_pos] != '"')
        {
            if (_text[_pos] == '\\' && _pos + 1 < _text.Length)
            {
                _pos++;
                output.Append(_text[_pos] switch { 'n' => '\n', 't' => '\t', var other => other });
            }
            else
            {
                output.Append(_text[_pos]);
            }

            _pos++;
        }

        Expect("\"");
        return output.ToString();
    }

    private string Identifier()
    {
        var start = _pos;
        while (char.IsAsciiLetterOrDigit(Peek()) || Peek() == '_')
        {
            _pos++;
        }

        return start == _pos ? throw new FormatException("username_template: expected a name") : _text[start.._pos];
    }

    private void Expect(string token)
    {
        if (!At(token))
        {
            throw new FormatException($"username_template: expected \"{token}\"");
        }

        _pos += token.Length;
    }

    private bool At(string token) => string.CompareOrdinal(_text, _pos, token, 0, token.Length) == 0;

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private void SkipSpaces()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
        {
            _pos++;
        }
    }
}
