namespace Strongroom.Core.Seal;

/// <summary>Result of submitting one unseal key share.</summary>
public enum UnsealOutcome
{
    /// <summary>Share accepted; more are needed.</summary>
    Progress,
    /// <summary>Threshold reached and the barrier is open.</summary>
    Unsealed,
    /// <summary>Threshold reached but the combined key was wrong; progress was reset.</summary>
    WrongKey,
    /// <summary>The share was malformed or a duplicate.</summary>
    InvalidShare,
    NotInitialized,
    AlreadyUnsealed,
}
