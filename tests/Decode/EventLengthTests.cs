using System.Buffers.Binary;
using Sharpdig.Driver;

namespace Sharpdig.Tests.Decode;

/// <summary>
/// The check every source runs before an event is decoded (decoding trusts the lengths): the header, the
/// declared parameter count and the parameter lengths must fit the event's bytes.
/// </summary>
public sealed class EventLengthTests
{
    /// <summary>An event with the given parameter lengths (u16 or u32) and <paramref name="dataBytes"/> bytes after them.</summary>
    static byte[] Event(int[] lengths, int dataBytes, bool large = false)
    {
        int width = large ? 4 : 2;
        var e = new byte[RawEvent.HeaderSize + lengths.Length * width + dataBytes];
        BinaryPrimitives.WriteUInt32LittleEndian(e.AsSpan(16), (uint)e.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(e.AsSpan(22), (uint)lengths.Length);
        for (int i = 0; i < lengths.Length; i++)
        {
            var at = e.AsSpan(RawEvent.HeaderSize + i * width);
            if (large) BinaryPrimitives.WriteUInt32LittleEndian(at, (uint)lengths[i]);
            else BinaryPrimitives.WriteUInt16LittleEndian(at, (ushort)lengths[i]);
        }
        return e;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LengthsThatFitExactlyOrLeaveRoomPass(bool large)
    {
        Assert.Null(RawEvent.LengthProblem(Event([8, 4, 0], 12, large), large, out _));
        Assert.Null(RawEvent.LengthProblem(Event([8, 4], 20, large), large, out _));
        Assert.Null(RawEvent.LengthProblem(Event([], 0, large), large, out _));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LengthsPastTheEndAreReportedAtTheLengths(bool large)
    {
        var problem = RawEvent.LengthProblem(Event([8, 5], 12, large), large, out int at);
        Assert.Equal(RawEvent.HeaderSize, at);
        Assert.Contains("exceed the event length", problem);
    }

    [Fact]
    public void MoreParametersThanFitAreReportedAtTheCount()
    {
        var e = Event([1, 1], 2);
        BinaryPrimitives.WriteUInt32LittleEndian(e.AsSpan(22), 1000);
        var problem = RawEvent.LengthProblem(e, false, out int at);
        Assert.Equal(22, at);
        Assert.Equal($"event declares 1000 parameters, more than fit its length {e.Length}", problem);
        // a count whose lengths would pass the end of a 32-bit offset is caught too
        BinaryPrimitives.WriteUInt32LittleEndian(e.AsSpan(22), uint.MaxValue);
        Assert.NotNull(RawEvent.LengthProblem(e, true, out _));
    }

    [Fact]
    public void AnEventShorterThanItsHeaderIsReported()
    {
        Assert.Contains("shorter than its header", RawEvent.LengthProblem(new byte[RawEvent.HeaderSize - 1], false, out int at));
        Assert.Equal(0, at);
    }

    [Fact]
    public void LargeLengthsAreReadAs32Bits()
    {
        // 0x00010000 as u32 is 65536 bytes: far past the event, though its low 16 bits are 0
        Assert.NotNull(RawEvent.LengthProblem(Event([0x10000], 4, large: true), large: true, out _));
    }
}
