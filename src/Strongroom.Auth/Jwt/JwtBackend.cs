using Strongroom.Sdk;
namespace Strongroom.Auth.Jwt;
internal sealed class JwtBackend(MountContext context) : ILogicalBackend
{
    public MountContext Context { get; } = context;
    public ValueTask<LogicalResponse> HandleAsync(LogicalRequest request, CancellationToken cancellationToken) => ValueTask.FromResult(LogicalResponse.Unsupported());
}
