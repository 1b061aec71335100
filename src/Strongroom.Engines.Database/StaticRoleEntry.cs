namespace Strongroom.Engines.Database;

/// <summary>
/// A static role (<c>database/static-roles/:name</c>): an existing database account whose name
/// stays and whose password Strongroom rotates every <see cref="RotationPeriodSeconds"/>.
/// </summary>
internal sealed class StaticRoleEntry
{
    public string Username { get; set; } = "";

    public string DbName { get; set; } = "";

    public long RotationPeriodSeconds { get; set; }

    public List<string> RotationStatements { get; set; } = [];

    /// <summary>The current password (behind the barrier; returned only by static-creds).</summary>
    public string Password { get; set; } = "";

    public DateTimeOffset LastVaultRotation { get; set; }

    public DateTimeOffset NextRotation => LastVaultRotation + TimeSpan.FromSeconds(RotationPeriodSeconds);
}
