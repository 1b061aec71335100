using System.Net;

namespace Strongroom.Client;

/// <summary>
/// A Vault-style API error: the HTTP status and the server's <c>errors</c> list.
/// The message never carries the token or the request body, only the method, path and server errors.
/// </summary>
public sealed class VaultApiException : Exception
{
    public VaultApiException()
        : this(HttpMethod.Get, string.Empty, HttpStatusCode.InternalServerError, [])
    {
    }

    public VaultApiException(string message)
        : base(message)
    {
        Method = HttpMethod.Get;
        Path = string.Empty;
        Errors = [];
    }

    public VaultApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Method = HttpMethod.Get;
        Path = string.Empty;
        Errors = [];
    }

    public VaultApiException(HttpMethod method, string path, HttpStatusCode statusCode, IReadOnlyList<string> errors)
        : base(BuildMessage(method, path, statusCode, errors))
    {
        Method = method;
        Path = path;
        StatusCode = statusCode;
        Errors = errors;
    }

    /// <summary>HTTP method of the failed request.</summary>
    public HttpMethod Method { get; }

    /// <summary>API path of the failed request (without /v1/).</summary>
    public string Path { get; }

    /// <summary>HTTP status code returned by the server.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The server's <c>errors</c> array (may be empty).</summary>
    public IReadOnlyList<string> Errors { get; }

    private static string BuildMessage(HttpMethod method, string path, HttpStatusCode statusCode, IReadOnlyList<string> errors)
    {
        var text = $"Error making API request.\n\nURL: {method.Method} /v1/{path}\nCode: {(int)statusCode}.";
        if (errors.Count == 0)
        {
            return text;
        }

        return text + " Errors:\n\n" + string.Join('\n', errors.Select(e => "* " + e));
    }
}
