namespace Sharpdig.State;

/// <summary>All known threads by tid, with a one-entry cache for the common run of events from one thread.</summary>
public sealed class ThreadTable
{
    readonly Dictionary<long, ThreadInfo> threads = new();
    long lastTid = long.MinValue;
    ThreadInfo? lastThread;

    public int Count => threads.Count;
    public IEnumerable<ThreadInfo> All => threads.Values;

    public ThreadInfo? Find(long tid)
    {
        if (tid == lastTid) return lastThread;
        threads.TryGetValue(tid, out var t);
        lastTid = tid;
        lastThread = t;
        return t;
    }

    public void Add(ThreadInfo t)
    {
        t.Table = this;
        threads[t.Tid] = t;
        if (t.Tid == lastTid) lastThread = t;
    }

    public void Remove(long tid)
    {
        if (threads.Remove(tid, out var t)) t.Table = null;
        if (tid == lastTid) lastThread = null;
    }
}
