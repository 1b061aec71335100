namespace Strongroom.Auth.Common;

/// <summary>Splits a mount-relative request path into segments ("role/web/secret-id/" -> ["role","web","secret-id"]).</summary>
internal static class RequestPath
{
    public static string[] Split(string path) =>
        path.Trim('/').Split('/', StringSplitOptions.None) is [""] ? [] : path.Trim('/').Split('/');
}
