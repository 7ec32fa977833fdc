using Sharpdig.Driver;
using Sharpdig.Driver.Capture;
using Sharpdig.Tests.Support;

namespace Sharpdig.Tests.Capture;

/// <summary>
/// sysdig's read progress (sysdig.get_read_progress()): gzoffset() of the zlib handle libscap reads the
/// capture through. Plain files are emulated; the emulation is checked against libz itself.
/// </summary>
public sealed class ReadProgressTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("sharpdig-progress").FullName;

    public void Dispose() => Directory.Delete(dir, true);

    [Fact]
    public void PlainFileBuffersAsZlibDoes()
    {
        var p = new PlainReadProgress(100_000);
        p.Read(8);
        Assert.Equal(8192, p.Offset);            // the first read looks for gzip magic in 8 KiB
        p.ReadFields(8192 - 8);
        Assert.Equal(8192, p.Offset);
        p.Read(1);
        Assert.Equal(8192 + 16384, p.Offset);    // then the buffer is refilled 16 KiB at a time
        p.Read(16383);
        p.Read(20_000);
        Assert.Equal(8192 + 16384 + 20_000, p.Offset);   // a big read on an empty buffer goes straight to the file
        p.Seek(-8);
        Assert.Equal(8192 + 16384 + 20_000 - 8, p.Offset);
        p.EventBlock(100);
        Assert.Equal(8192 + 16384 + 20_000 - 8 + 16384, p.Offset);
        p.ReadFields(1_000_000);
        Assert.Equal(100_000, p.Offset);         // the end of the file stops it
        p.Read(8);
        Assert.Equal(100_000, p.Offset);
    }

    /// <summary>Random reads and seeks on a plain file: the emulation says what libz's gzoffset() says.</summary>
    [Fact]
    public void PlainEmulationMatchesLibz()
    {
        var path = Path.Combine(dir, "plain");
        var random = new Random(29);
        var bytes = new byte[12_000_000];
        random.NextBytes(bytes);
        bytes[0] = 0x0a;   // no gzip magic
        File.WriteAllBytes(path, bytes);

        using var libz = LibzReadProgress.Open(path);
        Assert.IsType<LibzReadProgress>(libz);
        var emulated = new PlainReadProgress(bytes.Length);
        for (int step = 0; step < 1200; step++)
        {
            foreach (var p in new[] { libz, emulated })
            {
                var r = new Random(step);   // the same calls for both
                switch (step == 0 ? 0 : r.Next(6))
                {
                    case 0: p.Read(r.Next(1, 64)); break;
                    case 1: p.ReadFields(r.Next(1, 40_000)); break;
                    case 2: p.Read(r.Next(3) switch { 0 => 16_383, 1 => 16_384, _ => r.Next(16_000, 40_000) }); break;
                    case 3: p.EventBlock(r.Next(12, 2_000)); break;
                    case 4: p.Seek(r.Next(0, 3_000)); break;
                    case 5: p.Read(8); p.Seek(-8); break;   // as at the first event block
                }
            }
            Assert.Equal(libz.Offset, emulated.Offset);
        }
    }

    /// <summary>Events of shared captures and the progress sysdig 0.29.3 reports for them (bytes, evt.num 1-based).</summary>
    [Theory]
    [InlineData("libs_sample.scap", new long[] { 1, 115440, 132, 115440, 133, 131824, 370, 139584, 477, 139584 })]
    [InlineData("sysdig-inspect_502Error.scap", new long[] { 23, 30200, 174, 30200, 175, 46584, 755, 79352, 22381, 1385388 })]
    [InlineData("falco_ping_sendto.scap", new long[] { 1, 21947, 189, 21947, 190, 23258, 732, 25866, 1526, 28075 })]
    [InlineData("libs_single_ipv6_conn.scap", new long[] { 1, 16093, 3, 16093, 4, 17508, 550, 19590, 1728, 23489 })]
    public void SharedCapturesReportSysdigsProgress(string capture, long[] expected)
    {
        var path = Paths.RequireCapture(capture);
        using var source = CaptureFileSource.Open(path);
        Assert.Equal(new FileInfo(path).Length, source.Progress.Total);
        var want = new Dictionary<long, long>();
        for (int i = 0; i < expected.Length; i += 2) want[expected[i]] = expected[i + 1];
        long n = 0;
        while (source.TryNextEvent(out _))
            if (want.TryGetValue(++n, out long offset))
                Assert.True(offset == source.Progress.Read, $"event {n}: sysdig {offset}, sharpdig {source.Progress.Read}");
        Assert.Equal(expected[^2], n);
        Assert.Equal(source.Progress.Total, source.Progress.Read);   // the whole file once the end is met
    }
}
