namespace Strongroom.Core.Pipeline;

/// <summary>No audit devices enabled: every request may proceed.</summary>
public sealed class NullAuditBroker : IAuditBroker
{
    public static readonly NullAuditBroker Instance = new();

    public bool HasDevices => false;

    public ValueTask<bool> LogRequestAsync(RequestContext context, string? failure, CancellationToken cancellationToken) => ValueTask.FromResult(true);

    public ValueTask<bool> LogResponseAsync(RequestContext context, CoreResponse response, CancellationToken cancellationToken) => ValueTask.FromResult(true);
}
