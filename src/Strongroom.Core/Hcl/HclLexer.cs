using System.Globalization;
using System.Text;

namespace Strongroom.Core.Hcl;

/// <summary>
/// Turns HCL native syntax into tokens: identifiers, quoted strings (escapes decoded),
/// heredocs (&lt;&lt;EOF and &lt;&lt;-EOF, returned as strings), numbers, punctuation and
/// newlines. Comments (#, //, /* */) are skipped.
/// </summary>
internal sealed class HclLexer
{
    private readonly string _text;
    private readonly List<HclToken> _tokens = [];
    private int _pos;
    private int _line = 1;
    private int _lineStart;

    private HclLexer(string text)
    {
        _text = text;
    }

    public static List<HclToken> Tokenize(string text)
    {
        var lexer = new HclLexer(text);
        lexer.Run();
        return lexer._tokens;
    }

    private int Column => _pos - _lineStart + 1;

    private char Peek(int offset = 0) => _pos + offset < _text.Length ? _text[_pos + offset] : '\0';

    private void Run()
    {
        if (Peek() == '\uFEFF')
        {
            _pos++;
            _lineStart = _pos;
        }

        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            switch (c)
            {
                case ' ' or '\t' or '\r':
                    _pos++;
                    break;
                case '\n':
                    Add(HclTokenKind.Newline, "", Column);
                    NewLine();
                    break;
                case '#':
                    SkipLineComment();
                    break;
                case '/' when Peek(1) == '/':
                    SkipLineComment();
                    break;
                case '/' when Peek(1) == '*':
                    SkipBlockComment();
                    break;
                case '{':
                    Single(HclTokenKind.LeftBrace);
                    break;
                case '}':
                    Single(HclTokenKind.RightBrace);
                    break;
                case '[':
                    Single(HclTokenKind.LeftBracket);
                    break;
                case ']':
                    Single(HclTokenKind.RightBracket);
                    break;
                case ',':
                    Single(HclTokenKind.Comma);
                    break;
                case '=':
                    Single(HclTokenKind.Equals);
                    break;
                case ':':
                    Single(HclTokenKind.Colon);
                    break;
                case '"':
                    ReadString();
                    break;
                case '<' when Peek(1) == '<':
                    ReadHeredoc();
                    break;
                default:
                    if (char.IsAsciiDigit(c) || (c == '-' && char.IsAsciiDigit(Peek(1))))
                    {
                        ReadNumber();
                    }
                    else if (char.IsLetter(c) || c == '_')
                    {
                        ReadIdentifier();
                    }
                    else
                    {
                        throw Error($"unexpected character {DescribeChar(c)}", Column);
                    }

                    break;
            }
        }

