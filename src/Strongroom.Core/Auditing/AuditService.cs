using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Strongroom.Audit;
using Strongroom.Core.Pipeline;
using Strongroom.Sdk;

namespace Strongroom.Core.Auditing;

/// <summary>
/// The core's audit broker: audit devices and their salts/chain keys persisted behind the
/// barrier, re-enabled at unseal; every request and response turned into an <see cref="AuditEvent"/>
/// (raw values in, HMACs out, done by the audit library); change events and alerts fed from the
/// same stream. Fail-closed: a request no enabled device can record is refused.
/// </summary>
public sealed class AuditService : IAuditBroker, IAsyncDisposable
{
    private const string DevicesKey = "devices";
    private readonly StrongroomCore _core;
    private readonly IStorageView _storage;
    private readonly JsonObject? _alertConfig;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private AuditBroker? _broker;
    private IDisposable? _sighup;

    public AuditService(StrongroomCore core, IStorageView storage, JsonObject? alertConfig)
    {
        _core = core;
        _storage = storage;
        _alertConfig = alertConfig;
    }

    public bool HasDevices => _broker?.HasDevices == true;

    public AlertEngine? Alerts => _broker?.Alerts;

    public IReadOnlyList<AuditDeviceStatus> Devices => _broker?.Devices ?? [];

    /// <summary>At unseal: builds the alert engine and broker and re-enables every persisted device.</summary>
    public async ValueTask LoadAsync(CancellationToken cancellationToken)
    {
        var salt = await SecretAsync("identity-salt", cancellationToken).ConfigureAwait(false);
        var alerts = AlertEngine.Create(_alertConfig, new AlertEngineOptions { Time = _core.Clock, IdentitySalt = salt }, out var error)
            ?? throw new InvalidOperationException("invalid alert configuration: " + error);
        var broker = new AuditBroker(alerts, _core.Clock);
        foreach (var device in await LoadConfigsAsync(cancellationToken).ConfigureAwait(false))
        {
            var options = AuditDeviceOptions.Parse(device.Type, device.Options, out _);
            if (options is null)
            {
                continue;
            }

            var deviceSalt = await SecretAsync("salt/" + Key(device.Path), cancellationToken).ConfigureAwait(false);
            var chainKey = await SecretAsync("chain/" + Key(device.Path), cancellationToken).ConfigureAwait(false);
            broker.Enable(device.Path, options, deviceSalt, chainKey, device.Description);
            CryptographicOperations.ZeroMemory(deviceSalt);
            CryptographicOperations.ZeroMemory(chainKey);
        }

        _broker = broker;
        _sighup ??= TryRegisterSighup(broker);
        alerts.Publish(new ChangeEvent(ChangeEvent.Unsealed, "sys/unseal", _core.Clock.GetUtcNow()));
    }

