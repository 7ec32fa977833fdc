namespace Sharpdig.State;

/// <summary>
/// All known threads by tid, kept as sysdig's thread manager does: a one-entry lookup cache,
/// placeholder threads ("&lt;NA&gt;") for unknown tids, and the main-thread reference counts
/// (<see cref="ThreadInfo.Children"/>) that decide when a process can leave the table.
/// </summary>
public sealed class ThreadTable
{
    /// <summary>sysdig's limit on the table; threads beyond it are not tracked.</summary>
    public const int MaxSize = 131072;

    readonly Dictionary<long, ThreadInfo> threads = new();
    // A direct-mapped cache in front of the dictionary (purely for speed; sysdig's own
    // one-entry cache below is what decides behaviour). It remembers misses too: captures are full of
    // events (procinfo, switches) of threads the table does not have.
    const int CacheMask = 16383;
    readonly ThreadInfo?[] cache = new ThreadInfo?[CacheMask + 1];
    readonly long[] missing = NoMisses();
    long lastTid;
    ThreadInfo? lastThread;

    static long[] NoMisses()
    {
        var a = new long[CacheMask + 1];
        Array.Fill(a, long.MinValue);
        return a;
    }

    public int Count => threads.Count;
    public IEnumerable<ThreadInfo> All => threads.Values;
    /// <summary>The threads, for allocation-free iteration.</summary>
    public Dictionary<long, ThreadInfo>.ValueCollection.Enumerator GetEnumerator() => threads.Values.GetEnumerator();

    /// <summary>Looks a thread up without creating it (and without moving the lookup cache).</summary>
    public ThreadInfo? Find(long tid) => Lookup(tid, lookupOnly: true);

    /// <summary>
    /// Looks a thread up; with <paramref name="create"/>, an unknown tid gets a placeholder thread as
    /// sysdig makes one when /proc cannot tell (always, for captures). Lookups that are not
    /// <paramref name="lookupOnly"/> become the cached "last thread".
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public ThreadInfo? Get(long tid, bool create, bool lookupOnly)
    {
        // Most events are of the thread before: answered here, inlined into the caller.
        if (tid == lastTid && lastThread is { Removed: false } last) return last;
        return Lookup(tid, lookupOnly) ?? (create ? AddPlaceholder(tid, lookupOnly) : null);
    }

    ThreadInfo? AddPlaceholder(long tid, bool lookupOnly)
    {
        if (threads.Count >= MaxSize) return null;
        var placeholder = new ThreadInfo
        {
            Tid = tid, Pid = tid, Ptid = -1, Comm = "<NA>", Exe = "<NA>",
            Uid = uint.MaxValue, Gid = uint.MaxValue, LoginUid = uint.MaxValue,
        };
        foreach (var other in threads.Values)
            if (other.Pid == tid) placeholder.Children++;
        Add(placeholder, fromCapture: false);
        return Lookup(tid, lookupOnly);
    }

    /// <summary>The cache, then the dictionary (<see cref="Get"/> has tried the last thread).</summary>
    ThreadInfo? Lookup(long tid, bool lookupOnly)
    {
        int at = (int)tid & CacheMask;
        var t = cache[at];
        if ((t == null || t.Tid != tid || t.Removed) && (missing[at] == tid || (t = FillCache(tid, at)) == null))
            return null;
        if (!lookupOnly)
        {
            lastTid = tid;
            if (t != lastThread) lastThread = t;   // no GC write barrier when it is the same
        }
        return t;
    }

    /// <summary>Looks in the dictionary and remembers the answer in the cache: the thread, or that it is missing.</summary>
    ThreadInfo? FillCache(long tid, int at)
    {
        if (threads.TryGetValue(tid, out var t)) cache[at] = t;
        else missing[at] = tid;
        return t;
    }

    /// <summary>Adds (or replaces) a thread; false when the table is full. Threads from the capture's process list don't count as children yet.</summary>
    public bool Add(ThreadInfo t, bool fromCapture)
    {
        lastThread = null;
        if (threads.Count >= MaxSize) return false;
        if (!fromCapture) CountAsChild(t);
        t.Table = this;
        t.Removed = false;
        missing[(int)t.Tid & CacheMask] = long.MinValue;
        if (threads.TryGetValue(t.Tid, out var old) && old != t) old.Removed = true;
        threads[t.Tid] = t;
        cache[(int)t.Tid & CacheMask] = t;
        return true;
    }

    /// <summary>A thread (not a process) keeps its main thread in the table.</summary>
    void CountAsChild(ThreadInfo t)
    {
        if ((t.Flags & CloneFlags.Thread) != 0 && Get(t.Pid, create: true, lookupOnly: true) is { } main)
            main.Children++;
    }

    /// <summary>
    /// Removes a thread, unless other threads still reference it as their main thread and the
    /// removal is not forced. A forced removal of such a thread recounts every reference.
    /// </summary>
    public void Remove(long tid, bool force)
    {
        if (!threads.TryGetValue(tid, out var t)) return;
        long children = t.Children;
        if (children != 0 && !force) return;
        if ((t.Flags & CloneFlags.Thread) != 0 && Get(t.Pid, create: false, lookupOnly: true) is { Children: > 0 } main)
            main.Children--;
        lastTid = 0;
        lastThread = null;
        threads.Remove(tid);
        cache[(int)tid & CacheMask] = null;
        t.Removed = true;
        if (children != 0) RecountChildren();
    }

    /// <summary>Recomputes every main thread's reference count from scratch (sinsp's create_child_dependencies).</summary>
    public void RecountChildren()
    {
        lastTid = 0;
        lastThread = null;
        var snapshot = new List<ThreadInfo>(threads.Values);
        foreach (var t in snapshot)
        {
            t.Children = 0;
            t.ForgetMainThread();
            t.Fds?.ResetCache();
        }
        CountAllAsChildren();
    }

    /// <summary>Counts every thread as a child of its main thread (placeholders are created for missing ones).</summary>
    public void CountAllAsChildren()
    {
        var snapshot = new List<ThreadInfo>(threads.Values);
        foreach (var t in snapshot) CountAsChild(t);
    }
}
