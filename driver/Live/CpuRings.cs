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
    const int Slack = 0x10000 + 4096;

    readonly int cpus;
    readonly byte* data, positions;
    /// <summary>The mapped lengths, to unmap; zero when the memory is not this object's.</summary>
    readonly nuint dataLength, positionsLength;
    readonly nuint ringStride;
    readonly ulong mask;
    readonly ulong[] heads;
    /// <summary>Where this side has read to in each ring: the tail it last gave back, or further in a drain.</summary>
    readonly ulong[] cursors;
    readonly int[] active;

    /// <summary>Rings laid out as the driver's maps lay them out: <paramref name="cpus"/> values of <see cref="ValueBytes"/>, and their positions.</summary>
    internal CpuRings(byte* data, byte* positions, int cpus, int ringBytes, nuint dataLength = 0, nuint positionsLength = 0)
    {
        this.cpus = cpus;
        this.data = data;
        this.positions = positions;
        this.dataLength = dataLength;
        this.positionsLength = positionsLength;
        ringStride = (nuint)ValueBytes(ringBytes);
        mask = (ulong)ringBytes - 1;
        heads = new ulong[cpus];
        cursors = new ulong[cpus];
        active = new int[cpus];
    }

    /// <summary>One cpu's value in the ring map: the ring and the slack after it.</summary>
    public static int ValueBytes(int ringBytes) => ringBytes + Slack;

    /// <summary>The bytes of the positions map's values.</summary>
    public static int PositionBytes(int cpus) => PositionSize * cpus;

    /// <summary>Maps the rings of a loaded driver whose <paramref name="dataMap"/> values hold <paramref name="ringBytes"/>.</summary>
    public static CpuRings Map(nint dataMap, nint positionsMap, int cpus, int ringBytes)
    {
        nuint dataLength = (nuint)ValueBytes(ringBytes) * (nuint)cpus;
        nuint positionsLength = PageAligned((nuint)PositionBytes(cpus));
        nint positions = Map(positionsMap, positionsLength, LibBpf.ProtRead | LibBpf.ProtWrite);
        nint data;
        try
        {
            data = Map(dataMap, dataLength, LibBpf.ProtRead);
        }
        catch
        {
            LibBpf.Munmap(positions, positionsLength);
            throw;
        }
        return new CpuRings((byte*)data, (byte*)positions, cpus, ringBytes, dataLength, positionsLength);
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
    byte* Record(int cpu, ulong position) => data + (nuint)cpu * ringStride + (nuint)(position & mask);

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
        if (dataLength != 0) LibBpf.Munmap((nint)data, dataLength);
        if (positionsLength != 0) LibBpf.Munmap((nint)positions, positionsLength);
    }
}
