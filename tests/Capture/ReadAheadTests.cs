using System.Buffers.Binary;
using Sharpdig.Driver;
using Sharpdig.Driver.Capture;
using Sharpdig.Driver.Snapshot;

namespace Sharpdig.Tests.Capture;

/// <summary>
/// The read-ahead reads the file in stretches and leaves events where they were read: events that
/// straddle two stretches, and one bigger than a stretch, must come out whole and in order.
/// Needs no shared capture: the file is written here.
/// </summary>
public sealed class ReadAheadTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("sharpdig-readahead").FullName;

    public void Dispose() => Directory.Delete(dir, true);

    /// <summary>A generic enter event (syscall id, native id) or, for <paramref name="payload"/> > 0, a large-lengths write exit carrying that many bytes.</summary>
    static RawEvent MakeEvent(int n, int payload)
    {
        bool large = payload > 0;
        ushort type = large ? (ushort)7 : (ushort)0;   // write exit (res, data); generic enter (id, native id)
        byte[][] ps = large
            ? [BitConverter.GetBytes((long)payload), Enumerable.Range(0, payload).Select(i => (byte)(i + n)).ToArray()]
            : [BitConverter.GetBytes((ushort)(n % 300)), BitConverter.GetBytes((ushort)n)];
        int width = large ? 4 : 2;
        int length = RawEvent.HeaderSize + ps.Length * width + ps.Sum(p => p.Length);
        var bytes = new byte[length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1_000_000_000UL + (ulong)n);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8), 100 + n % 7);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), (uint)length);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(20), type);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(22), (uint)ps.Length);
        int at = RawEvent.HeaderSize, data = at + ps.Length * width;
        foreach (var p in ps)
        {
            if (large) BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), (uint)p.Length);
            else BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at), (ushort)p.Length);
            at += width;
            p.CopyTo(bytes.AsSpan(data));
            data += p.Length;
        }
        return new RawEvent(bytes, 0, length, (ushort)(n % 2), large, 0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EventsAcrossStretchesAndBiggerThanOneComeOutWhole(bool compress)
    {
        var path = Path.Combine(dir, compress ? "many.scap.gz" : "many.scap");
        // Enough events for several batches, with big ones among them: one bigger than a whole stretch.
        var written = new List<byte[]>();
        using (var writer = CaptureWriter.Create(path, compress, new SystemSnapshot()))
        {
            for (int n = 0; n < 60_000; n++)
            {
                int payload = n == 20_000 ? EventBatch.DataSize * 3 / 2 : n % 5000 == 1 ? 70_000 : 0;
                var e = MakeEvent(n, payload);
                written.Add(e.Bytes.ToArray());
                writer.Write(e);
            }
        }
        using var source = CaptureFileSource.Open(path);
        int i = 0;
        while (source.TryNextEvent(out var e))
        {
            Assert.True(i < written.Count, "more events than written");
            Assert.True(written[i].AsSpan().SequenceEqual(e.Bytes), $"event {i} differs");
            Assert.Equal((ushort)(i % 2), e.Cpu);
            i++;
        }
        Assert.Equal(written.Count, i);
    }
}
