using System.Globalization;

namespace Strongroom.Agent.Templates;

/// <summary>Go number constants: decimal and 0x/0o/0b integers (underscores allowed), floats.</summary>
internal static class TemplateNumber
{
    public static bool TryParse(string literal, out object value)
    {
        value = 0L;
        var text = literal.Replace("_", string.Empty, StringComparison.Ordinal);
        var negative = text.StartsWith('-');
        var body = text.TrimStart('+', '-');
        if (body.Length == 0)
        {
            return false;
        }

        if (body.Length > 2 && body[0] == '0' && body[1] is 'x' or 'X' or 'o' or 'O' or 'b' or 'B')
        {
            var radix = body[1] switch { 'x' or 'X' => 16, 'o' or 'O' => 8, _ => 2 };
            try
            {
                var n = Convert.ToInt64(body[2..], radix);
                value = negative ? -n : n;
                return true;
            }
            catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
            {
                return false;
            }
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            value = integer;
            return true;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
            && body.All(ch => char.IsAsciiDigit(ch) || ch is '.' or 'e' or 'E' or '+' or '-'))
        {
            value = d;
            return true;
        }

        return false;
    }
}
