using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Strongroom.Sdk;

namespace Strongroom.Engines.Transit;

/// <summary><c>random(/:source)(/:bytes)</c> and <c>hash(/:algorithm)</c>: no key involved.</summary>
internal static class UtilityPaths
{
    private const int MaxRandomBytes = 128 * 1024;

    /// <summary><paramref name="segments"/> are the path segments after "random".</summary>
    public static LogicalResponse Random(JsonObject body, IReadOnlyList<string> segments)
    {
        string? source = null;
        string? bytesText = null;
        foreach (var segment in segments)
        {
            if (segment is "platform" or "seal" or "all" && source is null && bytesText is null)
            {
                source = segment;
            }
            else if (bytesText is null)
            {
                bytesText = segment;
            }
            else
            {
                return LogicalResponse.Error(ErrorCode.NotFound, "unsupported path");
            }
        }

        long count;
        if (bytesText is not null)
        {
            if (!long.TryParse(bytesText, NumberStyles.None, CultureInfo.InvariantCulture, out count))
            {
                return LogicalResponse.BadRequest("error parsing url-set byte count: not a number");
            }
        }
        else
        {
            count = body.GetInt("bytes") ?? 32;
        }

        source ??= body.GetString("source") ?? "platform";
        if (source is not ("platform" or "seal" or "all"))
        {
            return LogicalResponse.BadRequest($"unsupported entropy source {source}");
        }

        if (count < 1)
        {
            return LogicalResponse.BadRequest("bytes must be greater than 0");
        }

        if (count > MaxRandomBytes)
        {
            return LogicalResponse.BadRequest($"bytes cannot be more than {MaxRandomBytes}");
        }

        var format = body.GetString("format") ?? "base64";
        if (format is not ("base64" or "hex"))
        {
            return LogicalResponse.BadRequest($"unsupported encoding format {format}; must be \"base64\" or \"hex\"");
        }

        var random = RandomNumberGenerator.GetBytes((int)count);
        try
        {
            return LogicalResponse.Ok(new JsonObject { ["random_bytes"] = Encode(random, format) });
        }
        finally
        {
            CryptographicOperations.ZeroMemory(random);
        }
    }

    public static LogicalResponse Hash(JsonObject body, string? urlAlgorithm)
    {
        if (body.GetString("input") is not { } inputText)
        {
            return LogicalResponse.BadRequest("missing input");
        }

        var format = body.GetString("format") ?? "hex";
        if (format is not ("base64" or "hex"))
        {
            return LogicalResponse.BadRequest($"unsupported encoding format {format}; must be \"base64\" or \"hex\"");
        }

        var algorithm = TransitHash.Parse(urlAlgorithm ?? body.GetString("algorithm"));
        var input = TransitCrypto.DecodeBase64(inputText, "input");
        return LogicalResponse.Ok(new JsonObject { ["sum"] = Encode(TransitHash.Hash(algorithm, input), format) });
    }

    private static string Encode(byte[] bytes, string format) =>
        format == "hex" ? Convert.ToHexStringLower(bytes) : Convert.ToBase64String(bytes);
}
