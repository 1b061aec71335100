using System.Text.RegularExpressions;

namespace Strongroom.Injector;

/// <summary>
/// Validates Kubernetes resource quantities (<c>resource.ParseQuantity</c>'s grammar:
/// a non-negative decimal number followed by a binary suffix Ki..Ei, a decimal suffix n u m k M G T P E,
/// or a decimal exponent e.g. <c>1e3</c>).
/// </summary>
internal static partial class KubernetesQuantity
{
    public static bool IsValid(string value) => value.Length <= 64 && QuantityPattern().IsMatch(value);

    [GeneratedRegex(@"^\+?(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex QuantityPattern();
}