        Add(HclTokenKind.EndOfFile, "", Column);
    }

    private static string DescribeChar(char c) =>
        char.IsControl(c) || char.IsWhiteSpace(c) || char.IsSurrogate(c)
            ? string.Create(CultureInfo.InvariantCulture, $"U+{(int)c:X4}")
            : $"'{c}'";

    private HclParseException Error(string message, int column) => new(message, _line, column);

    private void Add(HclTokenKind kind, string text, int column) => _tokens.Add(new HclToken(kind, text, _line, column));

    private void Single(HclTokenKind kind)
    {
        Add(kind, "", Column);
        _pos++;
    }

    private void NewLine()
    {
        _pos++;
        _line++;
        _lineStart = _pos;
    }

    private void SkipLineComment()
    {
        while (_pos < _text.Length && _text[_pos] != '\n')
        {
            _pos++;
        }
    }

    private void SkipBlockComment()
    {
        var (line, column) = (_line, Column);
        _pos += 2;
        while (_pos < _text.Length)
        {
            if (_text[_pos] == '*' && Peek(1) == '/')
            {
                _pos += 2;
                return;
            }

            if (_text[_pos] == '\n')
            {
                NewLine();
            }
            else
            {
                _pos++;
            }
        }

        throw new HclParseException("unterminated /* comment", line, column);
    }

    private void ReadIdentifier()
    {
        var column = Column;
        var start = _pos;
        while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] is '_' or '-'))
        {
            _pos++;
        }

        Add(HclTokenKind.Identifier, _text[start.._pos], column);
    }

    private void ReadNumber()
    {
        var column = Column;
        var start = _pos;
        if (Peek() == '-')
        {
            _pos++;
        }

        SkipDigits();
        if (Peek() == '.' && char.IsAsciiDigit(Peek(1)))
        {
            _pos++;
            SkipDigits();
        }

        if (Peek() is 'e' or 'E')
        {
            var save = _pos;
            _pos++;
            if (Peek() is '+' or '-')
            {
                _pos++;
            }

            if (!char.IsAsciiDigit(Peek()))
            {
                _pos = save;
                throw Error("expected digits in number exponent", Column);
            }

            SkipDigits();
        }

        if (char.IsLetter(Peek()) || Peek() == '_')
        {
            throw Error("unexpected letter after number (quote durations like \"10s\")", Column);
        }

        Add(HclTokenKind.Number, _text[start.._pos], column);
    }

    private void SkipDigits()
    {
        while (char.IsAsciiDigit(Peek()))
        {
            _pos++;
        }
    }

    private void ReadString()
    {
        var column = Column;
        _pos++;
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length || _text[_pos] == '\n')
            {
                throw Error("unterminated string (expected closing '\"' on the same line)", column);
            }

            var c = _text[_pos];
            if (c == '"')
            {
                _pos++;
                break;
            }

            if (c == '\\')
            {
                ReadEscape(sb);
                continue;
            }

            sb.Append(c);
            _pos++;
        }

        Add(HclTokenKind.String, sb.ToString(), column);
    }

    private void ReadEscape(StringBuilder sb)
    {
        var column = Column;
        var e = Peek(1);
        _pos += 2;
        switch (e)
        {
            case 'n': sb.Append('\n'); break;
            case 'r': sb.Append('\r'); break;
            case 't': sb.Append('\t'); break;
            case '"': sb.Append('"'); break;
            case '\\': sb.Append('\\'); break;
            case 'u': AppendCodePoint(sb, 4, column); break;
            case 'U': AppendCodePoint(sb, 8, column); break;
            default: throw Error("invalid escape sequence in string (valid: \\n \\r \\t \\\" \\\\ \\uNNNN \\UNNNNNNNN)", column);
        }
    }

    private void AppendCodePoint(StringBuilder sb, int digits, int column)
    {
        if (_pos + digits > _text.Length
            || !int.TryParse(_text.AsSpan(_pos, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
            || code > 0x10FFFF
            || (code >= 0xD800 && code <= 0xDFFF))
        {
            throw Error($"invalid unicode escape (expected {digits} hex digits of a valid code point)", column);
        }

        sb.Append(char.ConvertFromUtf32(code));
        _pos += digits;
    }

    private void ReadHeredoc()
    {
        var (line, column) = (_line, Column);
        _pos += 2;
        var flush = false;
        if (Peek() == '-')
        {
            flush = true;
            _pos++;
        }

        var markerStart = _pos;
        while (char.IsLetterOrDigit(Peek()) || Peek() is '_' or '-')
        {
            _pos++;
        }

        var marker = _text[markerStart.._pos];
        if (marker.Length == 0 || !(char.IsLetter(marker[0]) || marker[0] == '_'))
        {
            throw Error("expected a heredoc marker identifier after '<<'", Column);
        }

        if (Peek() == '\r')
        {
            _pos++;
        }

        if (Peek() != '\n')
        {
            throw Error("expected end of line after heredoc marker", Column);
        }

        NewLine();
        var lines = new List<string>();
        while (true)
        {
            if (_pos >= _text.Length)
            {
                throw new HclParseException($"unterminated heredoc (expected closing marker '{marker}')", line, column);
            }

            var end = _text.IndexOf('\n', _pos);
            var raw = end < 0 ? _text[_pos..] : _text[_pos..end];
            var content = raw.TrimEnd('\r');
            if (content.Trim() == marker)
            {
                _pos += raw.Length;
                break;
            }

            lines.Add(content);
            if (end < 0)
            {
                _pos = _text.Length;
            }
            else
            {
                _pos = end;
                NewLine();
            }
        }

        Add(HclTokenKind.String, JoinHeredoc(lines, flush), column);
        _tokens[^1] = _tokens[^1] with { Line = line };
    }

    private static string JoinHeredoc(List<string> lines, bool flush)
    {
        if (flush)
        {
            var indent = int.MaxValue;
            foreach (var l in lines)
            {
                if (l.Trim().Length == 0)
                {
                    continue;
                }

                var n = 0;
                while (n < l.Length && l[n] is ' ' or '\t')
                {
                    n++;
                }

                indent = Math.Min(indent, n);
            }

            if (indent == int.MaxValue)
            {
                indent = 0;
            }

            for (var i = 0; i < lines.Count; i++)
            {
                lines[i] = lines[i].Length >= indent ? lines[i][indent..] : lines[i].TrimStart(' ', '\t');
            }
        }

        var sb = new StringBuilder();
        foreach (var l in lines)
        {
            sb.Append(l).Append('\n');
        }

        return sb.ToString();
    }
}
