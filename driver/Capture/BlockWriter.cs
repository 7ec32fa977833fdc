using System.Buffers.Binary;
using System.Text;

namespace Sharpdig.Driver.Capture;

/// <summary>
/// Builds one scap block in memory: header (type, length), body, padding to 4 bytes, trailer (length).
/// Reused for every block, so writing allocates only when a block is larger than any before.
/// </summary>
sealed class BlockWriter
{
    byte[] buffer = new byte[1 << 16];
    int length;

    public ReadOnlySpan<byte> Block => buffer.AsSpan(0, length);
    /// <summary>Bytes of body written so far.</summary>
    public int BodyLength => length - 8;

    public void Begin(uint type)
    {
        length = 8;
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, type);
    }

    /// <summary>Pads the body, writes the trailer and the length in the header.</summary>
    public void End()
    {
        while ((length & 3) != 0) U8(0);
        uint total = (uint)length + 4;
        U32(total);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(4), total);
    }

    Span<byte> Grow(int count)
    {
        if (length + count > buffer.Length)
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + count));
        var span = buffer.AsSpan(length, count);
        length += count;
        return span;
    }

    /// <summary>Reserves a u32 to be filled later (an entry's length); returns its position.</summary>
    public int Reserve32()
    {
        Grow(4);
        return length - 4;
    }

    public void Patch32(int at, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(at), value);
    public int Position => length;

    public void U8(byte v) => Grow(1)[0] = v;
    public void U16(ushort v) => BinaryPrimitives.WriteUInt16LittleEndian(Grow(2), v);
    public void U32(uint v) => BinaryPrimitives.WriteUInt32LittleEndian(Grow(4), v);
    public void U64(ulong v) => BinaryPrimitives.WriteUInt64LittleEndian(Grow(8), v);
    public void I64(long v) => U64((ulong)v);
    public void Bytes(ReadOnlySpan<byte> b) => b.CopyTo(Grow(b.Length));
    public void Zeros(int count) => Grow(count).Clear();

    /// <summary>A u16 length then the bytes, without a terminating NUL (scap's string layout).</summary>
    public void Bytes16(ReadOnlySpan<byte> b)
    {
        int n = Math.Min(b.Length, ushort.MaxValue);
        U16((ushort)n);
        Bytes(b[..n]);
    }

    public void String16(string s, int maxLength)
    {
        int full = Encoding.UTF8.GetByteCount(s);
        int n = Math.Min(full, maxLength);
        U16((ushort)n);
        if (n == full) Encoding.UTF8.GetBytes(s, Grow(n));
        else Encoding.UTF8.GetBytes(s).AsSpan(0, n).CopyTo(Grow(n));
    }
}
