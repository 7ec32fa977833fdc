using System.Buffers.Binary;
using System.Text;

namespace Sharpdig.Driver.Capture;

/// <summary>Reads little-endian fields from a block, refusing to run past its end.</summary>
ref struct SpanReader(ReadOnlySpan<byte> data, long baseOffset, string what)
{
    readonly ReadOnlySpan<byte> data = data;
    public int Position;

    public readonly int Remaining => data.Length - Position;
    public readonly long FileOffset => baseOffset + Position;

    public ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > Remaining)
            throw new BlockDamage($"{what} entry overruns its block", FileOffset);
        var span = data.Slice(Position, count);
        Position += count;
        return span;
    }

    public byte U8() => Take(1)[0];
    public ushort U16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));
    public uint U32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));
    public ulong U64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));
    public long I64() => (long)U64();

    /// <summary>A u16-length-prefixed string, cut at its first NUL as C readers see it.</summary>
    public string String16(int maxLength)
    {
        var bytes = Bytes16(maxLength);
        int nul = bytes.IndexOf((byte)0);
        return Encoding.UTF8.GetString(nul >= 0 ? bytes[..nul] : bytes);
    }

    /// <summary>A u16-length-prefixed byte string.</summary>
    public ReadOnlySpan<byte> Bytes16(int maxLength)
    {
        long at = FileOffset;
        int length = U16();
        if (length > maxLength)
            throw new BlockDamage($"{what} string length {length} exceeds {maxLength}", at);
        return Take(length);
    }
}

/// <summary>Damage found inside a block; the reader adds the file name.</summary>
sealed class BlockDamage(string problem, long offset) : Exception(problem)
{
    public long Offset { get; } = offset;
}
