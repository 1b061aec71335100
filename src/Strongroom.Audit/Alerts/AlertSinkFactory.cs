using System.Text.Json.Nodes;

namespace Strongroom.Audit;

/// <summary>Builds sinks from <c>alert_sink "name" { type = "webhook" | "file" | "stdout" ... }</c> blocks.</summary>
internal static class AlertSinkFactory
{
    public static AlertSubscription? TryCreate(string name, JsonObject body, AlertEngineOptions options, out string error)
    {
        error = "";
        var type = ConfigReader.String(body, "type", "");
        var kinds = ConfigReader.Strings(body, "events", []);
        var paths = ConfigReader.Strings(body, "event_paths", []);
        if (!ConfigReader.TryBool(body, "alerts", true, out var alerts)
            || !ConfigReader.TryLong(body, "max_attempts", 5, out var attempts)
            || !ConfigReader.TryDuration(body, "backoff", TimeSpan.FromSeconds(1), out var backoff)
            || kinds is null
            || paths is null)
        {
            error = $"alert_sink \"{name}\": alerts must be a boolean, max_attempts a number, backoff a duration, events and event_paths lists";
            return null;
        }

        IAlertSink sink;
        switch (type)
        {
            case "webhook":
                var url = ConfigReader.String(body, "url", "");
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                {
                    error = $"alert_sink \"{name}\": url must be an absolute http(s) URL";
                    return null;
                }

                sink = new WebhookAlertSink(name, uri, (int)Math.Min(attempts, 20), backoff, options.Time, options.HttpClient);
                break;
            case "file" or "stdout":
                var path = type == "stdout" ? "stdout" : ConfigReader.String(body, "path", "");
                if (path.Length == 0)
                {
                    error = $"alert_sink \"{name}\": path is required for a file sink";
                    return null;
                }

                try
                {
                    sink = new JsonLinesAlertSink(name, path);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    error = $"alert_sink \"{name}\": cannot open {path}: {ex.Message}";
                    return null;
                }

                break;
            default:
                error = $"alert_sink \"{name}\": type must be webhook, file or stdout";
                return null;
        }

        return new AlertSubscription(sink, alerts, kinds, paths);
    }
}
