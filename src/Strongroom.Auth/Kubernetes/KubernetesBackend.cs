using Strongroom.Sdk;
namespace Strongroom.Auth.Kubernetes;
internal sealed class KubernetesBackend(MountContext context) : ILogicalBackend
{
    public MountContext Context { get; } = context;
    public ValueTask<LogicalResponse> HandleAsync(LogicalRequest request, CancellationToken cancellationToken) => ValueTask.FromResult(LogicalResponse.Unsupported());
}
