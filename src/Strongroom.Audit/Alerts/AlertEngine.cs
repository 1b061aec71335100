using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Strongroom.Audit;

/// <summary>
/// Computes alerts from the audit stream and fans alerts and change events out to sinks (webhook,
/// JSON lines, and an in-memory ring for sys/alerts). Rules see event times, so replaying a log
/// (`audit analyze`) gives the same alerts as live operation. Nothing here blocks a request.
/// </summary>
public sealed class AlertEngine : IAsyncDisposable
{
    private const int MaxCachedAccessors = 4096;
    private readonly IReadOnlyList<AlertRule> _rules;
    private readonly IReadOnlyList<AlertSubscription> _subscriptions;
    private readonly MemoryAlertSink _recent;
    private readonly AuditHasher _hasher;
    private readonly TimeProvider _time;
    // accessor -> its HMAC, so the hot path does not recompute an HMAC per event (accessors are not secrets).
    private readonly ConcurrentDictionary<string, string> _accessorHashes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TrackedExpiry> _expiries = new(StringComparer.Ordinal);
    private readonly ITimer? _expiryTimer;

    private AlertEngine(AlertSettings settings, IReadOnlyList<AlertRule> rules, IReadOnlyList<AlertSubscription> subscriptions, AlertEngineOptions options)
    {
        _rules = rules;
        _subscriptions = subscriptions;
        _recent = new MemoryAlertSink(settings.RecentCapacity);
        _time = options.Time;
        LeaseLeadTime = settings.LeaseLeadTime;
        TokenLeadTime = settings.TokenLeadTime;
        var salt = options.IdentitySalt ?? RandomNumberGenerator.GetBytes(32);
        _hasher = new AuditHasher(salt);
        if (options.IdentitySalt is null)
        {
            CryptographicOperations.ZeroMemory(salt);
        }

        if (options.ExpiryCheckInterval > TimeSpan.Zero)
        {
            _expiryTimer = _time.CreateTimer(_ => PublishDueExpiries(), null, options.ExpiryCheckInterval, options.ExpiryCheckInterval);
        }
    }

    /// <summary>Every alert as it is raised (offline analysis collects them all).</summary>
    internal event Action<Alert>? Emitted;

    /// <summary>The names of the active rules.</summary>
    public IReadOnlyList<string> RuleNames => [.. _rules.Select(r => r.Name)];

    /// <summary>How long before a lease expires a lease.expiring event is published.</summary>
    public TimeSpan LeaseLeadTime { get; }

    /// <summary>How long before a token expires a token.expiring event is published.</summary>
    public TimeSpan TokenLeadTime { get; }

    /// <summary>
    /// Builds an engine from the server config object (the HCL parsed to JSON): <c>alert</c>,
    /// <c>alert_sink</c> and <c>alert_settings</c> blocks (docs/audit.md). Null config: the defaults.
    /// Returns null with an error on invalid configuration.
    /// </summary>
    public static AlertEngine? Create(JsonObject? config, AlertEngineOptions? options, out string error)
    {
        options ??= new AlertEngineOptions();
        var settings = AlertSettings.TryRead(ConfigReader.Single(config?["alert_settings"]), out error);
        if (settings is null)
        {
            return null;
        }

        var bodies = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        if (settings.Defaults)
        {
            foreach (var (name, body) in ConfigReader.Blocks(JsonNode.Parse(AlertRuleFactory.DefaultsJson)))
            {
                bodies[name] = body;
            }
        }

        foreach (var (name, body) in ConfigReader.Blocks(config?["alert"]))
        {
            bodies[name] = body;
        }

        List<AlertRule> rules = [];
        foreach (var (name, body) in bodies)
        {
            if (!ConfigReader.TryBool(body, "enabled", true, out var enabled))
            {
                error = $"alert \"{name}\": enabled must be a boolean";
                return null;
            }

            if (!enabled)
            {
                continue;
            }

            var rule = AlertRuleFactory.TryCreate(name, body, out error);
            if (rule is null)
            {
                return null;
            }

            rules.Add(rule);
        }

        List<AlertSubscription> subscriptions = [];
        foreach (var (name, body) in ConfigReader.Blocks(config?["alert_sink"]))
        {
            var subscription = AlertSinkFactory.TryCreate(name, body, options, out error);
            if (subscription is null)
            {
                foreach (var created in subscriptions)
                {
                    _ = created.Sink.DisposeAsync().AsTask();
                }

                return null;
            }

            subscriptions.Add(subscription);
        }

        error = "";
        return new AlertEngine(settings, rules, subscriptions, options);
    }

    /// <summary>An engine with the default rules and no sinks but the in-memory ring.</summary>
    public static AlertEngine CreateDefault(AlertEngineOptions? options = null) =>
        Create(null, options, out _) ?? throw new InvalidOperationException("The default alert rules are invalid.");

    /// <summary>Feeds one audit event (raw values; accessors are HMACed before they reach an alert).</summary>
    public void Observe(AuditEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        AlertActor? who = null;
        List<Alert>? fired = null;
        foreach (var rule in _rules)
        {
            if (!rule.Applies(e))
            {
                continue;
            }

            who ??= Actor(e);
            lock (rule.Gate)
            {
                if (rule.Evaluate(e, who) is { } alert)
                {
                    (fired ??= []).Add(alert with { Id = NewId(alert.Time) });
                }
            }
        }

        foreach (var alert in fired ?? [])
        {
            Emit(alert);
        }
    }

