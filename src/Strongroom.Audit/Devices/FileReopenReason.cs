namespace Strongroom.Audit;

/// <summary>Why a file device reopened its file.</summary>
public enum FileReopenReason
{
    /// <summary>Reopen() was called (SIGHUP).</summary>
    Requested,

    /// <summary>The file at the configured path was deleted while open.</summary>
    Deleted,

    /// <summary>The configured path now names a different file (replaced or rotated away).</summary>
    Replaced,
}
