using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Strongroom.Testing;

/// <summary>
/// A real PostgreSQL cluster in a temp directory on a free loopback port: initdb + pg_ctl from
/// /usr/lib/postgresql/*/bin. initdb refuses root, so when running as root the directory is
/// chowned to the `postgres` user and both tools run as that user (runuser).
/// The superuser is `postgres` with a password generated at run time.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _bin;

    private PostgresServer(string bin, string root, int port, string password)
    {
        _bin = bin;
        Root = root;
        Port = port;
        Password = password;
    }

    public string Root { get; }

    public int Port { get; }

    public string Password { get; }

    public string DataDirectory => Path.Combine(Root, "data");

    /// <summary>Npgsql connection string for the superuser.</summary>
    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Password={Password};Database={database};Pooling=false;Timeout=10";

    /// <summary>The postgres:// URL form for the superuser (for connection_url fields).</summary>
    public string Url(string database = "postgres") => $"postgresql://postgres:{Password}@127.0.0.1:{Port}/{database}";

    public static string? FindBinDirectory()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return null;
        }

        return Directory.GetDirectories(root)
            .Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb")))
            .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
            .FirstOrDefault();
    }

    public static async Task<PostgresServer> StartAsync()
    {
        var bin = FindBinDirectory() ?? throw new InvalidOperationException("PostgreSQL binaries not found under /usr/lib/postgresql (apt-get install -y postgresql)");
        var root = Path.Combine(Path.GetTempPath(), "strongroom-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        var password = "test-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();
        var pwFile = Path.Combine(root, "pwfile");
        await File.WriteAllTextAsync(pwFile, password + "\n");
        var server = new PostgresServer(bin, root, FreePort(), password);
        if (IsRoot)
        {
            Run("chown", "-R", "postgres:postgres", root);
        }

        server.RunTool("initdb", "-D", server.DataDirectory, "-U", "postgres", "--auth=scram-sha-256", "--pwfile=" + pwFile, "-E", "UTF8", "--no-sync");
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts (or restarts after <see cref="StopAsync"/>) the cluster on the same port.</summary>
    public Task StartAgainAsync()
    {
        var options = string.Create(CultureInfo.InvariantCulture,
            $"-p {Port} -k {Root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200");
        RunTool("pg_ctl", "-D", DataDirectory, "-o", options, "-l", Path.Combine(Root, "log"), "-w", "-t", "60", "start");
        return Task.CompletedTask;
    }

    /// <summary>Stops the cluster (fast mode: disconnects clients), as an outage would.</summary>
    public Task StopAsync()
    {
        RunTool("pg_ctl", "-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop");
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            RunTool("pg_ctl", "-D", DataDirectory, "-m", "immediate", "-w", "-t", "30", "stop");
        }
        catch (InvalidOperationException)
        {
            // already stopped
        }

        await Task.Yield();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private void RunTool(string tool, params string[] args)
    {
        var path = Path.Combine(_bin, tool);
        if (IsRoot)
        {
            Run("runuser", ["-u", "postgres", "--", path, .. args]);
        }
        else
        {
            Run(path, args);
        }
    }

    private static void Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{file} did not finish in 120 s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {stdout.Result}{stderr.Result}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