    /// <summary>Publishes a change event to subscribed sinks; seal events also fire the "seal" rule.</summary>
    public void Publish(ChangeEvent change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.Kind is ChangeEvent.Sealed or ChangeEvent.Unsealed)
        {
            foreach (var rule in _rules.Where(r => r.Type == "seal"))
            {
                Emit(new Alert
                {
                    Id = NewId(change.Time),
                    Time = change.Time,
                    Rule = rule.Name,
                    RuleType = rule.Type,
                    Severity = rule.Severity,
                    Summary = $"seal status changed: {change.Kind}",
                    Path = change.Path,
                });
            }
        }

        JsonObject? json = null;
        foreach (var subscription in _subscriptions)
        {
            if (subscription.WantsEvent(change))
            {
                subscription.Sink.Deliver(json?.DeepClone().AsObject() ?? (json = change.ToJson()));
            }
        }
    }

    /// <summary>An alert about Strongroom itself (audit device failed, audit file reopened); always on.</summary>
    public void RaiseSystem(string ruleType, string summary, string path)
    {
        var now = _time.GetUtcNow();
        Emit(new Alert
        {
            Id = NewId(now),
            Time = now,
            Rule = ruleType,
            RuleType = ruleType,
            Severity = ruleType == "audit_device_failed" ? "critical" : "warning",
            Summary = summary,
            Path = path,
        });
    }

    /// <summary>The most recent alerts, newest first (sys/alerts).</summary>
    public IReadOnlyList<Alert> Recent(int limit = 100) => _recent.Recent(limit);

    /// <summary>
    /// Tracks a lease or token so a <see cref="ChangeEvent.LeaseExpiring"/> / <see cref="ChangeEvent.TokenExpiring"/>
    /// event is published once it is within the lead time. <paramref name="id"/> must not be secret (lease id, accessor).
    /// </summary>
    public void TrackExpiry(string kind, string id, string path, DateTimeOffset expiresAt)
    {
        if (kind is not (ChangeEvent.LeaseExpiring or ChangeEvent.TokenExpiring))
        {
            throw new ArgumentException("kind must be lease.expiring or token.expiring", nameof(kind));
        }

        lock (_expiries)
        {
            _expiries[id] = new TrackedExpiry(kind, path, expiresAt);
        }
    }

    public void UntrackExpiry(string id)
    {
        lock (_expiries)
        {
            _expiries.Remove(id);
        }
    }

    /// <summary>Publishes (once each) the tracked expiries now within their lead time; returns how many.</summary>
    public int PublishDueExpiries()
    {
        var now = _time.GetUtcNow();
        List<ChangeEvent> due = [];
        lock (_expiries)
        {
            foreach (var (id, expiry) in _expiries.ToList())
            {
                var lead = expiry.Kind == ChangeEvent.LeaseExpiring ? LeaseLeadTime : TokenLeadTime;
                if (expiry.ExpiresAt - lead <= now)
                {
                    _expiries.Remove(id);
                    var metadata = new Dictionary<string, string>
                    {
                        ["expires_at"] = expiry.ExpiresAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                    };
                    due.Add(new ChangeEvent(expiry.Kind, expiry.Path, now, metadata));
                }
            }
        }

        foreach (var change in due)
        {
            Publish(change);
        }

        return due.Count;
    }

    public async ValueTask DisposeAsync()
    {
        if (_expiryTimer is not null)
        {
            await _expiryTimer.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var subscription in _subscriptions)
        {
            await subscription.Sink.DisposeAsync().ConfigureAwait(false);
        }

        _hasher.Dispose();
    }

    private void Emit(Alert alert)
    {
        _recent.Add(alert);
        Emitted?.Invoke(alert);
        JsonObject? json = null;
        foreach (var subscription in _subscriptions)
        {
            if (subscription.Alerts)
            {
                subscription.Sink.Deliver(json?.DeepClone().AsObject() ?? (json = alert.ToJson()));
            }
        }
    }

    private AlertActor Actor(AuditEvent e)
    {
        var accessor = e.Auth?.Accessor ?? "";
        if (accessor.Length > 0 && !accessor.StartsWith(AuditHasher.Prefix, StringComparison.Ordinal))
        {
            if (!_accessorHashes.TryGetValue(accessor, out var hashed))
            {
                if (_accessorHashes.Count >= MaxCachedAccessors)
                {
                    _accessorHashes.Clear();
                }

                hashed = _accessorHashes[accessor] = _hasher.Hash(accessor);
            }

            accessor = hashed;
        }

        var remote = e.Request.RemoteAddress.Length > 0 ? e.Request.RemoteAddress : e.Auth?.RemoteAddress ?? "";
        return new AlertActor(e.Auth?.EntityId ?? "", accessor, e.Auth?.DisplayName ?? "", remote);
    }

    private static string NewId(DateTimeOffset time) => Guid.CreateVersion7(time).ToString();

    private sealed record TrackedExpiry(string Kind, string Path, DateTimeOffset ExpiresAt);
}
