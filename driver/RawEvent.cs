namespace Sharpdig.Driver;

/// <summary>
/// One event as every source hands it up, in the driver's binary layout: the 26-byte header
/// (ts u64, tid u64, len u32, type u16, nparams u32), then nparams lengths (u16, or u32 for
/// large-payload events), then the parameter bytes. The bytes stay valid until the source's next read.
/// </summary>
public readonly struct RawEvent(byte[] buffer, int offset, int length, ushort cpu, bool largeLengths, long sourceOffset, uint dumpFlags = 0)
{
    public const int HeaderSize = 26;

    public byte[] Buffer { get; } = buffer;
    public int Offset { get; } = offset;
    public int Length { get; } = length;
    public ushort Cpu { get; } = cpu;
    /// <summary>Parameter lengths are 32-bit (EV*_V2_LARGE blocks).</summary>
    public bool LargeLengths { get; } = largeLengths;
    /// <summary>Where the event's block starts in the source (file byte offset), for error messages.</summary>
    public long SourceOffset { get; } = sourceOffset;
    /// <summary>The capture's flags for the event (SCAP_DF_*): <see cref="StateOnly"/> events update state but are not shown.</summary>
    public uint DumpFlags { get; } = dumpFlags;

    /// <summary>SCAP_DF_STATE_ONLY: written only because state needs it (the writer's filter rejected it).</summary>
    public const uint StateOnly = 1;

    public ReadOnlySpan<byte> Bytes => Buffer.AsSpan(Offset, Length);
}
