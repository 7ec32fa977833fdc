using System.Runtime.InteropServices;

namespace Sharpdig.Driver.Live;

/// <summary>
/// The driver's rings, one per cpu, read straight from the maps' shared memory. Each record is a u32
/// length, then the u16 cpu and the event; records are 8-byte aligned and never wrap (the ring's
/// memory runs on past its end). The driver moves a ring's head as it adds records; this side moves
/// its tail once per drain, which gives the space back. Events of different cpus are merged by time.
/// </summary>
sealed unsafe class CpuRings : IDisposable
{
    const int PositionSize = 128;        // struct ring_position: head, then tail on its own cache line
    const int TailOffset = 64;
    const int TimestampOffset = 6;       // after the record's length and cpu
    /// <summary>What a record starting near a ring's end may run on into (RING_SLACK in the driver).</summary>
    public const int Slack = 0x10000 + 4096;

    readonly int cpus;
    readonly nint data, positions;
    readonly nuint dataLength, positionsLength, ringStride;
    readonly ulong mask;
    readonly ulong[] heads;
    /// <summary>Where this side has read to in each ring: the tail it last gave back, or further in a drain.</summary>
    readonly ulong[] cursors;
    readonly int[] active;

    /// <summary>The rings of a loaded driver whose <paramref name="dataMap"/> values are <paramref name="ringBytes"/> and the slack.</summary>
    public CpuRings(nint dataMap, nint positionsMap, int cpus, int ringBytes)
    {
        this.cpus = cpus;
        ringStride = (nuint)(ringBytes + Slack);
        mask = (ulong)ringBytes - 1;
        dataLength = ringStride * (nuint)cpus;
        positionsLength = PageAligned((nuint)(PositionSize * cpus));
        positions = Map(positionsMap, positionsLength, LibBpf.ProtRead | LibBpf.ProtWrite);
        try
        {
            data = Map(dataMap, dataLength, LibBpf.ProtRead);
        }
        catch
        {
            LibBpf.Munmap(positions, positionsLength);
            throw;
        }
        heads = new ulong[cpus];
        cursors = new ulong[cpus];
        active = new int[cpus];
    }

    static nuint PageAligned(nuint length)
    {
        nuint page = (nuint)Environment.SystemPageSize;
        return (length + page - 1) / page * page;
    }

    static nint Map(nint map, nuint length, int protection)
    {
        nint at = LibBpf.Mmap(0, length, protection, LibBpf.MapShared, LibBpf.MapFd(map), 0);
        if (at == -1)
            throw new LiveCaptureException($"cannot map the driver's rings (errno {Marshal.GetLastPInvokeError()})");
        return at;
    }

    ulong* Head(int cpu) => (ulong*)(positions + cpu * PositionSize);
    ulong* Tail(int cpu) => (ulong*)(positions + cpu * PositionSize + TailOffset);
    byte* Record(int cpu, ulong position) => (byte*)data + (nuint)cpu * ringStride + (nuint)(position & mask);

    /// <summary>
    /// Copies whole records, oldest event first across the cpus, into <paramref name="target"/> until it
    /// is nearly full or the rings are empty; returns the bytes used.
    /// </summary>
    public int Drain(byte[] target, int maxRecord)
    {
        int activeCount = 0;
        for (int c = 0; c < cpus; c++)
        {
            heads[c] = Volatile.Read(ref *Head(c));
            if (cursors[c] < heads[c]) active[activeCount++] = c;
        }
        int used = 0;
        fixed (byte* dst = target)
        {
            while (activeCount > 0 && used + 4 + maxRecord <= target.Length)
            {
                int pick = 0;
                ulong earliest = ulong.MaxValue;
                for (int i = 0; i < activeCount; i++)
                {
                    int c = active[i];
                    ulong ts = *(ulong*)(Record(c, cursors[c]) + TimestampOffset);
                    if (ts < earliest) (earliest, pick) = (ts, i);
                }
                int cpu = active[pick];
                byte* record = Record(cpu, cursors[cpu]);
                uint length = *(uint*)record;
                ulong advance = (4 + length + 7) & ~7u;
                if (length > maxRecord || advance > heads[cpu] - cursors[cpu])
                    throw new LiveCaptureException($"the eBPF driver sent a malformed record ({length} bytes)");
                Buffer.MemoryCopy(record, dst + used, 4 + length, 4 + length);
                used += 4 + (int)length;
                cursors[cpu] += advance;
                if (cursors[cpu] >= heads[cpu]) active[pick] = active[--activeCount];
            }
        }
        // Only the tails that moved: each write costs the cpu that owns the ring a cache miss.
        for (int c = 0; c < cpus; c++)
            if (Volatile.Read(ref *Tail(c)) != cursors[c]) Volatile.Write(ref *Tail(c), cursors[c]);
        return used;
    }

    public void Dispose()
    {
        LibBpf.Munmap(data, dataLength);
        LibBpf.Munmap(positions, positionsLength);
    }
}
