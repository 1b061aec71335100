using System.Text.Json;
using System.Text.Json.Nodes;

namespace Strongroom.Audit;

/// <summary>
/// `strongroom audit verify [-key=@FILE] FILE...` and `strongroom audit analyze [-config=FILE.json]
/// [-format=text|json] FILE...`. Exit codes: 0 clean, 1 tampered, 2 usage or unreadable input.
/// </summary>
public static class AuditCli
{
    public const string ChainKeyVariable = "STRONGROOM_AUDIT_CHAIN_KEY";

    private const string Usage = """
        Usage:
          strongroom audit verify [-key=@KEYFILE] FILE...
              Checks the tamper-evident chain of one or more audit files, oldest first.
              The chain key (hex) comes from -key=@KEYFILE or STRONGROOM_AUDIT_CHAIN_KEY.
          strongroom audit analyze [-config=ALERTS.json] [-format=text|json] FILE...
              Runs the alert rules over existing audit logs (Strongroom or Vault format).
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var rest = args.AsSpan();
        if (rest.Length > 0 && rest[0] == "audit")
        {
            rest = rest[1..];
        }

        if (rest.Length == 0)
        {
            await stderr.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }

        var command = rest[0];
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        List<string> files = [];
        foreach (var arg in rest[1..])
        {
            if (arg.StartsWith('-') && arg.Length > 1)
            {
                var eq = arg.IndexOf('=', StringComparison.Ordinal);
                var name = (eq < 0 ? arg : arg[..eq]).TrimStart('-');
                flags[name] = eq < 0 ? "true" : arg[(eq + 1)..];
            }
            else
            {
                files.Add(arg);
            }
        }

        if (files.Count == 0 || command is not ("verify" or "analyze"))
        {
            await stderr.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }

        var missing = files.FirstOrDefault(f => !File.Exists(f));
        if (missing is not null)
        {
            await stderr.WriteLineAsync($"error: no such file: {missing}").ConfigureAwait(false);
            return 2;
        }

        return command == "verify"
            ? await VerifyAsync(files, flags, stdout, stderr, cancellationToken).ConfigureAwait(false)
            : await AnalyzeAsync(files, flags, stdout, stderr, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> VerifyAsync(List<string> files, Dictionary<string, string> flags, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var key = await ReadKeyAsync(flags, cancellationToken).ConfigureAwait(false);
        if (key is null)
        {
            await stderr.WriteLineAsync($"error: the chain key (hex) is required: -key=@KEYFILE or {ChainKeyVariable}").ConfigureAwait(false);
            return 2;
        }

        try
        {
            var result = AuditVerifier.Verify(files, key);
            foreach (var note in result.Notes)
            {
                await stdout.WriteLineAsync("note: " + note).ConfigureAwait(false);
            }

            await stdout.WriteLineAsync(result.ToString()).ConfigureAwait(false);
            return result.Clean ? 0 : 1;
        }
        catch (IOException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return 2;
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(key);
        }
    }

    private static async Task<int> AnalyzeAsync(List<string> files, Dictionary<string, string> flags, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        JsonObject? config = null;
        if (flags.TryGetValue("config", out var configPath))
        {
            try
            {
                config = JsonNode.Parse(await File.ReadAllTextAsync(configPath, cancellationToken).ConfigureAwait(false)) as JsonObject;
            }
            catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync($"error: cannot read alert config {configPath}: {ex.Message}").ConfigureAwait(false);
                return 2;
            }
        }

        var json = flags.TryGetValue("format", out var format) && format == "json";
        try
        {
            var (alerts, entries, skipped) = await AuditAnalyzer.AnalyzeAsync(files, config, cancellationToken).ConfigureAwait(false);
            foreach (var alert in alerts)
            {
                var text = json
                    ? alert.ToJson().ToJsonString()
                    : $"{alert.Time.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} [{alert.Severity}] {alert.Rule}: {alert.Summary} (who: {Who(alert.Who)}; path: {alert.Path})";
                await stdout.WriteLineAsync(text).ConfigureAwait(false);
            }

            if (!json)
            {
                await stdout.WriteLineAsync($"{alerts.Count} alert(s) from {entries} audit entries ({skipped} unreadable line(s) skipped)").ConfigureAwait(false);
            }

            return 0;
        }
        catch (ArgumentException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return 2;
        }
    }

    private static string Who(AlertActor who)
    {
        var parts = new[]
        {
            who.EntityId.Length > 0 ? "entity " + who.EntityId : "",
            who.DisplayName.Length > 0 ? who.DisplayName : "",
            who.Accessor.Length > 0 ? "accessor " + who.Accessor : "",
            who.RemoteAddress.Length > 0 ? "from " + who.RemoteAddress : "",
        };
        var text = string.Join(", ", parts.Where(p => p.Length > 0));
        return text.Length > 0 ? text : "unknown";
    }

    private static async Task<byte[]?> ReadKeyAsync(Dictionary<string, string> flags, CancellationToken cancellationToken)
    {
        string? hex = null;
        if (flags.TryGetValue("key", out var value))
        {
            if (!value.StartsWith('@'))
            {
                return null;
            }

            try
            {
                hex = await File.ReadAllTextAsync(value[1..], cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }

        hex ??= Environment.GetEnvironmentVariable(ChainKeyVariable);
        if (string.IsNullOrWhiteSpace(hex))
        {
            return null;
        }

        try
        {
            var key = Convert.FromHexString(hex.Trim());
            return key.Length >= 16 ? key : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
