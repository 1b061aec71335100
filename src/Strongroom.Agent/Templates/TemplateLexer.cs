using System.Globalization;
using System.Text;

namespace Strongroom.Agent.Templates;

/// <summary>
/// Splits a Go text/template into tokens: text, delimiters (with <c>{{-</c>/<c>-}}</c> trim markers
/// applied to the neighbouring text), comments (dropped) and the lexemes inside actions.
/// </summary>
internal sealed class TemplateLexer
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "if", "else", "end", "range", "with", "define", "template", "block", "break", "continue",
    };

    private readonly string _name;
    private readonly string _text;
    private readonly string _left;
    private readonly string _right;
    private readonly List<TemplateToken> _tokens = [];
    private int _pos;
    private int _cursor;
    private int _cursorLine = 1;
    private int _cursorLineStart;

    public TemplateLexer(string name, string text, string leftDelimiter, string rightDelimiter)
    {
        _name = name;
        _text = text;
        _left = string.IsNullOrEmpty(leftDelimiter) ? "{{" : leftDelimiter;
        _right = string.IsNullOrEmpty(rightDelimiter) ? "}}" : rightDelimiter;
    }

    public List<TemplateToken> Lex()
    {
        var trimNextText = false;
        while (_pos < _text.Length)
        {
            var open = _text.IndexOf(_left, _pos, StringComparison.Ordinal);
            var textEnd = open < 0 ? _text.Length : open;
            var trimLeft = open >= 0 && HasLeftTrim(open + _left.Length);
            var start = _pos;
            var end = textEnd;
            if (trimNextText)
            {
                while (start < end && char.IsWhiteSpace(_text[start]))
                {
                    start++;
                }
            }

            if (trimLeft)
            {
                while (end > start && char.IsWhiteSpace(_text[end - 1]))
                {
                    end--;
                }
            }

            if (end > start)
            {
                Add(TemplateTokenKind.Text, _text[start..end], start, end);
            }

            if (open < 0)
            {
                break;
            }

            _pos = open + _left.Length + (trimLeft ? 2 : 0);
            trimNextText = LexAction(open);
        }

        Add(TemplateTokenKind.Eof, string.Empty, _text.Length, _text.Length);
        return _tokens;
    }

    private bool HasLeftTrim(int afterDelim) =>
        afterDelim + 1 < _text.Length && _text[afterDelim] == '-' && IsSpace(_text[afterDelim + 1]);

    /// <summary>True when at " -}}" (returns with the trim marker consumed up to the delimiter).</summary>
    private bool AtRightTrim(int pos) =>
        pos + 2 + _right.Length <= _text.Length && IsSpace(_text[pos]) && _text[pos + 1] == '-'
        && string.CompareOrdinal(_text, pos + 2, _right, 0, _right.Length) == 0;

    private bool AtRight(int pos) => string.CompareOrdinal(_text, pos, _right, 0, _right.Length) == 0;

    /// <summary>Lexes one action; returns whether it ended with a right trim marker.</summary>
    private bool LexAction(int open)
    {
        // Comment: {{/* ... */}} (with optional trim markers).
        var afterSpace = _pos;
        if (string.CompareOrdinal(_text, afterSpace, "/*", 0, 2) == 0)
        {
            var close = _text.IndexOf("*/", afterSpace + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                throw Error(open, "unclosed comment");
            }

            _pos = close + 2;
            if (AtRightTrim(_pos))
            {
                _pos += 2 + _right.Length;
                return true;
            }

            if (!AtRight(_pos))
            {
                throw Error(_pos, "comment ends before closing delimiter");
            }

            _pos += _right.Length;
            return false;
        }

        Add(TemplateTokenKind.LeftDelim, _left, open, open + _left.Length);
        while (true)
        {
            if (_pos >= _text.Length)
            {
                throw Error(open, "unclosed action");
            }

            if (AtRightTrim(_pos))
            {
                Add(TemplateTokenKind.RightDelim, _right, _pos + 2, _pos + 2 + _right.Length);
                _pos += 2 + _right.Length;
                return true;
            }

            if (AtRight(_pos))
            {
                Add(TemplateTokenKind.RightDelim, _right, _pos, _pos + _right.Length);
                _pos += _right.Length;
                return false;
            }

            var c = _text[_pos];
            if (c == '\n' || c == '\r' || IsSpace(c))
            {
                _pos++;
                continue;
            }

            LexInside(c);
        }
    }

    private void LexInside(char c)
    {
        var start = _pos;
        switch (c)
        {
            case '|':
                _pos++;
                Add(TemplateTokenKind.Pipe, "|", start, _pos);
                return;
            case '(':
                _pos++;
                Add(TemplateTokenKind.LeftParen, "(", start, _pos);
                return;
            case ')':
                _pos++;
                Add(TemplateTokenKind.RightParen, ")", start, _pos);
                return;
            case ',':
                _pos++;
                Add(TemplateTokenKind.Comma, ",", start, _pos);
                return;
            case '=':
                _pos++;
                Add(TemplateTokenKind.Assign, "=", start, _pos);
                return;
            case ':':
                if (_pos + 1 < _text.Length && _text[_pos + 1] == '=')
                {
                    _pos += 2;
                    Add(TemplateTokenKind.Declare, ":=", start, _pos);
                    return;
                }

                throw Error(start, "expected :=");
            case '"':
                LexQuoted(start);
                return;
            case '`':
                var close = _text.IndexOf('`', start + 1);
                if (close < 0)
                {
                    throw Error(start, "unterminated raw quoted string");
                }

                _pos = close + 1;
                Add(TemplateTokenKind.String, _text[(start + 1)..close], start, _pos);
                return;
            case '\'':
                LexChar(start);
                return;
            case '$':
                _pos++;
                while (_pos < _text.Length && IsAlphaNumeric(_text[_pos]))
                {
                    _pos++;
                }

                Add(TemplateTokenKind.Variable, _text[start.._pos], start, _pos);
                return;
            case '.':
                if (_pos + 1 < _text.Length && char.IsAsciiDigit(_text[_pos + 1]))
                {
                    LexNumber(start);
                    return;
                }

                _pos++;
                if (_pos < _text.Length && IsAlphaNumeric(_text[_pos]))
                {
                    while (_pos < _text.Length && IsAlphaNumeric(_text[_pos]))
                    {
                        _pos++;
                    }

                    Add(TemplateTokenKind.Field, _text[(start + 1).._pos], start, _pos);
                    return;
                }

                Add(TemplateTokenKind.Dot, ".", start, _pos);
                return;
        }

        if (char.IsAsciiDigit(c) || ((c == '-' || c == '+') && _pos + 1 < _text.Length && (char.IsAsciiDigit(_text[_pos + 1]) || _text[_pos + 1] == '.')))
        {
            LexNumber(start);
            return;
        }

        if (IsAlphaNumeric(c))
        {
            while (_pos < _text.Length && IsAlphaNumeric(_text[_pos]))
            {
                _pos++;
            }

            var word = _text[start.._pos];
            var kind = word switch
            {
                "true" or "false" => TemplateTokenKind.Bool,
                "nil" => TemplateTokenKind.Nil,
                _ when Keywords.Contains(word) => TemplateTokenKind.Keyword,
                _ => TemplateTokenKind.Identifier,
            };
            Add(kind, word, start, _pos);
            return;
        }

        throw Error(start, string.Create(CultureInfo.InvariantCulture, $"unexpected character U+{(int)c:X4} in action"));
    }

    private void LexQuoted(int start)
    {
        var builder = new StringBuilder();
        _pos++;
        while (true)
        {
            if (_pos >= _text.Length || _text[_pos] == '\n')
            {
                throw Error(start, "unterminated quoted string");
            }

            var c = _text[_pos++];
            if (c == '"')
            {
                break;
            }

            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }

            if (_pos >= _text.Length)
            {
                throw Error(start, "unterminated quoted string");
            }

            var e = _text[_pos++];
            switch (e)
            {
                case 'n': builder.Append('\n'); break;
                case 't': builder.Append('\t'); break;
                case 'r': builder.Append('\r'); break;
                case '\\': builder.Append('\\'); break;
                case '"': builder.Append('"'); break;
                case '\'': builder.Append('\''); break;
                case 'a': builder.Append('\a'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'v': builder.Append('\v'); break;
                case 'x': builder.Append((char)HexDigits(2, start)); break;
                case 'u': builder.Append((char)HexDigits(4, start)); break;
                case 'U': builder.Append(char.ConvertFromUtf32(HexDigits(8, start))); break;
                default: throw Error(_pos - 2, "unknown escape sequence in string");
            }
        }

        Add(TemplateTokenKind.String, builder.ToString(), start, _pos);
    }

    private int HexDigits(int count, int start)
    {
        if (_pos + count > _text.Length
            || !int.TryParse(_text.AsSpan(_pos, count), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            throw Error(start, "invalid escape sequence in string");
        }

        _pos += count;
        return value;
    }

    private void LexChar(int start)
    {
        _pos++;
        if (_pos + 1 < _text.Length && _text[_pos] != '\\' && _text[_pos + 1] == '\'')
        {
            var value = (int)_text[_pos];
            _pos += 2;
            Add(TemplateTokenKind.Char, value.ToString(CultureInfo.InvariantCulture), start, _pos);
            return;
        }

        if (_pos + 2 < _text.Length && _text[_pos] == '\\' && _text[_pos + 2] == '\'')
        {
            var value = _text[_pos + 1] switch
            {
                'n' => '\n',
                't' => '\t',
                'r' => '\r',
                '\\' => '\\',
                '\'' => '\'',
                '0' => '\0',
                _ => throw Error(start, "unknown escape in character constant"),
            };
            _pos += 3;
            Add(TemplateTokenKind.Char, ((int)value).ToString(CultureInfo.InvariantCulture), start, _pos);
            return;
        }

        throw Error(start, "malformed character constant");
    }

    private void LexNumber(int start)
    {
        _pos++;
        while (_pos < _text.Length && (IsAlphaNumeric(_text[_pos]) || _text[_pos] == '.'
            || ((_text[_pos] == '+' || _text[_pos] == '-') && (_text[_pos - 1] is 'e' or 'E' or 'p' or 'P'))))
        {
            _pos++;
        }

        var literal = _text[start.._pos];
        if (!TemplateNumber.TryParse(literal, out _))
        {
            throw Error(start, $"bad number syntax: \"{literal}\"");
        }

        Add(TemplateTokenKind.Number, literal, start, _pos);
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static bool IsAlphaNumeric(char c) => c == '_' || char.IsLetterOrDigit(c);

    private void Add(TemplateTokenKind kind, string value, int start, int end)
    {
        var (line, column) = Position(start);
        _tokens.Add(new TemplateToken(kind, value, start, end, line, column));
    }

    private (int Line, int Column) Position(int offset)
    {
        if (offset < _cursor)
        {
            _cursor = 0;
            _cursorLine = 1;
            _cursorLineStart = 0;
        }

        for (; _cursor < offset && _cursor < _text.Length; _cursor++)
        {
            if (_text[_cursor] == '\n')
            {
                _cursorLine++;
                _cursorLineStart = _cursor + 1;
            }
        }

        return (_cursorLine, offset - _cursorLineStart + 1);
    }

    private TemplateException Error(int offset, string reason)
    {
        var (line, column) = Position(offset);
        return new TemplateException(_name, line, column, reason);
    }
}
