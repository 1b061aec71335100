using System.Globalization;
using System.Text.Json.Nodes;
using Strongroom.Cli.Commands;
using Strongroom.Cli.Flags;

namespace Strongroom.Cli.Kv;

/// <summary>Base of the kv commands: the -mount flag, mount/version detection and the v2 path prefixes.</summary>
internal abstract class KvCommand : Command
{
    private StringFlag _mount = null!;

    protected sealed override void DefineFlags(FlagSet flags)
    {
        _mount = flags.String("mount", null, "The kv mount (e.g. \"secret\"); the path argument is then relative to it. Without it the mount is the first part of the path.");
        DefineKvFlags(flags);
    }

    protected virtual void DefineKvFlags(FlagSet flags)
    {
    }

    /// <summary>Resolves the logical path of <paramref name="arg"/> and the mount it lives in.</summary>
    protected async Task<(KvMount Mount, string Path)> ResolveAsync(CommandContext context, string arg, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = KvPaths.Combine(_mount.Value, arg);
        if (path.Length == 0)
        {
            throw new CommandUsageException("A path is required");
        }

        context.Action = $"determining the kv mount of {path}";
        var mount = await KvMountResolver.ResolveAsync(context.Client, string.IsNullOrEmpty(_mount.Value) ? path : _mount.Value, cancellationToken)
            .ConfigureAwait(false);
        if (!string.IsNullOrEmpty(_mount.Value) && mount.MountPath.Length == 0)
        {
            mount = mount with { MountPath = _mount.Value.Trim('/') + "/" };
        }

        return (mount, path);
    }

    /// <summary>Refuses kv v1 for commands that exist only in v2.</summary>
    protected static void RequireV2(KvMount mount, string command)
    {
        ArgumentNullException.ThrowIfNull(mount);
        if (!mount.IsV2)
        {
            throw new CommandUsageException($"{command} is not supported on KV Version 1");
        }
    }

    /// <summary>Parses -versions values ("1,2" or repeated) into a JSON array of integers.</summary>
    protected static JsonArray ParseVersions(IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var array = new JsonArray();
        foreach (var value in values)
        {
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
            {
                throw new CommandUsageException($"invalid version \"{value}\": must be a positive integer");
            }

            array.Add(version);
        }

        if (array.Count == 0)
        {
            throw new CommandUsageException("No versions provided, use the \"-versions\" flag");
        }

        return array;
    }
}
