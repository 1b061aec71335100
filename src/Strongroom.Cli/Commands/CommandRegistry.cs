namespace Strongroom.Cli.Commands;

/// <summary>All CLI commands by name; a fresh instance per run (flags live on the instance).</summary>
internal static class CommandRegistry
{
    private static readonly Func<Command>[] Factories =
    [
        () => new StatusCommand(),
        () => new VersionCommand(),
        () => new LoginCommand(),
        () => new ReadCommand(),
        () => new WriteCommand(),
        () => new DeleteCommand(),
        () => new ListCommand(),
        () => new PatchCommand(),
        () => new OperatorInitCommand(),
        () => new OperatorUnsealCommand(),
        () => new OperatorSealCommand(),
        () => new OperatorRotateCommand(),
        () => new OperatorKeyStatusCommand(),
        () => new OperatorSnapshotSaveCommand(),
        () => new OperatorSnapshotRestoreCommand(),
        () => new OperatorMigrateCommand(),
        () => new KvPutCommand(),
        () => new KvGetCommand(),
        () => new KvPatchCommand(),
        () => new KvDeleteCommand(),
        () => new KvUndeleteCommand(),
        () => new KvDestroyCommand(),
        () => new KvListCommand(),
        () => new KvRollbackCommand(),
        () => new KvMetadataGetCommand(),
        () => new KvMetadataPutCommand(),
        () => new KvMetadataDeleteCommand(),
        () => new SecretsEnableCommand(),
        () => new SecretsDisableCommand(),
        () => new SecretsListCommand(),
        () => new SecretsTuneCommand(),
        () => new AuthEnableCommand(),
        () => new AuthDisableCommand(),
        () => new AuthListCommand(),
        () => new AuthTuneCommand(),
        () => new AuditEnableCommand(),
        () => new AuditDisableCommand(),
        () => new AuditListCommand(),
        () => new PolicyWriteCommand(),
        () => new PolicyReadCommand(),
        () => new PolicyListCommand(),
        () => new PolicyDeleteCommand(),
        () => new PolicyFmtCommand(),
        () => new TokenCreateCommand(),
        () => new TokenLookupCommand(),
        () => new TokenRenewCommand(),
        () => new TokenRevokeCommand(),
        () => new TokenCapabilitiesCommand(),
        () => new LeaseLookupCommand(),
        () => new LeaseRenewCommand(),
        () => new LeaseRevokeCommand(),
        () => new AlertsListCommand(),
        () => new UnwrapCommand(),
        () => new AiRotateCommand(),
        () => new AiReportCommand(),
    ];

    private static readonly Dictionary<string, string> GroupSynopses = new(StringComparer.Ordinal)
    {
        ["operator"] = "Perform operator-specific tasks (init, unseal, seal, rotate)",
        ["kv"] = "Interact with the kv secrets engine (v1 and v2)",
        ["kv metadata"] = "Interact with kv v2 metadata",
        ["secrets"] = "Enable, disable, list and tune secrets engines",
        ["policy"] = "Write, read, list, delete and format ACL policies",
        ["token"] = "Create, look up, renew and revoke tokens",
        ["lease"] = "Look up, renew and revoke leases",
        ["audit"] = "Enable, disable and list audit devices; verify and analyze audit logs",
        ["alerts"] = "Alerts computed from the audit stream",
        ["auth"] = "Enable, disable, list and tune auth methods",
        ["ai"] = "AI key gateway: rotate provider keys, rotation report",
    };

    private static readonly Lazy<Dictionary<string, Func<Command>>> ByName = new(() =>
        Factories.ToDictionary(f => f().Name, f => f, StringComparer.Ordinal));

    public static IEnumerable<Command> All() => ByName.Value.Values.Select(f => f());

    public static IEnumerable<string> Groups() => GroupSynopses.Keys.Order(StringComparer.Ordinal);

    public static string GroupSynopsis(string group) => GroupSynopses.GetValueOrDefault(group, string.Empty);

    /// <summary>The command named by the longest prefix of <paramref name="args"/> (up to three words).</summary>
    public static (Command? Command, int Consumed) Find(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        for (var words = Math.Min(3, args.Count); words >= 1; words--)
        {
            if (ByName.Value.TryGetValue(string.Join(' ', args.Take(words)), out var factory))
            {
                return (factory(), words);
            }
        }

        return (null, 0);
    }

    /// <summary>The longest command group named by a prefix of <paramref name="args"/>, or null.</summary>
    public static string? GroupPrefix(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        for (var words = Math.Min(2, args.Count); words >= 1; words--)
        {
            var name = string.Join(' ', args.Take(words));
            if (GroupSynopses.ContainsKey(name))
            {
                return name;
            }
        }

        return null;
    }
}
