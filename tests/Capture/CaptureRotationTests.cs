using Sharpdig.Cli;
using Sharpdig.Driver;
using Sharpdig.Driver.Capture;
using Sharpdig.Driver.Snapshot;

namespace Sharpdig.Tests.Capture;

/// <summary>-C/-W/-e: the files sysdig's cycle writer would create, each a complete capture.</summary>
public sealed class CaptureRotationTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("sharpdig-rotation").FullName;

    public void Dispose() => Directory.Delete(dir, true);

    static RawEvent MakeEvent(ulong ts)
    {
        var bytes = new byte[RawEvent.HeaderSize + 2 + 8];
        BitConverter.TryWriteBytes(bytes.AsSpan(0), ts);
        BitConverter.TryWriteBytes(bytes.AsSpan(8), 42L);
        BitConverter.TryWriteBytes(bytes.AsSpan(16), (uint)bytes.Length);
        BitConverter.TryWriteBytes(bytes.AsSpan(20), (ushort)5);     // close exit: res
        BitConverter.TryWriteBytes(bytes.AsSpan(22), 1u);
        BitConverter.TryWriteBytes(bytes.AsSpan(26), (ushort)8);
        return new RawEvent(bytes, 0, bytes.Length, 0, false, 0);
    }

    static long CountEvents(string path)
    {
        using var s = CaptureFileSource.Open(path);
        long n = 0;
        while (s.TryNextEvent(out _)) n++;
        return n;
    }

    [Fact]
    public void EventLimitStartsNumberedFilesAsSysdigDoes()
    {
        var options = new CaptureOptions { WriteFile = Path.Combine(dir, "out.scap"), EventsPerFile = 10 };
        using (var r = new CaptureRotation(options, new SystemSnapshot(), () => new SystemSnapshot()))
            for (int i = 0; i < 25; i++) r.Write(MakeEvent(1_000_000_000UL + (ulong)i), 1_000_000_000UL + (ulong)i);
        // sysdig counts an event before checking, so the first file holds one event fewer
        Assert.Equal(9, CountEvents(Path.Combine(dir, "out.scap0")));
        Assert.Equal(10, CountEvents(Path.Combine(dir, "out.scap1")));
        Assert.Equal(6, CountEvents(Path.Combine(dir, "out.scap2")));
    }

    [Fact]
    public void SizeLimitWithFileCountPadsAndWrapsTheIndex()
    {
        var options = new CaptureOptions { WriteFile = Path.Combine(dir, "ring.scap"), RolloverMb = 1, FileLimit = 3 };
        using (var r = new CaptureRotation(options, new SystemSnapshot(), () => new SystemSnapshot()))
            for (int i = 0; i < 120_000; i++) r.Write(MakeEvent(1_000_000_000UL), 1_000_000_000UL);
        var names = Directory.GetFiles(dir).Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(["ring.scap0", "ring.scap1", "ring.scap2"], names);
        foreach (var f in Directory.GetFiles(dir)) Assert.True(CountEvents(f) > 0);
    }

    [Fact]
    public void TimeLimitAppendsTheIndex()
    {
        var options = new CaptureOptions { WriteFile = Path.Combine(dir, "t.scap"), RotateSeconds = 2 };
        using (var r = new CaptureRotation(options, new SystemSnapshot(), () => new SystemSnapshot()))
            for (ulong s = 0; s < 5; s++) r.Write(MakeEvent((10 + s) * 1_000_000_000UL), (10 + s) * 1_000_000_000UL);
        Assert.Equal(["t.scap0", "t.scap1", "t.scap2"], Directory.GetFiles(dir).Select(Path.GetFileName).Order().ToArray());
    }
}
