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
}
