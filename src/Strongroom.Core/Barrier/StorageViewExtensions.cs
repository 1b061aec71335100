using Strongroom.Core.Storage;
using Strongroom.Sdk;

namespace Strongroom.Core.Barrier;

/// <summary>Operations the core needs on any <see cref="IStorageView"/>.</summary>
public static class StorageViewExtensions
{
    /// <summary>
    /// Deletes every entry under <paramref name="prefix"/> ("" = everything the view sees, or a
    /// prefix ending with '/'), depth first. Used to drop a mount's or a token's data. Not atomic:
    /// if it fails part-way, calling it again finishes the job. Returns the number of keys deleted.
    /// </summary>
    public static async ValueTask<int> DeletePrefixAsync(this IStorageView view, string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(view);
        PhysicalKeys.ValidateListPrefix(prefix);
        var deleted = 0;
        foreach (var child in await view.ListAsync(prefix, cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (child.EndsWith('/'))
            {
                deleted += await view.DeletePrefixAsync(prefix + child, cancellationToken);
            }
            else
            {
                await view.DeleteAsync(prefix + child, cancellationToken);
                deleted++;
            }
        }

        return deleted;
    }
}
