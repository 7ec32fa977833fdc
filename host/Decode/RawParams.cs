using System.Buffers.Binary;
using Sharpdig.Driver;

namespace Sharpdig.Decode;

/// <summary>Reads a parameter out of stored event bytes (a saved enter event) without an <see cref="Event"/>.</summary>
public static class RawParams
{
    public static ReadOnlySpan<byte> Get(ReadOnlySpan<byte> evt, int index)
    {
        if (evt.Length < RawEvent.HeaderSize) return default;
        int n = (int)BinaryPrimitives.ReadUInt32LittleEndian(evt[22..]);
        if ((uint)index >= (uint)n) return default;
        int data = RawEvent.HeaderSize + 2 * n;
        for (int i = 0; i < index; i++) data += BinaryPrimitives.ReadUInt16LittleEndian(evt[(RawEvent.HeaderSize + 2 * i)..]);
        int len = BinaryPrimitives.ReadUInt16LittleEndian(evt[(RawEvent.HeaderSize + 2 * index)..]);
        return data + len <= evt.Length ? evt.Slice(data, len) : default;
    }
}
