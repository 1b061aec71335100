using System.Runtime.InteropServices;

namespace Strongroom.Agent;

/// <summary>POSIX signal names → numbers (Linux values) and kill(2), for exec's restart_stop_signal.</summary>
internal static partial class ProcessSignals
{
    private static readonly Dictionary<string, int> Numbers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["SIGHUP"] = 1,
        ["SIGINT"] = 2,
        ["SIGQUIT"] = 3,
        ["SIGKILL"] = 9,
        ["SIGUSR1"] = 10,
        ["SIGUSR2"] = 12,
        ["SIGTERM"] = 15,
    };

    public static int? Parse(string name)
    {
        var key = name.StartsWith("SIG", StringComparison.OrdinalIgnoreCase) ? name : "SIG" + name;
        return Numbers.TryGetValue(key, out var n) ? n : null;
    }

    /// <summary>Sends the signal; false when the process is gone or signals are not available (Windows).</summary>
    public static bool Send(int pid, int signal)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        return Kill(pid, signal) == 0;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int sig);
}
