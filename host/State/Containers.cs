namespace Sharpdig.State;

/// <summary>Container identity from a thread's cgroups (docker, cri-o, containerd, podman, lxc...).</summary>
public static class Containers
{
    /// <summary>The 12-character container id a cgroup path names, or "" for the host.</summary>
    public static string IdFromCgroups(List<(string Subsystem, string Path)> cgroups)
    {
        foreach (var (_, path) in cgroups)
            if (IdFromPath(path) is { } id) return id;
        return "";
    }

    static string? IdFromPath(string path)
    {
        // /docker/<64 hex>, /system.slice/docker-<64 hex>.scope, /kubepods/.../<64 hex>, crio-<64 hex>.scope
        foreach (var segment in path.Split('/'))
        {
            var s = segment;
            foreach (var prefix in new[] { "docker-", "crio-", "cri-containerd-", "libpod-" })
                if (s.StartsWith(prefix)) s = s[prefix.Length..];
            if (s.EndsWith(".scope")) s = s[..^6];
            if (s.Length == 64 && s.All(Uri.IsHexDigit)) return s[..12];
        }
        return null;
    }
}
