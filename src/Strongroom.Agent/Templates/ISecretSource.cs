namespace Strongroom.Agent.Templates;

/// <summary>
/// What the <c>secret</c> template function asks: a read (no parameters) or a write (k=v parameters),
/// answered as consul-template's Secret: a map with Data, LeaseID, LeaseDuration, Renewable, Warnings, RequestID.
/// </summary>
public interface ISecretSource
{
    ValueTask<IReadOnlyDictionary<string, object?>> GetSecretAsync(string path, IReadOnlyList<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken);
}
