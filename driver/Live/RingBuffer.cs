using System.Runtime.InteropServices;

namespace Sharpdig.Driver.Live;

/// <summary>
/// Reads a BPF ring buffer map straight from its shared memory: no callback per record, and the
/// kernel's space is released once per batch. The layout (consumer page, producer page, data mapped
/// twice so records never wrap) is the kernel's ABI; each record has an 8-byte header whose length
/// word carries a busy bit (still being written) and a discard bit.
/// </summary>
sealed unsafe class RingBuffer : IDisposable
{
    const uint BusyBit = 1u << 31, DiscardBit = 1u << 30;
    const int RecordHeader = 8;

    readonly int fd;
    readonly nint consumerPage, producerArea;
    readonly nuint pageSize, dataSize;
    readonly byte* data;
    readonly ulong mask;

    public RingBuffer(int mapFd, int size)
    {
        fd = mapFd;
        pageSize = (nuint)Environment.SystemPageSize;
        dataSize = (nuint)size;
        mask = (ulong)size - 1;
        consumerPage = LibBpf.Mmap(0, pageSize, LibBpf.ProtRead | LibBpf.ProtWrite, LibBpf.MapShared, fd, 0);
        if (consumerPage == -1)
            throw new LiveCaptureException($"cannot map the ring buffer (errno {Marshal.GetLastPInvokeError()})");
        producerArea = LibBpf.Mmap(0, pageSize + 2 * dataSize, LibBpf.ProtRead, LibBpf.MapShared, fd, (nint)pageSize);
        if (producerArea == -1)
        {
            LibBpf.Munmap(consumerPage, pageSize);
            throw new LiveCaptureException($"cannot map the ring buffer (errno {Marshal.GetLastPInvokeError()})");
        }
        data = (byte*)producerArea + pageSize;
    }

    ulong* ConsumerPosition => (ulong*)consumerPage;
    ulong* ProducerPosition => (ulong*)producerArea;

    /// <summary>
    /// Copies whole records into <paramref name="target"/> (each as a u32 length then its bytes) until it
    /// is nearly full or the ring is empty; returns the bytes used.
    /// </summary>
    public int Drain(byte[] target, int maxRecord)
    {
        ulong consumer = Volatile.Read(ref *ConsumerPosition);
        ulong producer = Volatile.Read(ref *ProducerPosition);
        int used = 0;
        fixed (byte* dst = target)
        {
            while (consumer < producer && used + 4 + maxRecord <= target.Length)
            {
                uint header = Volatile.Read(ref *(uint*)(data + (consumer & mask)));
                if ((header & BusyBit) != 0) break;
                uint length = header & ~(BusyBit | DiscardBit);
                if ((header & DiscardBit) == 0 && length <= maxRecord)
                {
                    *(uint*)(dst + used) = length;
                    Buffer.MemoryCopy(data + (consumer & mask) + RecordHeader, dst + used + 4, length, length);
                    used += 4 + (int)length;
                }
                consumer += (RecordHeader + length + 7) & ~7u;
            }
        }
        Volatile.Write(ref *ConsumerPosition, consumer);
        return used;
    }

    /// <summary>Waits up to <paramref name="timeoutMs"/> for the kernel to signal data.</summary>
    public void Wait(int timeoutMs)
    {
        var p = new LibBpf.PollFd { Fd = fd, Events = LibBpf.PollIn };
        LibBpf.Poll(&p, 1, timeoutMs);
    }

    public void Dispose()
    {
        LibBpf.Munmap(producerArea, pageSize + 2 * dataSize);
        LibBpf.Munmap(consumerPage, pageSize);
    }
}
