namespace Strongroom.Engines.Database;

/// <summary>A dynamic role (<c>database/roles/:name</c>): how a user is created, renewed and dropped.</summary>
internal sealed class RoleEntry
{
    public string DbName { get; set; } = "";

    public List<string> CreationStatements { get; set; } = [];

    public List<string> RevocationStatements { get; set; } = [];

    public List<string> RollbackStatements { get; set; } = [];

    public List<string> RenewStatements { get; set; } = [];

    public long DefaultTtlSeconds { get; set; }

    public long MaxTtlSeconds { get; set; }
}
