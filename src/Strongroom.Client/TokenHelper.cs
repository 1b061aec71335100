namespace Strongroom.Client;

/// <summary>
/// The default token helper: the token lives in <c>~/.strongroom-token</c>, readable by the owner only (0600),
/// like Vault's <c>~/.vault-token</c>.
/// </summary>
public sealed class TokenHelper
{
    /// <summary>File name of the token helper file inside the home directory.</summary>
    public const string FileName = ".strongroom-token";

    public TokenHelper(string homeDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(homeDirectory);
        FilePath = Path.Combine(homeDirectory, FileName);
    }

    public string FilePath { get; }

    /// <summary>Returns the stored token, or null when there is none.</summary>
    public string? Read()
    {
        if (!File.Exists(FilePath))
        {
            return null;
        }

        var text = File.ReadAllText(FilePath).Trim();
        return text.Length == 0 ? null : text;
    }

    /// <summary>Stores the token atomically in a file created with mode 0600.</summary>
    public void Store(string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        var directory = Path.GetDirectoryName(FilePath)!;
        var temp = Path.Combine(directory, $"{FileName}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var writer = new StreamWriter(temp, System.Text.Encoding.UTF8, options))
            {
                writer.Write(token);
            }

            File.Move(temp, FilePath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>Removes the stored token, if any.</summary>
    public void Erase()
    {
        if (File.Exists(FilePath))
        {
            File.Delete(FilePath);
        }
    }
}
