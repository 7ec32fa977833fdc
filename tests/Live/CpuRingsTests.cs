using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Sharpdig.Driver.Live;

namespace Sharpdig.Tests.Live;

/// <summary>
/// The reading side of the driver's per-cpu rings, over plain memory laid out as the maps are: records
/// come out whole and oldest first across cpus, space is given back, and a bad record stops the capture.
/// Needs no root: nothing is loaded.
/// </summary>
public sealed unsafe class CpuRingsTests : IDisposable
{
    const int Cpus = 2, RingBytes = 4096, MaxRecord = 2 + 65536;
    readonly byte* data = (byte*)NativeMemory.AllocZeroed((nuint)(CpuRings.ValueBytes(RingBytes) * Cpus));
    readonly byte* positions = (byte*)NativeMemory.AllocZeroed((nuint)CpuRings.PositionBytes(Cpus));

    public void Dispose()
    {
        NativeMemory.Free(data);
        NativeMemory.Free(positions);
    }

    CpuRings Rings() => new(data, positions, Cpus, RingBytes);

    ref ulong Head(int cpu) => ref *(ulong*)(positions + 128 * cpu);
    ulong Tail(int cpu) => *(ulong*)(positions + 128 * cpu + 64);

    /// <summary>Adds a record as the driver does: u32 length, u16 cpu, then an event whose timestamp and tid are given and whose body is <paramref name="bodyBytes"/> long.</summary>
    void Put(int cpu, ulong ts, ulong tid, int bodyBytes = 0)
    {
        int length = 2 + 26 + bodyBytes;
        ulong head = Head(cpu);
        var record = new Span<byte>(data + CpuRings.ValueBytes(RingBytes) * cpu + (int)(head & (RingBytes - 1)), 4 + length);
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)length);
        BinaryPrimitives.WriteUInt16LittleEndian(record[4..], (ushort)cpu);
        BinaryPrimitives.WriteUInt64LittleEndian(record[6..], ts);
        BinaryPrimitives.WriteUInt64LittleEndian(record[14..], tid);
        record[32..].Fill((byte)tid);
        Head(cpu) = head + (ulong)((4 + length + 7) & ~7);
    }

    /// <summary>The (timestamp, tid, cpu, body intact) of each record in a drained batch.</summary>
    static List<(ulong Ts, ulong Tid, int Cpu, bool Intact)> Records(byte[] batch, int used)
    {
        var list = new List<(ulong, ulong, int, bool)>();
        for (int at = 0; at < used;)
        {
            int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(batch.AsSpan(at));
            var r = batch.AsSpan(at + 4, length);
            ulong tid = BinaryPrimitives.ReadUInt64LittleEndian(r[10..]);
            list.Add((BinaryPrimitives.ReadUInt64LittleEndian(r[2..]), tid, BinaryPrimitives.ReadUInt16LittleEndian(r),
                r[28..].IndexOfAnyExcept((byte)tid) < 0));
            at += 4 + length;
        }
        return list;
    }

    [Fact]
    public void RecordsOfTheCpusComeOutOldestFirstAndTheirSpaceIsGivenBack()
    {
        using var rings = Rings();
        Put(0, ts: 10, tid: 1);
        Put(0, ts: 30, tid: 3, bodyBytes: 5);
        Put(0, ts: 50, tid: 5);
        Put(1, ts: 20, tid: 2, bodyBytes: 100);
        Put(1, ts: 40, tid: 4);
        var batch = new byte[1 << 20];
        int used = rings.Drain(batch, MaxRecord);
        Assert.Equal([(10UL, 1UL, 0, true), (20, 2, 1, true), (30, 3, 0, true), (40, 4, 1, true), (50, 5, 0, true)], Records(batch, used));
        Assert.Equal(Head(0), Tail(0));
        Assert.Equal(Head(1), Tail(1));
        Assert.Equal(0, rings.Drain(batch, MaxRecord));
    }

    [Fact]
    public void AFullBatchLeavesTheRestForTheNextDrain()
    {
        using var rings = Rings();
        Put(0, ts: 1, tid: 1);
        Put(1, ts: 2, tid: 2);
        // room for one record of the largest size only
        var batch = new byte[4 + MaxRecord + 20];
        int used = rings.Drain(batch, MaxRecord);
        Assert.Equal([(1UL, 1UL, 0, true)], Records(batch, used));
        Assert.Equal(Head(0), Tail(0));
        Assert.Equal(0UL, Tail(1));
        used = rings.Drain(batch, MaxRecord);
        Assert.Equal([(2UL, 2UL, 1, true)], Records(batch, used));
    }

    [Fact]
    public void ARecordRunningPastTheRingsEndIsReadWhole()
    {
        using var rings = Rings();
        var batch = new byte[1 << 20];
        // fill and drain most of the ring, so the next record starts near its end and runs into the slack
        for (ulong i = 0; Head(0) < RingBytes - 200; i++) Put(0, ts: i, tid: 7, bodyBytes: 100);
        rings.Drain(batch, MaxRecord);
        Put(0, ts: 1000, tid: 9, bodyBytes: 400);
        Put(0, ts: 1001, tid: 11);
        int used = rings.Drain(batch, MaxRecord);
        Assert.Equal([(1000UL, 9UL, 0, true), (1001, 11, 0, true)], Records(batch, used));
        Assert.True(Head(0) > RingBytes);
    }

    [Fact]
    public void ARecordLongerThanWhatTheDriverPublishedIsMalformed()
    {
        using var rings = Rings();
        Put(0, ts: 1, tid: 1);
        Head(0) -= 8;   // the head covers only part of the record
        var e = Assert.Throws<LiveCaptureException>(() => rings.Drain(new byte[1 << 20], MaxRecord));
        Assert.Contains("malformed record", e.Message);
    }
}
