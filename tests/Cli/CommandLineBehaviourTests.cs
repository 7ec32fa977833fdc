using Sharpdig.Output;
using Sharpdig.Tests.Support;

namespace Sharpdig.Tests.Cli;

/// <summary>sysdig's flags around the event output: -P's progress on stderr, unknown options, --unbuffered, -E.</summary>
public sealed class CommandLineBehaviourTests
{
    /// <summary>The bytes sysdig 0.29.3 printed for sysdig-inspect_502Error.scap with -P, and with -P -n 10000.</summary>
    [Fact]
    public void ProgressBlanksEachFigureAndEndsTheLine()
    {
        var whole = new StringWriter();
        var p = new ProgressPrinter(whole);
        p.Update(45.94);
        p.Update(45.99);   // moved by less than 0.1: not shown
        p.Update(89.69);
        p.End(100);
        Assert.Equal("\r\r45.94\r     \r89.69\r     \r     \r100.00\n", whole.ToString());

        var cut = new StringWriter();
        p = new ProgressPrinter(cut);
        p.Update(45.94);
        p.End(45.98);      // stopped close to the last figure: it is only blanked
        Assert.Equal("\r\r45.94\r     \n", cut.ToString());
    }

    public static TheoryData<string> ProgressCases() =>
        ["-P", "-P -n 10000", "-P -n 15000", "-P proc.name=curl", "-P -c topscalls", "-P -q", "-w {out}", "-P -n 3"];

    /// <summary>-P (and -w while reading a file) prints what sysdig prints on stderr.</summary>
    [Theory]
    [MemberData(nameof(ProgressCases))]
    public void ProgressMatchesSysdig(string arguments)
    {
        var capture = Paths.RequireCapture("sysdig-inspect_502Error.scap");
        var sysdig = Paths.RequireSysdig();
        var sharpdig = Paths.RequireSharpdig();
        var dir = Directory.CreateTempSubdirectory("sharpdig-progress-cli").FullName;
        try
        {
            string[] Args(string who) => ["-r", capture, .. arguments.Replace("{out}", Path.Combine(dir, who + ".scap")).Split(' ')];
            var want = Run.Program(sysdig, Args("sysdig"));
            var got = Run.Program(sharpdig, Args("sharpdig"));
            Assert.Equal(want.ExitCode, got.ExitCode);
            Assert.Equal(want.Stderr, got.Stderr);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    /// <summary>A capture cut short: the events before the damage, then progress ends where sysdig's reading stopped.</summary>
    [Fact]
    public void ProgressOfADamagedCaptureMatchesSysdig()
    {
        var capture = Paths.RequireCapture("sysdig-inspect_502Error.scap");
        var sysdig = Paths.RequireSysdig();
        var sharpdig = Paths.RequireSharpdig();
        var cut = Path.Combine(Directory.CreateTempSubdirectory("sharpdig-progress-cut").FullName, "cut.scap");
        try
        {
            File.WriteAllBytes(cut, File.ReadAllBytes(capture)[..1_000_000]);
            var want = Run.Program(sysdig, ["-r", cut, "-P"]);
            var got = Run.Program(sharpdig, ["-r", cut, "-P"]);
            Assert.Equal(1, got.ExitCode);
            Assert.Equal(want.Stdout, got.Stdout);
            // sysdig then says why in its own words; sharpdig in one line of its own.
            string Progress(string stderr) => stderr[..(stderr.IndexOf('\n') + 1)];
            Assert.Equal(Progress(want.Stderr), Progress(got.Stderr));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(cut)!, true);
        }
    }

    /// <summary>
    /// -M reading a file: event time from the first event returned (falco_cat_write's start-up procinfo events
    /// are 1.9 s before its first syscall, so sysdig prints nothing of it with -M 1).
    /// </summary>
    [Theory]
    [InlineData("falco_cat_write.scap", "-M 1")]
    [InlineData("falco_cat_write.scap", "-M 2 proc.name=cat")]
    [InlineData("sysdig-inspect_502Error.scap", "-M 1")]
    [InlineData("sysdig-inspect_502Error.scap", "-M 1 -c echo_fds")]
    public void DurationReadingAFileMatchesSysdig(string captureName, string arguments)
        => SameAsSysdig.Output(captureName, arguments);

    [Theory]
    [InlineData("-Z", "sharpdig: invalid option -- 'Z'")]
    [InlineData("--bogus", "sharpdig: unrecognized option '--bogus'")]
    [InlineData("evt.res = -2", "sharpdig: invalid option -- '2'")]
    [InlineData("-c topscalls -Z", "sharpdig: invalid option -- 'Z'")]
    public void UnknownOptionsAreRefusedAsGetoptDoes(string arguments, string message)
    {
        var sharpdig = Paths.RequireSharpdig();
        var r = Run.Program(sharpdig, ["-r", Path.Combine(Paths.RepoRoot, "samples", "sample.scap"), .. arguments.Split(' ')]);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal(message, r.Stderr.TrimEnd('\n'));
        Assert.Equal("", r.Stdout);
    }

    /// <summary>-E only concerns the live /proc scan: reading a file it changes nothing.</summary>
    [Fact]
    public void UnbufferedAndExcludeUsersLeaveTheOutputAsItIs()
    {
        var sharpdig = Paths.RequireSharpdig();
        var sample = Path.Combine(Paths.RepoRoot, "samples", "sample.scap");
        var plain = Run.Program(sharpdig, ["-r", sample]);
        var unbuffered = Run.Program(sharpdig, ["-r", sample, "--unbuffered", "-E"]);
        Assert.Equal(0, unbuffered.ExitCode);
        Assert.NotEqual("", plain.Stdout);
        Assert.Equal(plain.Stdout, unbuffered.Stdout);
    }

    [Fact]
    public void LineBufferedSinkWritesEachRecord()
    {
        var stream = new MemoryStream();
        var sink = new OutputSink(stream) { LineBuffered = true };
        sink.Buffer.Append("one\n"u8);
        sink.MaybeFlush();
        Assert.Equal("one\n"u8.ToArray(), stream.ToArray());

        var blocks = new MemoryStream();
        sink = new OutputSink(blocks);
        sink.Buffer.Append("one\n"u8);
        sink.MaybeFlush();
        Assert.Empty(blocks.ToArray());
    }
}
