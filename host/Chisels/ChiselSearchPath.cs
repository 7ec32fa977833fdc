namespace Sharpdig.Chisels;

/// <summary>
/// Where chisels are looked for, in sysdig's order: the name as given (a path), ./chisels, ~/.chisels,
/// /usr/share/sysdig/chisels, then the directories in SHARPDIG_CHISEL_PATH (and sysdig's own
/// SYSDIG_CHISEL_DIR), ':' or ';' separated. Every directory ends with '/'; the first is "" (as given).
/// </summary>
public sealed class ChiselSearchPath
{
    public const string InstalledDirectory = "/usr/share/sysdig/chisels/";

    public IReadOnlyList<string> Directories { get; }

    public ChiselSearchPath(IEnumerable<string> directories) => Directories = directories.ToArray();

    /// <summary>The search path of this process's environment.</summary>
    public static ChiselSearchPath Default { get; } = new(DefaultDirectories());

    static IEnumerable<string> DefaultDirectories()
    {
        yield return "";
        yield return "./chisels/";
        var home = Environment.GetEnvironmentVariable("HOME");
        if (!string.IsNullOrEmpty(home)) yield return Path.Combine(home, ".chisels") + "/";
        yield return InstalledDirectory;
        foreach (var variable in new[] { "SHARPDIG_CHISEL_PATH", "SYSDIG_CHISEL_DIR" })
            foreach (var dir in (Environment.GetEnvironmentVariable(variable) ?? "").Split(':', ';', StringSplitOptions.RemoveEmptyEntries))
                yield return dir.EndsWith('/') ? dir : dir + "/";
    }

    /// <summary>The directories -cl lists (all but the "as given" entry).</summary>
    public IEnumerable<string> ListedDirectories => Directories.Where(d => d.Length > 0);

    /// <summary>The first directory (in order) holding <paramref name="fileName"/>, joined to it; null when none does.</summary>
    public string? Find(string fileName)
    {
        foreach (var dir in Directories)
        {
            var path = dir + fileName;
            if (File.Exists(path)) return path;
        }
        return null;
    }
}
