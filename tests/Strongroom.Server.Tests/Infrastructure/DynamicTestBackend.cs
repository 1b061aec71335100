using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Strongroom.Sdk;

namespace Strongroom.Server.Tests.Infrastructure;

/// <summary>
/// A test-only secrets engine that issues leased credentials (like a database engine would) and
/// records revocations, so the expiration manager is tested through the real pipeline.
/// "creds/:name" issues; a credential named "flaky" fails revocation while <see cref="FailRevocations"/> is set.
/// </summary>
public sealed class DynamicTestBackend : ILogicalBackend
{
    public static ConcurrentDictionary<string, bool> Revoked { get; } = new();

    private static volatile bool s_failRevocations;

    public static bool FailRevocations
    {
        get => s_failRevocations;
        set => s_failRevocations = value;
    }

    public ValueTask<LogicalResponse> HandleAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        if (!request.Path.StartsWith("creds/", StringComparison.Ordinal) || request.Operation != Operation.Read)
        {
            return ValueTask.FromResult(LogicalResponse.NotFound());
        }

        var user = request.Path["creds/".Length..] + "-" + Guid.NewGuid().ToString("N")[..8];
        var response = LogicalResponse.Ok(new JsonObject { ["username"] = user, ["password"] = "generated-" + Guid.NewGuid().ToString("N") });
        response.Secret = new SecretLease
        {
            Ttl = TimeSpan.FromMinutes(10),
            MaxTtl = TimeSpan.FromMinutes(30),
            Renewable = true,
            InternalData = new JsonObject { ["username"] = user },
        };
        return ValueTask.FromResult(response);
    }

    public ValueTask<LogicalResponse> RenewAsync(SecretLease lease, CancellationToken cancellationToken)
    {
        var renewed = LogicalResponse.NoContent();
        renewed.Secret = new SecretLease { Ttl = lease.Ttl > TimeSpan.Zero ? lease.Ttl : TimeSpan.FromMinutes(10), Renewable = true, InternalData = lease.InternalData };
        return ValueTask.FromResult(renewed);
    }

    public ValueTask RevokeAsync(SecretLease lease, CancellationToken cancellationToken)
    {
        var user = (string)lease.InternalData["username"]!;
        if (FailRevocations && user.StartsWith("flaky", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("database unreachable");
        }

        Revoked[user] = true;
        return ValueTask.CompletedTask;
    }
}

public sealed class DynamicTestBackendFactory : IBackendFactory
{
    public string Type => "test-dynamic";

    public BackendKind Kind => BackendKind.SecretsEngine;

    public ILogicalBackend Create(MountContext context) => new DynamicTestBackend();
}
