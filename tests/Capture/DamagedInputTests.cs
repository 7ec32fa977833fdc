using System.Buffers.Binary;
using System.IO.Compression;
using Sharpdig.Tests.Support;

namespace Sharpdig.Tests.Capture;

/// <summary>
/// Bad input ends with the events read so far printed, one line on stderr naming the file and the byte
/// offset, a non-zero exit status and no stack trace — never a hang or an allocation sized by a bad length.
/// </summary>
public sealed class DamagedInputTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("sharpdig-damage").FullName;

    public void Dispose() => Directory.Delete(dir, true);

    static void AssertCleanFailure(Run.Result r, string file)
    {
        Assert.NotEqual(0, r.ExitCode);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains(Path.GetFileName(file), lines[0]);
        Assert.DoesNotContain("   at ", r.Stderr);
        Assert.DoesNotContain("Exception", r.Stderr);
    }

    [Fact]
    public void MissingFileIsOneLineAndNonZero()
    {
        var sharpdig = Paths.RequireSharpdig();
        var missing = Path.Combine(dir, "nope.scap");
        var r = Run.Program(sharpdig, ["-r", missing]);
        AssertCleanFailure(r, missing);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void FileThatIsNotACaptureIsRejectedAtOffsetZero()
    {
        var sharpdig = Paths.RequireSharpdig();
        var file = Path.Combine(dir, "text.scap");
        File.WriteAllText(file, "this is not a capture\n");
        var r = Run.Program(sharpdig, ["-r", file]);
        AssertCleanFailure(r, file);
        Assert.Contains("byte offset 0", r.Stderr);
    }

    /// <summary>The capture, decompressed, so that offsets in messages are file offsets.</summary>
    byte[] PlainCapture(string name)
    {
        var path = Paths.RequireCapture(name);
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length > 2 && bytes[0] == 0x1f && bytes[1] == 0x8b)
        {
            using var gz = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            var plain = new MemoryStream();
            gz.CopyTo(plain);
            bytes = plain.ToArray();
        }
        return bytes;
    }

    /// <summary>Offsets of every block: (offset, type, length).</summary>
    static List<(int Offset, uint Type, int Length)> Blocks(byte[] data)
    {
        var blocks = new List<(int, uint, int)>();
        for (int off = 0; off + 8 <= data.Length;)
        {
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(off));
            int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(off + 4));
            blocks.Add((off, type, length));
            off += length;
        }
        return blocks;
    }

    static bool IsEventBlock(uint type) => type is 0x204 or 0x216 or 0x208 or 0x217;

    (Run.Result Full, Run.Result Damaged, string File) RunOriginalAndDamaged(string capture, Func<byte[], byte[]> damage)
    {
        var sharpdig = Paths.RequireSharpdig();
        var plain = PlainCapture(capture);
        var good = Path.Combine(dir, "good.scap");
        var bad = Path.Combine(dir, "bad.scap");
        File.WriteAllBytes(good, plain);
        File.WriteAllBytes(bad, damage((byte[])plain.Clone()));
        return (Run.Program(sharpdig, ["-r", good]), Run.Program(sharpdig, ["-r", bad], timeoutSeconds: 30), bad);
    }

    static void AssertPrefixOfFull(Run.Result full, Run.Result damaged)
    {
        Assert.Equal(0, full.ExitCode);
        Assert.NotEqual("", damaged.Stdout);
        Assert.StartsWith(damaged.Stdout, full.Stdout);
        Assert.EndsWith("\n", damaged.Stdout);
    }

    [Fact]
    public void TruncatedCapturePrintsEventsBeforeTheCut()
    {
        var (full, damaged, file) = RunOriginalAndDamaged("sysdig-inspect_502Error.scap", d => d[..(d.Length * 3 / 4)]);
        AssertCleanFailure(damaged, file);
        AssertPrefixOfFull(full, damaged);
        Assert.Contains("byte offset", damaged.Stderr);
    }

    [Fact]
    public void HugeBlockLengthIsRejectedWithoutAllocatingIt()
    {
        int patched = 0;
        var (full, damaged, file) = RunOriginalAndDamaged("sysdig-inspect_502Error.scap", d =>
        {
            var events = Blocks(d).Where(b => IsEventBlock(b.Type)).ToList();
            var victim = events[events.Count / 2];
            patched = victim.Offset;
            BinaryPrimitives.WriteUInt32LittleEndian(d.AsSpan(victim.Offset + 4), 0x7FFFFFF0);
            return d;
        });
        AssertCleanFailure(damaged, file);
        AssertPrefixOfFull(full, damaged);
        Assert.Contains($"byte offset {patched}", damaged.Stderr);
    }

    [Fact]
    public void ParameterLengthsLongerThanTheEventAreRejected()
    {
        var (full, damaged, file) = RunOriginalAndDamaged("sysdig-inspect_502Error.scap", d =>
        {
            var events = Blocks(d).Where(b => IsEventBlock(b.Type)).ToList();
            var victim = events[events.Count / 2];
            int header = victim.Type is 0x216 or 0x217 ? 26 : 22;
            int flags = victim.Type is 0x208 or 0x217 ? 4 : 0;
            // First parameter length of the event: after block header (8), cpu (2), flags, event header.
            BinaryPrimitives.WriteUInt16LittleEndian(d.AsSpan(victim.Offset + 10 + flags + header), 0xFFFF);
            return d;
        });
        AssertCleanFailure(damaged, file);
        AssertPrefixOfFull(full, damaged);
    }

    [Fact]
    public void RandomBytesAfterTheEventsAreReported()
    {
        var (full, damaged, file) = RunOriginalAndDamaged("falco_cat_write.scap", d =>
        {
            var garbage = new byte[4096];
            new Random(42).NextBytes(garbage);
            return [.. d, .. garbage];
        });
        AssertCleanFailure(damaged, file);
        Assert.Equal(full.Stdout, damaged.Stdout);
        Assert.Contains($"byte offset {PlainCapture("falco_cat_write.scap").Length}", damaged.Stderr);
    }
}
