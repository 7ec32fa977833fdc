using System.Runtime.ExceptionServices;

namespace Sharpdig.Driver.Capture;

/// <summary>
/// Events read ahead: their bytes copied into one buffer, the read progress after each, and what
/// stopped the reading, if anything.
/// </summary>
sealed class EventBatch
{
    const int MaxEvents = 4096;
    const int DataSize = 256 * 1024;

    byte[] data = new byte[DataSize];
    int used;

    public RawEvent[] Events { get; } = new RawEvent[MaxEvents];
    /// <summary>sysdig's read progress (bytes) once each event had been read.</summary>
    public long[] ReadOffsets { get; } = new long[MaxEvents];
    public int Count { get; private set; }
    /// <summary>Why the reading stopped after these events (damage, an I/O error), or null.</summary>
    public ExceptionDispatchInfo? Failure { get; set; }

    public bool IsFull => Count == MaxEvents || used == data.Length;

    public void Clear()
    {
        Count = 0;
        used = 0;
        Failure = null;
        if (data.Length > DataSize) data = new byte[DataSize];   // grown for one big event: back to normal
    }

    /// <summary>Copies the event in; false when it does not fit (a batch's first event always does).</summary>
    public bool TryAdd(in RawEvent e, long readOffset)
    {
        if (used + e.Length > data.Length)
        {
            if (Count > 0) return false;
            data = new byte[e.Length];
        }
        e.Bytes.CopyTo(data.AsSpan(used));
        ReadOffsets[Count] = readOffset;
        Events[Count++] = new RawEvent(data, used, e.Length, e.Cpu, e.LargeLengths, e.SourceOffset, e.DumpFlags);
        used += e.Length;
        return true;
    }
}
