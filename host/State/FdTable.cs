namespace Sharpdig.State;

/// <summary>The open fds of a process, by number. A one-entry cache serves the common repeat lookups.</summary>
public sealed class FdTable
{
    readonly Dictionary<long, FdInfo> fds = new();
    long lastFd = -1;
    FdInfo? lastInfo;

    public int Count => fds.Count;
    public IEnumerable<KeyValuePair<long, FdInfo>> All => fds;

    public FdInfo? Get(long fd)
    {
        if (fd == lastFd && lastInfo != null) return lastInfo;
        if (!fds.TryGetValue(fd, out var info)) return null;
        lastFd = fd;
        lastInfo = info;
        return info;
    }

    public void Set(long fd, FdInfo info)
    {
        fds[fd] = info;
        lastFd = fd;
        lastInfo = info;
    }

    public bool Remove(long fd)
    {
        if (fd == lastFd) { lastFd = -1; lastInfo = null; }
        return fds.Remove(fd);
    }

    public void Clear()
    {
        fds.Clear();
        lastFd = -1;
        lastInfo = null;
    }

    /// <summary>Copies every entry (each fd duplicated) from another table, as fork does.</summary>
    public void CopyFrom(FdTable other)
    {
        foreach (var (fd, info) in other.fds) fds[fd] = info.Clone();
    }
}
