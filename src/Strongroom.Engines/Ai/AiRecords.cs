namespace Strongroom.Engines.Ai;

/// <summary>A provider (ai/providers/:name) as stored. Upstream key values never leave the engine except to the gateway.</summary>
internal sealed class AiProvider
{
    public string Type { get; set; } = "openai";

    public string BaseUrl { get; set; } = "";

    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Model globs this provider serves (used to pick a provider when a role has several).</summary>
    public List<string> Models { get; set; } = ["*"];

    public long MaxKeyAgeSeconds { get; set; } = (long)TimeSpan.FromDays(90).TotalSeconds;

    public List<UpstreamKey> Keys { get; set; } = [];
}

/// <summary>One upstream (real) provider key.</summary>
internal sealed class UpstreamKey
{
    public string Id { get; set; } = "";

    public string Value { get; set; } = "";

    public long CreatedUnix { get; set; }

    /// <summary>"active" (used for new requests), "retiring" (kept until in-flight requests finish) or "bad" (rejected upstream).</summary>
    public string State { get; set; } = "active";
}

/// <summary>A role (ai/roles/:name): what a virtual key may do.</summary>
internal sealed class AiRole
{
    public List<string> Providers { get; set; } = [];

    public List<string> AllowedModels { get; set; } = ["*"];

    public List<string> AllowedEndpoints { get; set; } = [];

    public long TtlSeconds { get; set; }

    public long MaxTtlSeconds { get; set; }

    /// <summary>Max tokens (prompt + completion) per virtual key over its life; 0 = unlimited.</summary>
    public long TokenBudget { get; set; }

    /// <summary>Max cost in USD per virtual key; 0 = unlimited.</summary>
    public double CostBudget { get; set; }

    /// <summary>Max tokens per role per UTC day, across all its keys; 0 = unlimited.</summary>
    public long DailyTokenBudget { get; set; }

    public double DailyCostBudget { get; set; }

    public long RequestsPerMinute { get; set; }

    public long TokensPerMinute { get; set; }

    public List<string> AllowedCidrs { get; set; } = [];

    /// <summary>Tokens reserved for the completion when a request declares no max_tokens.</summary>
    public long DefaultMaxTokens { get; set; } = 4096;
}

/// <summary>A virtual key as stored under keys/:accessor (the key itself is stored only as a SHA-256 hash).</summary>
internal sealed class VirtualKeyRecord
{
    public string Accessor { get; set; } = "";

    public string KeyHash { get; set; } = "";

    public string Role { get; set; } = "";

    public string? DisplayName { get; set; }

    public string? EntityId { get; set; }

    public long CreatedUnix { get; set; }

    public long ExpiresUnix { get; set; }

    public long MaxExpiresUnix { get; set; }

    public bool Revoked { get; set; }

    public KeyUsage Usage { get; set; } = new();
}

/// <summary>Usage so far of one key (or of a role on one day).</summary>
internal sealed class KeyUsage
{
    public long Requests { get; set; }

    public long Errors { get; set; }

    public long PromptTokens { get; set; }

    public long CompletionTokens { get; set; }

    public double CostUsd { get; set; }

    public long TotalTokens => PromptTokens + CompletionTokens;
}

/// <summary>A role's usage on one UTC day (usage/:role/:yyyy-MM-dd).</summary>
internal sealed class RoleDayUsage
{
    public string Day { get; set; } = "";

    public KeyUsage Usage { get; set; } = new();
}

/// <summary>The price table (config/pricing): model glob → USD per million tokens.</summary>
internal sealed class PricingTable
{
    public Dictionary<string, ModelPrice> Prices { get; set; } = new(StringComparer.Ordinal);
}

internal sealed class ModelPrice
{
    public double Input { get; set; }

    public double Output { get; set; }
}
