using Sharpdig.Tests.Support;

namespace Sharpdig.Tests.Chisels;

/// <summary>
/// The built-in C# chisels as the command line meets them: run by name ahead of sysdig's Lua chisels of
/// the same names (a path still runs the Lua file), and failing on one clear line. Their listing is
/// checked by BuiltinListingTests, their output against sysdig by the chisels-builtin conformance suite.
/// </summary>
public sealed class BuiltinChiselTests
{
    const string Capture = "falco_syscall.scap";
    const string LuaDirectory = "/usr/share/sysdig/chisels/";

    static Run.Result Sharpdig(params string[] args) => Run.Program(Paths.RequireSharpdig(), args);

    static Run.Result Sysdig(params string[] args) => Run.Program(Paths.RequireSysdig(), args);

    [Fact]
    public void ANameRunsTheBuiltinAndAPathTheLuaFile()
    {
        var capture = Paths.RequireCapture(Capture);
        if (!File.Exists(LuaDirectory + "fdbytes_by.lua")) Assert.Skip("sysdig's Lua chisels are not installed");
        // The two report an unknown field differently: that tells which one ran.
        var builtin = Sharpdig("-r", capture, "-c", "fdbytes_by", "nosuch.field");
        var lua = Sharpdig("-r", capture, "-c", LuaDirectory + "fdbytes_by.lua", "nosuch.field");
        Assert.Contains("chisel fdbytes_by requests nonexistent field nosuch.field", builtin.Stderr);
        Assert.DoesNotContain("chisel fdbytes_by requests", lua.Stderr);
        Assert.Contains("nosuch.field", lua.Stderr);
    }

    [Fact]
    public void AnUnknownFieldFailsOnOneLineNamingTheChiselAndTheField()
    {
        var capture = Paths.RequireCapture(Capture);
        var r = Sharpdig("-r", capture, "-c", "fdbytes_by", "nosuch.field");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Equal("chisel fdbytes_by requests nonexistent field nosuch.field\n", r.Stderr);
        // As sysdig, whose chisel still prints its (empty) table at the end.
        Assert.Equal(Sysdig("-r", capture, "-c", "fdbytes_by", "nosuch.field").Stdout, r.Stdout);
    }

    [Theory]
    [InlineData("missing arguments for chisel fdbytes_by", "-c", "fdbytes_by")]
    [InlineData("unrecognized field b", "-c", "fdbytes_by", "a", "b")]
    [InlineData("too many parameters for chisel fdbytes_by", "-c", "fdbytes_by", "a b")]
    public void BadArgumentsFailAsInSysdig(string message, params string[] args)
    {
        var capture = Paths.RequireCapture(Capture);
        var ours = Sharpdig(["-r", capture, .. args]);
        var theirs = Sysdig(["-r", capture, .. args]);
        Assert.Equal(theirs.ExitCode, ours.ExitCode);
        Assert.Equal(theirs.Stdout, ours.Stdout);
        Assert.Contains(message, ours.Stderr);
        Assert.DoesNotContain("   at ", ours.Stderr);
    }
}
