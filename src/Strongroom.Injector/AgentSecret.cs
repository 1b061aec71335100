namespace Strongroom.Injector;

/// <summary>One <c>agent-inject-secret-&lt;name&gt;</c>: what to read and where the rendered file goes.</summary>
/// <param name="Name">The annotation suffix.</param>
/// <param name="Path">The secret path in the vault.</param>
/// <param name="Template">The template contents (Vault's default template when not annotated).</param>
/// <param name="Destination">Absolute file path under <c>/vault/secrets</c>.</param>
/// <param name="Perms">Octal file mode, or null for the injector default.</param>
/// <param name="Command">Command run by the agent after each render, or null.</param>
internal sealed record AgentSecret(string Name, string Path, string Template, string Destination, string? Perms, string? Command);