    /// <summary>At seal: stops the devices (nothing can be recorded while sealed anyway).</summary>
    public async ValueTask UnloadAsync()
    {
        var broker = _broker;
        _broker = null;
        _sighup?.Dispose();
        _sighup = null;
        if (broker is not null)
        {
            broker.Alerts?.Publish(new ChangeEvent(ChangeEvent.Sealed, "sys/seal", _core.Clock.GetUtcNow()));
            await broker.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask<AuditEnableResult> EnableAsync(AuditDeviceConfig config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        var broker = _broker ?? throw new InvalidOperationException("audit is not loaded");
        var options = AuditDeviceOptions.Parse(config.Type, config.Options, out var error);
        if (options is null)
        {
            return AuditEnableResult.Failed(error);
        }

        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var configs = await LoadConfigsAsync(cancellationToken).ConfigureAwait(false);
            if (configs.Any(c => c.Path == config.Path))
            {
                return AuditEnableResult.Failed($"path already in use: {config.Path}");
            }

            var deviceSalt = await SecretAsync("salt/" + Key(config.Path), cancellationToken).ConfigureAwait(false);
            var chainKey = await SecretAsync("chain/" + Key(config.Path), cancellationToken).ConfigureAwait(false);
            var result = broker.Enable(config.Path, options, deviceSalt, chainKey, config.Description);
            CryptographicOperations.ZeroMemory(deviceSalt);
            CryptographicOperations.ZeroMemory(chainKey);
            if (result.Success)
            {
                configs.Add(config);
                await _storage.PutAsync(DevicesKey, JsonSerializer.SerializeToUtf8Bytes(configs), cancellationToken).ConfigureAwait(false);
            }

            return result;
        }
        finally
        {
            _lock.Release();
        }
    }

    public async ValueTask DisableAsync(string path, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var configs = await LoadConfigsAsync(cancellationToken).ConfigureAwait(false);
            configs.RemoveAll(c => c.Path == path);
            await _storage.PutAsync(DevicesKey, JsonSerializer.SerializeToUtf8Bytes(configs), cancellationToken).ConfigureAwait(false);
            if (_broker is { } broker)
            {
                await broker.DisableAsync(path).ConfigureAwait(false);
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    public async ValueTask<List<AuditDeviceConfig>> LoadConfigsAsync(CancellationToken cancellationToken)
    {
        var bytes = await _storage.GetAsync(DevicesKey, cancellationToken).ConfigureAwait(false);
        return bytes is null ? [] : JsonSerializer.Deserialize<List<AuditDeviceConfig>>(bytes) ?? [];
    }

    public string? Hash(string path, string input) => _broker?.Hash(path, input);

    /// <summary>The chain key of a device, for `strongroom audit verify` (sudo-only endpoint).</summary>
    public async ValueTask<string?> ChainKeyHexAsync(string path, CancellationToken cancellationToken)
    {
        var configs = await LoadConfigsAsync(cancellationToken).ConfigureAwait(false);
        if (configs.All(c => c.Path != path))
        {
            return null;
        }

        var key = await SecretAsync("chain/" + Key(path), cancellationToken).ConfigureAwait(false);
        try
        {
            return Convert.ToHexStringLower(key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    public async ValueTask<bool> LogRequestAsync(RequestContext context, string? failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_broker is not { } broker)
        {
            return true;
        }

        var e = new AuditEvent
        {
            Type = AuditEvent.RequestType,
            Time = _core.Clock.GetUtcNow(),
            Auth = AuthOf(context),
            Request = RequestOf(context),
            Error = failure ?? "",
        };
        return await broker.LogAsync(e, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> LogResponseAsync(RequestContext context, CoreResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(response);
        if (_broker is not { } broker)
        {
            return true;
        }

        var logical = response.Response;
        var status = logical.IsError ? ErrorStatus.For(logical.ErrorCode!.Value) : 200;
        var e = new AuditEvent
        {
            Type = AuditEvent.ResponseType,
            Time = _core.Clock.GetUtcNow(),
            Auth = AuthOf(context),
            Request = RequestOf(context),
            Response = new AuditResponse
            {
                Status = status,
                MountType = context.MountType,
                Data = response.WrapInfo is null ? response.BareJson ?? logical.Data : null,
                Auth = response.Auth,
                WrapInfo = response.WrapInfo,
            },
            Error = logical.IsError ? string.Join("; ", logical.Errors) : "",
        };
        var ok = await broker.LogAsync(e, cancellationToken).ConfigureAwait(false);
        if (!logical.IsError)
        {
            PublishChange(broker, context);
        }

        return ok;
    }

    public async ValueTask DisposeAsync() => await UnloadAsync().ConfigureAwait(false);

    private void PublishChange(AuditBroker broker, RequestContext context)
    {
        var op = context.Operation;
        var write = op is Operation.Create or Operation.Update or Operation.Patch;
        string? kind = null;
        if (context.MountType == "kv" && (write || op == Operation.Delete))
        {
            kind = write ? ChangeEvent.KvWritten : ChangeEvent.KvDeleted;
        }
        else if (context.Path.StartsWith("sys/polic", StringComparison.Ordinal) && (write || op == Operation.Delete))
        {
            kind = ChangeEvent.PolicyChanged;
        }

        if (kind is not null)
        {
            broker.Alerts?.Publish(new ChangeEvent(kind, context.Path, _core.Clock.GetUtcNow(),
                new Dictionary<string, string> { ["operation"] = OperationName(op), ["entity_id"] = context.Token?.EntityId ?? "" }));
        }
    }

    private static AuditAuth? AuthOf(RequestContext context)
    {
        var token = context.Token;
        if (token is null)
        {
            return context.Request.ClientToken is { Length: > 0 } raw
                ? new AuditAuth { ClientToken = raw, RemoteAddress = context.Request.RemoteAddress?.ToString() ?? "" }
                : null;
        }

        return new AuditAuth
        {
            ClientToken = context.Request.ClientToken ?? "",
            Accessor = token.Accessor,
            DisplayName = token.DisplayName,
            Policies = token.Policies,
            TokenPolicies = token.Policies,
            EntityId = token.EntityId,
            Metadata = token.Meta,
            RemoteAddress = context.Request.RemoteAddress?.ToString() ?? "",
        };
    }

    private static AuditRequest RequestOf(RequestContext context) => new()
    {
        Id = context.Request.RequestId,
        Operation = OperationName(context.Operation),
        MountType = context.MountType,
        MountPoint = context.MountPoint,
        MountAccessor = context.MountAccessor,
        Path = context.Path,
        Data = context.Request.Data.Count == 0 ? null : context.Request.Data,
        RemoteAddress = context.Request.RemoteAddress?.ToString() ?? "",
    };

    private static string OperationName(Operation op) => op switch
    {
        Operation.Create => "create",
        Operation.Read => "read",
        Operation.Update => "update",
        Operation.Patch => "patch",
        Operation.Delete => "delete",
        Operation.List => "list",
        _ => "unknown",
    };

    /// <summary>A 32-byte random secret behind the barrier, created on first use.</summary>
    private async ValueTask<byte[]> SecretAsync(string name, CancellationToken cancellationToken)
    {
        var value = await _storage.GetAsync(name, cancellationToken).ConfigureAwait(false);
        if (value is null)
        {
            value = RandomNumberGenerator.GetBytes(32);
            await _storage.PutAsync(name, value, cancellationToken).ConfigureAwait(false);
        }

        return value;
    }

    private static string Key(string path) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(path)));

    private static IDisposable? TryRegisterSighup(AuditBroker broker)
    {
        try
        {
            return broker.RegisterSighupReopen();
        }
        catch (PlatformNotSupportedException)
        {
            return null;
        }
    }
}
