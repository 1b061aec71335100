namespace Strongroom.Scanner.Detection;

/// <summary>Format-specific checks a candidate must pass beyond its regex.</summary>
internal enum SecretValidation
{
    None,

    /// <summary>GitHub tokens: the last 6 characters are the base62 CRC32 of the 30 random ones.</summary>
    GitHubChecksum,

    /// <summary>JWTs: the header segment decodes to a JSON object with an "alg" member.</summary>
    Jwt,
}
