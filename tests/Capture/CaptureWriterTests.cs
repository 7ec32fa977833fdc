using System.Diagnostics;
using Sharpdig.Driver;
using Sharpdig.Driver.Capture;
using Sharpdig.Driver.Snapshot;

namespace Sharpdig.Tests.Capture;

/// <summary>-w files: what sharpdig writes reads back the same, in sharpdig and in the real sysdig 0.29.3.</summary>
public sealed class CaptureWriterTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("sharpdig-writer").FullName;

    public void Dispose() => Directory.Delete(dir, true);

    public static TheoryData<string> Captures()
    {
        var data = new TheoryData<string>();
        foreach (var c in WriterTestPaths.AllCaptures()) data.Add(Path.GetFileName(c));
        if (data.Count == 0) data.Add("");
        return data;
    }

    /// <summary>Copies a capture through the writer, as -r X -w Y does without a filter.</summary>
    static void Copy(string from, string to, bool compress)
    {
        using var source = CaptureFileSource.Open(from);
        using var writer = CaptureWriter.Create(to, compress, source.Snapshot);
        while (source.TryNextEvent(out var e)) writer.Write(e);
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void WrittenCaptureReadsBackWithTheSameStateAndEvents(string name)
    {
        var input = WriterTestPaths.Capture(name);
        if (input == null) Assert.Skip("the shared captures (../shared/captures) are not here");
        foreach (bool compress in new[] { false, true })
        {
            var output = Path.Combine(dir, name + (compress ? ".gz" : ""));
            Copy(input, output, compress);
            using var a = CaptureFileSource.Open(input);
            using var b = CaptureFileSource.Open(output);
            AssertSameState(a.Snapshot, b.Snapshot);
            long n = 0;
            while (a.TryNextEvent(out var ea))
            {
                Assert.True(b.TryNextEvent(out var eb), $"event {n + 1} missing");
                Assert.Equal(ea.Cpu, eb.Cpu);
                Assert.True(ea.Bytes.SequenceEqual(eb.Bytes), $"event {n + 1} differs");
                n++;
            }
            Assert.False(b.TryNextEvent(out _));
        }
    }

    static void AssertSameState(SystemSnapshot a, SystemSnapshot b)
    {
        Assert.Equal(a.Machine, b.Machine);
        Assert.Equal(a.Users, b.Users);
        Assert.Equal(a.Groups, b.Groups);
        Assert.Equal(a.Interfaces.Select(i => (i.Type, i.Name, Convert.ToHexString(i.Address))),
                     b.Interfaces.Select(i => (i.Type, i.Name, Convert.ToHexString(i.Address))));
        Assert.Equal(a.Threads.Count, b.Threads.Count);
        for (int i = 0; i < a.Threads.Count; i++)
        {
            ThreadRecord x = a.Threads[i], y = b.Threads[i];
            Assert.Equal((x.Tid, x.Pid, x.Ptid, x.Comm, x.Exe, x.Cwd, x.Uid, x.Gid, x.FdLimit),
                         (y.Tid, y.Pid, y.Ptid, y.Comm, y.Exe, y.Cwd, y.Uid, y.Gid, y.FdLimit));
            Assert.Equal(x.Args, y.Args);
            Assert.Equal(x.Fds.Select(f => (f.Fd, f.Kind, f.Name, f.SourcePort, f.DestPort)),
                         y.Fds.Select(f => (f.Fd, f.Kind > FdKind.FileV2 ? FdKind.Unsupported : f.Kind, f.Name, f.SourcePort, f.DestPort)));
        }
    }

    /// <summary>The acceptance test: sysdig prints the same for X and for sharpdig's copy of X (plain and -z).</summary>
    [Theory]
    [MemberData(nameof(Captures))]
    public void SysdigReadsTheCopyAsTheOriginal(string name)
    {
        var input = WriterTestPaths.Capture(name);
        if (input == null) Assert.Skip("the shared captures (../shared/captures) are not here");
        if (WriterTestPaths.Sysdig == null) Assert.Skip("sysdig is not installed");
        foreach (bool compress in new[] { false, true })
        {
            var output = Path.Combine(dir, name + (compress ? ".gz" : ""));
            Copy(input, output, compress);
            Assert.Equal(Sysdig("-r", input), Sysdig("-r", output));
            Assert.Equal(Sysdig("-r", input, "-c", "lsof"), Sysdig("-r", output, "-c", "lsof"));
        }
    }

    static string Sysdig(params string[] args)
    {
        var psi = new ProcessStartInfo(WriterTestPaths.Sysdig!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["TZ"] = "UTC";
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return output + stderr.Result;
    }

    [Fact]
    public void WriterRefusesAnUnwritablePath()
    {
        Assert.ThrowsAny<IOException>(() => CaptureWriter.Create("/nonexistent-dir/x.scap", false, new SystemSnapshot()));
    }
}

/// <summary>Where the shared captures and sysdig are, for the writer tests.</summary>
static class WriterTestPaths
{
    static string? SharedCaptures()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
        {
            var c = Path.Combine(d.FullName, "..", "shared", "captures");
            if (File.Exists(Path.Combine(d.FullName, "sharpdig.slnx")))
                return Directory.Exists(c) ? Path.GetFullPath(c) : null;
        }
        return null;
    }

    public static IEnumerable<string> AllCaptures() =>
        SharedCaptures() is { } c ? Directory.GetFiles(c, "*.scap").OrderBy(f => f, StringComparer.Ordinal) : [];

    public static string? Capture(string name) =>
        name.Length > 0 && SharedCaptures() is { } c && File.Exists(Path.Combine(c, name)) ? Path.Combine(c, name) : null;

    public static string? Sysdig =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, "sysdig")).FirstOrDefault(File.Exists);
}
