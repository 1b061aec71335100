using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Strongroom.Auth.Common;

/// <summary>CIDR parsing and membership in the lenient style of Go's net.ParseCIDR (host bits are masked; a bare IP is a /32 or /128).</summary>
internal static class Cidr
{
    public static bool TryParse(string text, out IPNetwork network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText, out var address))
        {
            return false;
        }

        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = bits;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > bits))
        {
            return false;
        }

        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }

        network = new IPNetwork(new IPAddress(bytes), prefix);
        return true;
    }

    /// <summary>The first entry that is not a valid CIDR block, or null when all are valid.</summary>
    public static string? FirstInvalid(IEnumerable<string> cidrs) => cidrs.FirstOrDefault(c => !TryParse(c, out _));

    /// <summary>True when <paramref name="cidrs"/> is empty or the remote address is inside one of them.</summary>
    public static bool Allows(IReadOnlyCollection<string> cidrs, string? remoteAddress)
    {
        if (cidrs.Count == 0)
        {
            return true;
        }

        if (remoteAddress is null || !IPAddress.TryParse(remoteAddress, out var remote))
        {
            return false;
        }

        if (remote.IsIPv4MappedToIPv6)
        {
            remote = remote.MapToIPv4();
        }

        return cidrs.Any(c => TryParse(c, out var n) && n.Contains(remote));
    }

    /// <summary>True when every block of <paramref name="inner"/> lies inside some block of <paramref name="outer"/> (or outer is empty).</summary>
    public static bool IsSubset(IReadOnlyCollection<string> inner, IReadOnlyCollection<string> outer)
    {
        if (outer.Count == 0)
        {
            return true;
        }

        var outerNets = outer.Select(o => TryParse(o, out var n) ? n : (IPNetwork?)null).OfType<IPNetwork>().ToList();
        return inner.All(i => TryParse(i, out var n)
            && outerNets.Any(o => o.BaseAddress.AddressFamily == n.BaseAddress.AddressFamily
                && n.PrefixLength >= o.PrefixLength
                && o.Contains(n.BaseAddress)));
    }
}
