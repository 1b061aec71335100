using Strongroom.Sdk;

namespace Strongroom.Core.Routing;

/// <summary>Helpers over <see cref="IStorageView"/>.</summary>
public static class StorageViews
{
    /// <summary>Deletes every key in the view, recursively.</summary>
    public static async ValueTask DeleteAllAsync(IStorageView view, string prefix = "", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(view);
        foreach (var key in await view.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            if (key.EndsWith('/'))
            {
                await DeleteAllAsync(view, prefix + key, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await view.DeleteAsync(prefix + key, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
