using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Strongroom.Sdk;

namespace Strongroom.Engines.Ai;

/// <summary>
/// The ai secrets engine. Paths: config/pricing, providers/:name (+ /rotate, /keys), roles/:name,
/// creds/:role (virtual keys with leases), keys/:accessor (usage), rotation-report, and
/// gateway/{lease,reserve,settle,failover} called by <c>strongroom gateway</c>. Budgets and rate limits
/// live here, in the active server, so they hold across any number of gateway processes.
/// </summary>
internal sealed partial class AiBackend : ILogicalBackend
{
    internal static readonly string[] Endpoints = ["chat", "completions", "embeddings", "responses", "messages", "models"];

    internal static readonly string[] ProviderTypes = ["openai", "anthropic", "gemini", "azure-openai", "cohere", "mistral", "openai-compatible"];

    private readonly IStorageView _storage;
    private readonly TimeProvider _clock;
    private readonly Func<MountTtls> _ttls;
    private readonly AiLedger _ledger;

    public AiBackend(MountContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _storage = context.Storage;
        _clock = context.Clock;
        _ttls = context.Ttls;
        _ledger = new AiLedger(context.Storage, context.Clock);
    }

    public async ValueTask<LogicalResponse> HandleAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.Path.TrimEnd('/');
        var parts = path.Split('/');
        var write = request.Operation is Operation.Create or Operation.Update;
        try
        {
            return (parts[0], parts.Length, request.Operation) switch
            {
                ("config", 2, _) when parts[1] == "pricing" => await PricingAsync(request, cancellationToken).ConfigureAwait(false),
                ("providers", 1, Operation.List) => await ListAsync("providers/", cancellationToken).ConfigureAwait(false),
                ("providers", 2, _) => await ProviderAsync(request, parts[1], cancellationToken).ConfigureAwait(false),
                ("providers", 3, _) when write && parts[2] == "rotate" => await RotateProviderAsync(request, parts[1], retireOthers: true, cancellationToken).ConfigureAwait(false),
                ("providers", 3, _) when write && parts[2] == "keys" => await RotateProviderAsync(request, parts[1], retireOthers: false, cancellationToken).ConfigureAwait(false),
                ("roles", 1, Operation.List) => await ListAsync("roles/", cancellationToken).ConfigureAwait(false),
                ("roles", 2, _) => await RoleAsync(request, parts[1], cancellationToken).ConfigureAwait(false),
                ("creds", 2, Operation.Read or Operation.Create or Operation.Update) => await IssueKeyAsync(request, parts[1], cancellationToken).ConfigureAwait(false),
                ("keys", 1, Operation.List) => await ListAsync("keys/", cancellationToken).ConfigureAwait(false),
                ("keys", 2, Operation.Read) => await ReadKeyAsync(parts[1], cancellationToken).ConfigureAwait(false),
                ("rotation-report", 1, Operation.Read) => await RotationReportAsync(cancellationToken).ConfigureAwait(false),
                ("gateway", 2, _) when write && parts[1] == "lease" => await LeaseAsync(request, cancellationToken).ConfigureAwait(false),
                ("gateway", 2, _) when write && parts[1] == "reserve" => await ReserveAsync(request, cancellationToken).ConfigureAwait(false),
                ("gateway", 2, _) when write && parts[1] == "settle" => await SettleAsync(request, cancellationToken).ConfigureAwait(false),
                ("gateway", 2, _) when write && parts[1] == "failover" => await FailoverAsync(request, cancellationToken).ConfigureAwait(false),
                _ => LogicalResponse.Error(ErrorCode.NotFound, $"no handler for route \"{request.MountPoint}{path}\""),
            };
        }
        catch (FieldException ex)
        {
            return LogicalResponse.BadRequest(ex.Message);
        }
    }

    public ValueTask<LogicalResponse> RenewAsync(SecretLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return RenewKeyAsync(lease, cancellationToken);
    }

    public ValueTask RevokeAsync(SecretLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return lease.InternalData.GetString("accessor") is { } accessor
            ? _ledger.RevokeAsync(accessor, cancellationToken)
            : ValueTask.CompletedTask;
    }

    private async ValueTask<LogicalResponse> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        var keys = await _storage.ListAsync(prefix, cancellationToken).ConfigureAwait(false);
        return keys.Count == 0
            ? LogicalResponse.NotFound()
            : LogicalResponse.Ok(new JsonObject { ["keys"] = new JsonArray([.. keys.Select(k => (JsonNode)k)]) });
    }

    internal static bool IsValidName(string name) =>
        name.Length is > 0 and <= 128 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && name != "." && name != "..";

    internal static LogicalResponse InvalidName(string what) =>
        LogicalResponse.BadRequest($"invalid {what} name: use letters, digits, '-', '_' and '.'");

    internal async ValueTask<T?> LoadAsync<T>(string key, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        var bytes = await _storage.GetAsync(key, cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : JsonSerializer.Deserialize(bytes, type);
    }

    internal ValueTask SaveAsync<T>(string key, T value, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        _storage.PutAsync(key, JsonSerializer.SerializeToUtf8Bytes(value, type), cancellationToken);

    internal static long Seconds(TimeSpan? span) => span is { } s ? (long)s.TotalSeconds : 0;
}
