namespace Strongroom.Agent.Config;

/// <summary>An invalid configuration: the message names the file, the setting and what is wrong (never a secret value).</summary>
public sealed class AgentConfigException : Exception
{
    public AgentConfigException()
    {
    }

    public AgentConfigException(string message)
        : base(message)
    {
    }

    public AgentConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
