using System.Runtime.InteropServices;

namespace Strongroom.Audit;

/// <summary>
/// The enabled audit devices and the fail-closed rule: <see cref="LogAsync"/> writes an event to
/// every device in parallel, each bounded by its write timeout, and returns false only when
/// devices are enabled and none recorded it (the pipeline then refuses the request). Every event
/// is also fed to the <see cref="AlertEngine"/>, and device failures or reopened files raise alerts.
/// </summary>
public sealed class AuditBroker : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private volatile AuditDeviceWriter[] _writers = [];

    public AuditBroker(AlertEngine? alerts = null, TimeProvider? time = null)
    {
        Alerts = alerts;
        _time = time ?? TimeProvider.System;
    }

    public AlertEngine? Alerts { get; }

    public bool HasDevices => _writers.Length > 0;

    public IReadOnlyList<AuditDeviceStatus> Devices => [.. _writers.Select(w => w.Status())];

    /// <summary>
    /// Enables a device at <paramref name="path"/> (e.g. "file/"). <paramref name="salt"/> keys the
    /// HMAC of secret values and <paramref name="chainKey"/> the tamper-evident chain; both come
    /// from behind the barrier (16+ bytes) and are copied. A file device opens its file now.
    /// </summary>
    public AuditEnableResult Enable(string path, AuditDeviceOptions options, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> chainKey, string description = "")
    {
        ArgumentNullException.ThrowIfNull(options);
        if (_writers.Any(w => w.Path == Normalize(path)))
        {
            return AuditEnableResult.Failed($"path already in use: {Normalize(path)}");
        }

        IAuditDevice device;
        try
        {
            device = options.Type switch
            {
                "file" when options.FilePath is "-" or "stdout" => new StdoutAuditDevice(),
                "file" => new FileAuditDevice(options.FilePath, options.Mode, (reason, file) => OnFileReopened(path, reason, file)),
                "socket" => new SocketAuditDevice(options.SocketType, options.Address),
                "stdout" => new StdoutAuditDevice(),
                _ => throw new ArgumentException("unknown audit device type", nameof(options)),
            };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return AuditEnableResult.Failed($"cannot enable audit device \"{path}\": {AuditDeviceWriter.Describe(ex)}");
        }

        return Enable(path, options, device, salt, chainKey, description);
    }

    /// <summary>Enables an already-built device (tests, custom sinks).</summary>
    public AuditEnableResult Enable(string path, AuditDeviceOptions options, IAuditDevice device, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> chainKey, string description = "")
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(device);
        path = Normalize(path);
        if (salt.Length < 16 || chainKey.Length < 16)
        {
            throw new ArgumentException("Audit salt and chain key must be at least 16 bytes.", nameof(salt));
        }

        var writer = new AuditDeviceWriter(path, description, options, device, salt, chainKey, _time, OnDeviceFailure);
        lock (_gate)
        {
            if (_writers.Any(w => w.Path == path))
            {
                _ = writer.DisposeAsync().AsTask();
                return AuditEnableResult.Failed($"path already in use: {path}");
            }

            _writers = [.. _writers, writer];
        }

        List<string> warnings = [];
        if (options.LogRaw)
        {
            warnings.Add($"WARNING: audit device \"{path}\" has log_raw enabled: secret values, tokens and request bodies are written IN PLAINTEXT. Disable it unless you are debugging.");
        }

        return new AuditEnableResult(true, "", warnings);
    }

    /// <summary>Disables and closes the device at <paramref name="path"/>; false when none was enabled there.</summary>
    public async Task<bool> DisableAsync(string path)
    {
        path = Normalize(path);
        AuditDeviceWriter? removed;
        lock (_gate)
        {
            removed = _writers.FirstOrDefault(w => w.Path == path);
            if (removed is null)
            {
                return false;
            }

            _writers = [.. _writers.Where(w => w != removed)];
        }

        await removed.DisposeAsync().ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Records <paramref name="e"/> on every device. True when at least one device recorded it, or when
    /// no device is enabled; false means the request must be refused (500) before anything changes.
    /// </summary>
    public async Task<bool> LogAsync(AuditEvent e, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(e);
        var writers = _writers;
        var ok = writers.Length == 0;
        if (writers.Length == 1)
        {
            ok = await writers[0].WriteAsync(e, cancellationToken).ConfigureAwait(false) is null;
        }
        else if (writers.Length > 1)
        {
            var results = await Task.WhenAll(writers.Select(w => w.WriteAsync(e, cancellationToken))).ConfigureAwait(false);
            ok = results.Any(r => r is null);
        }

        Alerts?.Observe(e);
        return ok;
    }

    /// <summary>sys/audit-hash: the HMAC the device at <paramref name="devicePath"/> writes for <paramref name="input"/>; null when no such device.</summary>
    public string? Hash(string devicePath, string input)
    {
        var path = Normalize(devicePath);
        return _writers.FirstOrDefault(w => w.Path == path)?.Hash(input);
    }

    /// <summary>Reopens every file device before its next write (log rotation).</summary>
    public void Reopen()
    {
        foreach (var writer in _writers)
        {
            writer.Reopen();
        }
    }

    /// <summary>Calls <see cref="Reopen"/> on SIGHUP until disposed. Not supported on Windows.</summary>
    public IDisposable RegisterSighupReopen() =>
        PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            Reopen();
        });

    public async ValueTask DisposeAsync()
    {
        AuditDeviceWriter[] writers;
        lock (_gate)
        {
            writers = _writers;
            _writers = [];
        }

        foreach (var writer in writers)
        {
            await writer.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string Normalize(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        path = path.Trim('/');
        return path + "/";
    }

    private void OnDeviceFailure(AuditDeviceWriter writer, string reason) =>
        Alerts?.RaiseSystem("audit_device_failed", $"audit device \"{writer.Path}\" failed: {reason}", writer.Path);

    private void OnFileReopened(string path, FileReopenReason reason, string file)
    {
        var what = reason == FileReopenReason.Deleted ? "was deleted or moved away" : "was replaced or rotated";
        Alerts?.RaiseSystem("audit_file_reopened", $"audit file {file} of device \"{Normalize(path)}\" {what}; reopened it", Normalize(path));
    }
}
