using Sharpdig.Tests.Support;

namespace Sharpdig.Tests.ChiselsCSharp;

/// <summary>The Lua sample of chisel-samples runs, and prints what real sysdig prints for it.</summary>
public sealed class LuaSampleTests
{
    [Fact]
    public void TheLuaSampleRunsAsInSysdig()
    {
        var sample = Path.Combine(Paths.RepoRoot, "chisel-samples", "failed_calls.lua");
        var capture = Paths.RequireCapture("sysdig-inspect_502Error.scap");
        var r = Run.Program(Paths.RequireSharpdig(), ["-r", capture, "-c", sample]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("      80 recvfrom EAGAIN\n", r.Stdout);
        var sysdig = Run.Program(Paths.RequireSysdig(), ["-r", capture, "-c", sample]);
        Assert.Equal(sysdig.Stdout, r.Stdout);
    }
}
