namespace Sharpdig.Tests.Support;

/// <summary>Where the repository, the shared captures and the real sysdig are (or that they are missing).</summary>
public static class Paths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "sharpdig.slnx"))) return dir.FullName;
        throw new InvalidOperationException("repository root (sharpdig.slnx) not found above " + AppContext.BaseDirectory);
    }

    /// <summary>../shared beside the repository, or null in a clone of the project alone.</summary>
    public static string? Shared
    {
        get
        {
            var dir = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));
            return Directory.Exists(Path.Combine(dir, "captures")) ? dir : null;
        }
    }

    public static string? Capture(string name) => Shared is { } s && File.Exists(Path.Combine(s, "captures", name)) ? Path.Combine(s, "captures", name) : null;

    public static IEnumerable<string> AllCaptures() =>
        Shared is { } s ? Directory.GetFiles(Path.Combine(s, "captures"), "*.scap").OrderBy(f => f, StringComparer.Ordinal) : [];

    public static string? Sysdig
    {
        get
        {
            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
                if (dir.Length > 0 && File.Exists(Path.Combine(dir, "sysdig"))) return Path.Combine(dir, "sysdig");
            return null;
        }
    }

    /// <summary>The sharpdig executable the Release build publishes.</summary>
    public static string? Sharpdig
    {
        get
        {
            var published = Path.Combine(RepoRoot, "artifacts", "publish", "Sharpdig", "release_linux-x64", "sharpdig");
            return File.Exists(published) ? published : null;
        }
    }

    public static string RequireCapture(string name) =>
        Capture(name) ?? SkipNow($"shared capture {name} not found (../shared/captures is absent in a clone of the project alone)");

    public static string RequireSysdig() =>
        Sysdig ?? SkipNow("real sysdig is not installed (apt-get install -y sysdig)");

    public static string RequireSharpdig() =>
        Sharpdig ?? SkipNow("the Release build of sharpdig is missing (dotnet build -c Release)");

    static string SkipNow(string reason)
    {
        Assert.Skip(reason);
        return "";
    }
}
