namespace Sharpdig.State;

/// <summary>
/// The open fds of a process, by number, with sysdig's rules: a one-entry lookup cache, a size cap,
/// replacement in place (references to an entry see the new content) and the "canceled close"
/// slot for an fd re-created while its close is still in flight.
/// </summary>
public sealed class FdTable
{
    /// <summary>sysdig's limit on fds per process; more are not tracked.</summary>
    public const int MaxSize = 4096;
    /// <summary>Where a closing fd's old entry waits when the same number is re-created meanwhile.</summary>
    public const long CanceledFd = long.MaxValue;

    readonly Dictionary<long, FdInfo> fds = new();
    // Low fd numbers, the common case, mirrored in an array so most lookups skip the dictionary.
    const int Low = 64;
    FdInfo?[]? low;   // allocated on the first low fd: threads sharing their process's table never need one
    long lastFd = -1;
    FdInfo? lastInfo;

    public int Count => fds.Count;
    public IEnumerable<KeyValuePair<long, FdInfo>> All => fds;
    /// <summary>The entries, for allocation-free iteration.</summary>
    public Dictionary<long, FdInfo>.Enumerator GetEnumerator() => fds.GetEnumerator();

    public FdInfo? Find(long fd)
    {
        if (fd == lastFd && lastFd != -1) return lastInfo;
        FdInfo? info;
        if ((ulong)fd < Low) info = low?[fd];
        else fds.TryGetValue(fd, out info);
        if (info == null) return null;
        lastFd = fd;
        lastInfo = info;
        return info;
    }

    /// <summary>Adds (a copy of) <paramref name="info"/> as <paramref name="fd"/>; returns the stored entry, or null when the table is full.</summary>
    public FdInfo? Add(long fd, FdInfo info)
    {
        if (!fds.TryGetValue(fd, out var existing))
        {
            if (fds.Count >= MaxSize) return null;
            lastFd = -1;
            var stored = info.Clone();
            Store(fd, stored);
            return stored;
        }
        if ((existing.Flags & FdFlags.CloseInProgress) != 0)
        {
            info.Flags = (info.Flags & ~FdFlags.CloseInProgress) | FdFlags.CloseCanceled;
            if (fds.TryGetValue(CanceledFd, out var canceled)) canceled.CopyFrom(existing);
            else Store(CanceledFd, existing.Clone());
        }
        existing.CopyFrom(info);
        return existing;
    }

    void Store(long fd, FdInfo info)
    {
        fds[fd] = info;
        if ((ulong)fd < Low) (low ??= new FdInfo?[Low])[fd] = info;
    }

    public bool Remove(long fd)
    {
        if (fd == lastFd) lastFd = -1;
        if ((ulong)fd < Low && low != null) low[fd] = null;
        return fds.Remove(fd);
    }

    public void Clear()
    {
        fds.Clear();
        if (low != null) Array.Clear(low);
        lastFd = -1;
    }

    public void ResetCache() => lastFd = -1;

    /// <summary>Replaces this table's content with copies of another's, marked as inherited (fork).</summary>
    public void CloneFrom(FdTable other)
    {
        Clear();
        foreach (var (fd, info) in other.fds)
        {
            var copy = info.Clone();
            copy.Flags |= FdFlags.Cloned;
            Store(fd, copy);
        }
    }
}
