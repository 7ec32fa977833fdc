using System.Runtime.ExceptionServices;

namespace Sharpdig.Driver.Capture;

/// <summary>Where one event of a batch lies in the batch's bytes, and what its block said about it.</summary>
struct EventSlot
{
    public EventPlace Place;
    /// <summary>sysdig's read progress (bytes) once the event had been read.</summary>
    public long ReadOffset;
}

/// <summary>
/// A stretch of the capture read ahead: the bytes as read (events stay where they lie, nothing is
/// copied), the events found in them, and what stopped the reading, if anything. The slots hold no
/// references, so filling them costs the reading thread no GC write barriers.
/// </summary>
sealed class EventBatch
{
    const int MaxEvents = 8192;
    public const int DataSize = 512 * 1024;

    /// <summary>The bytes read; events point into it. Grows only for a block bigger than it.</summary>
    // Not zeroed: the reader writes before anything reads them; zeroing the batches cost start-up time for nothing.
    // Pinned: on the large object heap, the batches, the slots and the reader's first buffer passed its first
    // 3 MiB budget, and a full collection ran during start-up (1.5-2 ms); the pinned heap has a budget of its own.
    public byte[] Data { get; set; } = GC.AllocateUninitializedArray<byte>(DataSize, pinned: true);
    public EventSlot[] Slots { get; } = GC.AllocateUninitializedArray<EventSlot>(MaxEvents);
    public int Count { get; set; }
    /// <summary>Why the reading stopped after these events (damage, an I/O error), or null.</summary>
    public ExceptionDispatchInfo? Failure { get; set; }

    public void Clear()
    {
        Count = 0;
        Failure = null;
    }
}
