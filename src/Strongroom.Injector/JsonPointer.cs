namespace Strongroom.Injector;

/// <summary>RFC 6901 JSON Pointer helpers for the JSONPatch the injector returns.</summary>
internal static class JsonPointer
{
    /// <summary>Escapes one reference token: <c>~</c> becomes <c>~0</c>, then <c>/</c> becomes <c>~1</c>.</summary>
    public static string Escape(string token) =>
        token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>Joins reference tokens (each escaped) into a pointer.</summary>
    public static string Of(params string[] tokens) => "/" + string.Join('/', tokens.Select(Escape));
}
