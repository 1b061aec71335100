namespace Strongroom.Audit;

/// <summary>What an audit event means for the alert rules. Reads metadata only (paths, operations, errors).</summary>
internal static class AuditEventFacts
{
    private static readonly string[] NonSecretPrefixes = ["sys/", "auth/", "identity/", "cubbyhole/"];

    public static bool IsResponse(AuditEvent e) => e.Type == AuditEvent.ResponseType;

    public static bool Succeeded(AuditEvent e) => e.Error.Length == 0 && (e.Response is null || e.Response.Status < 400);

    public static bool IsPermissionDenied(AuditEvent e) => e.Error.Contains("permission denied", StringComparison.OrdinalIgnoreCase);

    /// <summary>A failed login, or a request with a token the server did not accept.</summary>
    public static bool IsAuthFailure(AuditEvent e)
    {
        if (e.Error.Length == 0)
        {
            return false;
        }

        if (e.Request.Path.StartsWith("auth/", StringComparison.Ordinal))
        {
            return true;
        }

        var anonymous = e.Auth is null || (e.Auth.Policies.Count == 0 && e.Auth.EntityId.Length == 0 && e.Auth.DisplayName.Length == 0);
        return e.Error.Contains("invalid token", StringComparison.OrdinalIgnoreCase)
            || e.Error.Contains("missing client token", StringComparison.OrdinalIgnoreCase)
            || (anonymous && IsPermissionDenied(e));
    }

    /// <summary>A successful read of a secret (not sys/, auth/, identity/ or cubbyhole/).</summary>
    public static bool IsSecretRead(AuditEvent e) =>
        IsResponse(e)
        && Succeeded(e)
        && e.Request.Operation == "read"
        && e.Request.MountType is not ("system" or "token" or "identity")
        && !NonSecretPrefixes.Any(p => e.Request.Path.StartsWith(p, StringComparison.Ordinal));

    public static bool IsWrite(AuditEvent e) => e.Request.Operation is "create" or "update" or "delete" or "patch";

    public static bool IsRootUse(AuditEvent e) =>
        e.Type == AuditEvent.RequestType && e.Auth is not null && e.Auth.Policies.Contains("root");

    public static bool IsSealChange(AuditEvent e) =>
        IsResponse(e) && Succeeded(e) && e.Request.Path is "sys/seal" or "sys/unseal" or "sys/step-down";

    /// <summary>A key that counts one request once even though it has a request and a response entry.</summary>
    public static string RequestKey(AuditEvent e) =>
        e.Request.Id.Length > 0 ? e.Request.Id : $"{e.Time.UtcTicks}:{e.Type}:{e.Request.Path}";
}
