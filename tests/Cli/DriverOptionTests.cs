using System.Text.RegularExpressions;
using Sharpdig.Tests.Support;

namespace Sharpdig.Tests.Cli;

/// <summary>
/// sysdig's driver and runtime options (-B, --cri, --large-environment, -T, --page-faults) are accepted and
/// change nothing when reading a file, as in sysdig; live, those the driver does not do are named. And -v's
/// closing statistics on stderr, which sysdig prints after file runs too.
/// </summary>
public sealed class DriverOptionTests
{
    static string Sample => Path.Combine(Paths.RepoRoot, "samples", "sample.scap");

    [Theory]
    [InlineData("-B")]
    [InlineData("--bpf")]
    [InlineData("-B/some/probe.o")]
    [InlineData("--bpf=/some/probe.o")]
    [InlineData("--cri /run/containerd/containerd.sock --cri-timeout 500")]
    [InlineData("--large-environment")]
    [InlineData("-T")]
    [InlineData("--page-faults")]
    public void ReadingAFileTheyChangeNothing(string options)
    {
        var sharpdig = Paths.RequireSharpdig();
        var plain = Run.Program(sharpdig, ["-r", Sample, "proc.name=sh"]);
        // the option before the filter: -B never takes the next word as its probe
        var with = Run.Program(sharpdig, ["-r", Sample, .. options.Split(' '), "proc.name=sh"]);
        Assert.Equal(0, with.ExitCode);
        Assert.NotEqual("", plain.Stdout);
        Assert.Equal(plain.Stdout, with.Stdout);
    }

    [Fact]
    public void ACriTimeoutThatIsNoNumberIsRefusedAsSysdigRefusesIt()
    {
        var sharpdig = Paths.RequireSharpdig();
        var r = Run.Program(sharpdig, ["-r", Sample, "--cri-timeout", "12x"]);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("12x is not a valid number\n", r.Stderr);
        Assert.Equal("", r.Stdout);
    }

    [Theory]
    [InlineData("-B/some/probe.o", "sharpdig: live capture: -B with a probe (sharpdig loads its own eBPF driver) is not supported")]
    [InlineData("--cri /run/x.sock", "sharpdig: live capture: --cri (container metadata comes from cgroups only) is not supported")]
    [InlineData("--page-faults", "sharpdig: live capture: --page-faults is not supported")]
    public void LiveTheDriverSaysWhatItDoesNotDo(string options, string message)
    {
        var sharpdig = Paths.RequireSharpdig();
        var r = Run.Program(sharpdig, [.. options.Split(' '), "-n", "1"]);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal(message, r.Stderr.TrimEnd('\n'));
    }

    /// <summary>The driver counts (0 for a file) and the events that passed the filter, after the progress line; the times vary.</summary>
    [Theory]
    [InlineData("-v proc.name=sh", 126)]
    [InlineData("-v -n 10", 10)]
    [InlineData("-v -P proc.name=sh", 126)]
    [InlineData("-v -q", 2462)]
    [InlineData("-v -c topscalls proc.name=sh", 126)]
    public void VerboseFileRunsEndWithTheStatistics(string options, int captured)
    {
        var sharpdig = Paths.RequireSharpdig();
        var r = Run.Program(sharpdig, ["-r", Sample, .. options.Split(' ')]);
        Assert.Equal(0, r.ExitCode);
        var statistics = Regex.Replace(r.Stderr[(r.Stderr.IndexOf("Driver Events") is var at and >= 0 ? at : 0)..],
            @"Elapsed time: [0-9.]+, (.*), [0-9.]+ eps", "Elapsed time: T, $1, R eps");
        Assert.Equal($"Driver Events:0\nDriver Drops:0\nSuppressed by Comm:0\nElapsed time: T, Captured Events: {captured}, R eps\n", statistics);
        if (options.Contains("-P")) Assert.EndsWith("100.00\n", r.Stderr[..r.Stderr.IndexOf("Driver Events")]);
    }

    /// <summary>A chisel that ends the capture itself (lsof) ends the run before sysdig prints them.</summary>
    [Fact]
    public void NoStatisticsAfterAChiselEndedTheCapture()
    {
        var sharpdig = Paths.RequireSharpdig();
        var r = Run.Program(sharpdig, ["-r", Sample, "-v", "-c", "lsof"]);
        Assert.Equal(0, r.ExitCode);
        Assert.NotEqual("", r.Stdout);
        Assert.DoesNotContain("Driver Events", r.Stderr);
    }

    /// <summary>-U: a process exec'd or cloned under the name, and its children, vanish (numbers too) until they exit.</summary>
    [Theory]
    [InlineData("sysdig-inspect_502Error.scap", "-U curl")]
    [InlineData("sysdig-inspect_502Error.scap", "-U curl -U haproxy proc.name=haproxy")]
    [InlineData("falco_cat_write.scap", "--suppress-comm=cat")]
    public void SuppressedCommsMatchSysdig(string captureName, string arguments)
        => SameAsSysdig.Output(captureName, arguments);

    [Fact]
    public void SuppressedCommsLeaveWhatCameBefore()
    {
        var sharpdig = Paths.RequireSharpdig();
        var plain = Run.Program(sharpdig, ["-r", Sample, "-v"]).Stdout.Split('\n');
        var r = Run.Program(sharpdig, ["-r", Sample, "-v", "-U", "sh"]);
        var lines = r.Stdout.TrimEnd('\n').Split('\n');
        // sh is exec'd at event 2194 and runs ls: from there on nothing is left
        Assert.Equal(plain[..2193], lines);
        Assert.Contains("Suppressed by Comm:269\n", r.Stderr);
    }
}
