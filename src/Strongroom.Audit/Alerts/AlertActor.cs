namespace Strongroom.Audit;

/// <summary>Who caused an alert. <see cref="Accessor"/> is always an "hmac-sha256:" value, never a raw accessor.</summary>
public sealed record AlertActor(string EntityId, string Accessor, string DisplayName, string RemoteAddress)
{
    public static readonly AlertActor None = new("", "", "", "");

    /// <summary>The grouping key for "identity": entity, else accessor HMAC, else display name.</summary>
    public string Identity =>
        EntityId.Length > 0 ? "entity:" + EntityId
        : Accessor.Length > 0 ? "accessor:" + Accessor
        : DisplayName.Length > 0 ? "name:" + DisplayName
        : "";
}
