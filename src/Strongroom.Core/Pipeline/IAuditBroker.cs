namespace Strongroom.Core.Pipeline;

/// <summary>
/// Records every request and response. Fail-closed: when devices are enabled and none can
/// record a request, <see cref="LogRequestAsync"/> returns false and the pipeline refuses it.
/// </summary>
public interface IAuditBroker
{
    /// <summary>True when at least one device is enabled.</summary>
    bool HasDevices { get; }

    ValueTask<bool> LogRequestAsync(RequestContext context, string? failure, CancellationToken cancellationToken);

    ValueTask<bool> LogResponseAsync(RequestContext context, CoreResponse response, CancellationToken cancellationToken);
}
