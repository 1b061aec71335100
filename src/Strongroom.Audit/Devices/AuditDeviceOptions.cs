using Strongroom.Sdk;

namespace Strongroom.Audit;

/// <summary>
/// The options of one audit device, parsed from the `sys/audit/:path` "options" map (Vault's names).
/// </summary>
public sealed record AuditDeviceOptions
{
    /// <summary>"file", "socket" or "stdout".</summary>
    public required string Type { get; init; }

    /// <summary>file: the file path; "-" or "stdout" writes to standard output.</summary>
    public string FilePath { get; init; } = "";

    /// <summary>file: permissions of a file the device creates (octal, default 0600; 0000 leaves them alone).</summary>
    public UnixFileMode? Mode { get; init; } = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>socket: "host:port" for tcp/udp, a path for unix.</summary>
    public string Address { get; init; } = "";

    /// <summary>socket: tcp, udp or unix.</summary>
    public string SocketType { get; init; } = "tcp";

    /// <summary>Upper bound on one write; a device that exceeds it counts as failed for that request.</summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(2);

    public bool HmacAccessor { get; init; } = true;

    /// <summary>Writes secret values in plaintext. Off by default; <see cref="AuditBroker.Enable"/> returns a loud warning.</summary>
    public bool LogRaw { get; init; }

    public bool ElideListResponses { get; init; }

    /// <summary>Text written before every JSON line (no newlines).</summary>
    public string Prefix { get; init; } = "";

    /// <summary>The option names this type understands, echoed (without secrets) by sys/audit.</summary>
    public IReadOnlyDictionary<string, string> Raw { get; init; } = new Dictionary<string, string>();

    /// <summary>Parses Vault's option map. Returns null and an error message on bad input.</summary>
    public static AuditDeviceOptions? Parse(string type, IReadOnlyDictionary<string, string> options, out string error)
    {
        ArgumentNullException.ThrowIfNull(options);
        error = "";
        string Get(string name, string fallback = "") => options.TryGetValue(name, out var v) ? v.Trim() : fallback;

        if (!TryBool(Get("hmac_accessor", "true"), out var hmacAccessor)
            || !TryBool(Get("log_raw", "false"), out var logRaw)
            || !TryBool(Get("elide_list_responses", "false"), out var elide))
        {
            error = "hmac_accessor, log_raw and elide_list_responses must be booleans";
            return null;
        }

        var prefix = options.TryGetValue("prefix", out var rawPrefix) ? rawPrefix : "";
        if (prefix.Contains('\n', StringComparison.Ordinal) || prefix.Contains('\r', StringComparison.Ordinal))
        {
            error = "prefix must not contain a newline";
            return null;
        }

        var timeout = TimeSpan.FromSeconds(2);
        var timeoutText = Get("write_timeout");
        if (timeoutText.Length > 0 && (!TryTimeout(timeoutText, out timeout) || timeout <= TimeSpan.Zero))
        {
            error = "write_timeout must be a positive duration";
            return null;
        }

        var result = new AuditDeviceOptions
        {
            Type = type,
            HmacAccessor = hmacAccessor,
            LogRaw = logRaw,
            ElideListResponses = elide,
            Prefix = prefix,
            WriteTimeout = timeout,
            Raw = new Dictionary<string, string>(options, StringComparer.Ordinal),
        };

        switch (type)
        {
            case "file":
                var path = Get("file_path", Get("path"));
                if (path.Length == 0)
                {
                    error = "file_path is required for a file audit device";
                    return null;
                }

                var modeText = Get("mode", "0600");
                if (!TryOctal(modeText, out var mode))
                {
                    error = "mode must be an octal permission such as 0600";
                    return null;
                }

                return result with { FilePath = path, Mode = mode == 0 ? null : (UnixFileMode)mode };
            case "socket":
                var socketType = Get("socket_type", "tcp");
                if (socketType is not ("tcp" or "udp" or "unix"))
                {
                    error = "socket_type must be tcp, udp or unix";
                    return null;
                }

                var address = Get("address");
                if (address.Length == 0)
                {
                    error = "address is required for a socket audit device";
                    return null;
                }

                return result with { Address = address, SocketType = socketType };
            case "stdout":
                return result with { FilePath = "stdout" };
            default:
                error = $"unknown audit device type \"{type}\" (expected file, socket or stdout)";
                return null;
        }
    }

    /// <summary>Durations (seconds or "2s") plus whole milliseconds ("500ms"), which Durations rounds away.</summary>
    private static bool TryTimeout(string text, out TimeSpan value)
    {
        if (text.EndsWith("ms", StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(0, text.Length - 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ms))
        {
            value = TimeSpan.FromMilliseconds(ms);
            return true;
        }

        return Durations.TryParse(text, out value);
    }

    private static bool TryBool(string text, out bool value)
    {
        value = false;
        switch (text.ToUpperInvariant())
        {
            case "TRUE" or "1" or "T":
                value = true;
                return true;
            case "FALSE" or "0" or "F" or "":
                return true;
            default:
                return false;
        }
    }

    private static bool TryOctal(string text, out int value)
    {
        value = 0;
        if (text.Length is 0 or > 4)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is < '0' or > '7')
            {
                return false;
            }

            value = (value * 8) + (c - '0');
        }

        return value <= 0x1FF;
    }
}
