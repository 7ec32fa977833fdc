using System.Buffers.Binary;

namespace Sharpdig.Driver;

/// <summary>
/// Where one event lies in its source's buffer, and what its block said about it: a <see cref="RawEvent"/>
/// without the buffer. Sources hand these out, so passing an event on copies no object reference (a GC write
/// barrier per event); the buffer, which changes rarely, is what <see cref="IEventSource.Next"/> returns.
/// </summary>
public struct EventPlace
{
    public int Offset, Length;
    /// <summary>Where the event's block starts in the source (file byte offset), for error messages.</summary>
    public long SourceOffset;
    /// <summary>The capture's flags for the event (SCAP_DF_*).</summary>
    public uint DumpFlags;
    public ushort Cpu;
    /// <summary>Parameter lengths are 32-bit (EV*_V2_LARGE blocks).</summary>
    public bool LargeLengths;
}

/// <summary>
/// One event as every source hands it up, in the driver's binary layout: the 26-byte header
/// (ts u64, tid u64, len u32, type u16, nparams u32), then nparams lengths (u16, or u32 for
/// large-payload events), then the parameter bytes. The bytes stay valid until the source's next read.
/// </summary>
public readonly struct RawEvent(byte[] buffer, EventPlace place)
{
    public const int HeaderSize = 26;

    public RawEvent(byte[] buffer, int offset, int length, ushort cpu, bool largeLengths, long sourceOffset, uint dumpFlags = 0)
        : this(buffer, new EventPlace
        {
            Offset = offset, Length = length, Cpu = cpu, LargeLengths = largeLengths, SourceOffset = sourceOffset,
            DumpFlags = dumpFlags,
        })
    {
    }

    public byte[] Buffer { get; } = buffer;
    public EventPlace Place { get; } = place;
    public int Offset => Place.Offset;
    public int Length => Place.Length;
    public ushort Cpu => Place.Cpu;
    /// <summary>Parameter lengths are 32-bit (EV*_V2_LARGE blocks).</summary>
    public bool LargeLengths => Place.LargeLengths;
    /// <summary>Where the event's block starts in the source (file byte offset), for error messages.</summary>
    public long SourceOffset => Place.SourceOffset;
    /// <summary>The capture's flags for the event (SCAP_DF_*): <see cref="StateOnly"/> events update state but are not shown.</summary>
    public uint DumpFlags => Place.DumpFlags;

    /// <summary>SCAP_DF_STATE_ONLY: written only because state needs it (the writer's filter rejected it).</summary>
    public const uint StateOnly = 1;

    public ReadOnlySpan<byte> Bytes => Buffer.AsSpan(Offset, Length);

    /// <summary>
    /// Why an event's header and parameter lengths do not fit its length (null when they do), and where in
    /// the event the fault is. Decoding trusts the lengths, so each source checks every event with this.
    /// </summary>
    public static string? LengthProblem(ReadOnlySpan<byte> e, bool large, out int at)
    {
        at = 0;
        if (e.Length < HeaderSize)
            return $"event of {e.Length} bytes is shorter than its header";
        at = HeaderSize - 4;
        uint nparams = BinaryPrimitives.ReadUInt32LittleEndian(e[at..]);
        int width = large ? 4 : 2;
        long data = HeaderSize + (long)nparams * width;
        if (data > e.Length)
            return $"event declares {nparams} parameters, more than fit its length {e.Length}";
        at = HeaderSize;
        long total = data;
        var lengths = e[HeaderSize..(int)data];
        if (large)
            for (int i = 0; i < lengths.Length; i += 4) total += BinaryPrimitives.ReadUInt32LittleEndian(lengths[i..]);
        else
            for (int i = 0; i < lengths.Length; i += 2) total += BinaryPrimitives.ReadUInt16LittleEndian(lengths[i..]);
        return total > e.Length ? $"event parameter lengths ({total} bytes) exceed the event length {e.Length}" : null;
    }
}
