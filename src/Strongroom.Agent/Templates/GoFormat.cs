using System.Globalization;
using System.Text;

namespace Strongroom.Agent.Templates;

/// <summary>
/// The subset of Go's fmt used by templates: Sprintf verbs %v %s %d %f %e %g %q %x %X %t %c %%, flags
/// <c>- + 0 space</c>, width and precision; Sprint and Sprintln spacing rules.
/// </summary>
internal static class GoFormat
{
    public static string Sprintf(string format, IReadOnlyList<object?> args)
    {
        var output = new StringBuilder();
        var argIndex = 0;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c != '%')
            {
                output.Append(c);
                continue;
            }

            if (++i >= format.Length)
            {
                output.Append("%!(NOVERB)");
                break;
            }

            var minus = false;
            var plus = false;
            var zero = false;
            var space = false;
            for (; i < format.Length; i++)
            {
                switch (format[i])
                {
                    case '-': minus = true; continue;
                    case '+': plus = true; continue;
                    case '0': zero = true; continue;
                    case ' ': space = true; continue;
                    case '#': continue;
                }

                break;
            }

            var width = ReadNumber(format, ref i);
            int? precision = null;
            if (i < format.Length && format[i] == '.')
            {
                i++;
                precision = ReadNumber(format, ref i) ?? 0;
            }

            if (i >= format.Length)
            {
                output.Append("%!(NOVERB)");
                break;
            }

            var verb = format[i];
            if (verb == '%')
            {
                output.Append('%');
                continue;
            }

            if (argIndex >= args.Count)
            {
                output.Append("%!").Append(verb).Append("(MISSING)");
                continue;
            }

            var text = FormatOne(verb, args[argIndex++], precision, plus, space);
            if (width is int w && text.Length < w)
            {
                text = minus ? text.PadRight(w) : zero && verb != 's' && verb != 'q' && verb != 'v' ? PadZero(text, w) : text.PadLeft(w);
            }

            output.Append(text);
        }

        if (argIndex < args.Count)
        {
            output.Append("%!(EXTRA ");
            output.Append(string.Join(", ", args.Skip(argIndex).Select(a => TemplateValues.TypeName(a) + "=" + TemplateValues.Print(a))));
            output.Append(')');
        }

        return output.ToString();
    }

    public static string Sprint(IReadOnlyList<object?> args)
    {
        var output = new StringBuilder();
        for (var i = 0; i < args.Count; i++)
        {
            if (i > 0 && args[i] is not string && args[i - 1] is not string)
            {
                output.Append(' ');
            }

            TemplateValues.Print(output, args[i]);
        }

        return output.ToString();
    }

    public static string Sprintln(IReadOnlyList<object?> args) =>
        string.Join(' ', args.Select(TemplateValues.Print)) + "\n";

    private static int? ReadNumber(string format, ref int i)
    {
        var start = i;
        while (i < format.Length && char.IsAsciiDigit(format[i]))
        {
            i++;
        }

        return i > start ? int.Parse(format.AsSpan(start, i - start), CultureInfo.InvariantCulture) : null;
    }

    private static string PadZero(string text, int width)
    {
        var sign = text.Length > 0 && text[0] is '-' or '+' ? text[..1] : string.Empty;
        return sign + text[sign.Length..].PadLeft(width - sign.Length, '0');
    }

    private static string FormatOne(char verb, object? arg, int? precision, bool plus, bool space)
    {
        string Signed(string s, bool negative) => negative ? s : plus ? "+" + s : space ? " " + s : s;
        switch (verb)
        {
            case 'v':
                return TemplateValues.Print(arg);
            case 's':
                if (arg is bool || TemplateValues.IsNumber(arg))
                {
                    return BadVerb(verb, arg);
                }

                var s = arg is string str ? str : TemplateValues.Print(arg);
                return precision is int p && p < s.Length ? s[..p] : s;
            case 'q':
                return arg is string q ? Quote(q) : BadVerb(verb, arg);
            case 'd':
                return arg is long or int ? Signed(Convert.ToInt64(arg, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture), Convert.ToInt64(arg, CultureInfo.InvariantCulture) < 0) : BadVerb(verb, arg);
            case 'f' or 'F' or 'e' or 'g':
                if (arg is not double d)
                {
                    return BadVerb(verb, arg);
                }

                var formatted = verb switch
                {
                    'e' => d.ToString("0." + new string('0', precision ?? 6) + "e+00", CultureInfo.InvariantCulture),
                    'g' => precision is int gp ? d.ToString("G" + gp, CultureInfo.InvariantCulture) : TemplateValues.FormatDouble(d),
                    _ => d.ToString("F" + (precision ?? 6).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
                };
                return Signed(formatted, d < 0);
            case 'x' or 'X':
                var hex = arg switch
                {
                    long or int => Convert.ToInt64(arg, CultureInfo.InvariantCulture).ToString("x", CultureInfo.InvariantCulture),
                    string hs => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(hs)),
                    _ => null,
                };
                return hex is null ? BadVerb(verb, arg) : verb == 'X' ? hex.ToUpperInvariant() : hex;
            case 't':
                return arg is bool b ? (b ? "true" : "false") : BadVerb(verb, arg);
            case 'c':
                return arg is long or int ? char.ConvertFromUtf32((int)Convert.ToInt64(arg, CultureInfo.InvariantCulture)) : BadVerb(verb, arg);
            default:
                return BadVerb(verb, arg);
        }
    }

    private static string BadVerb(char verb, object? arg) =>
        "%!" + verb + "(" + TemplateValues.TypeName(arg) + "=" + TemplateValues.Print(arg) + ")";

    internal static string Quote(string s)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in s)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when c < ' ' => string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"),
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }
}
