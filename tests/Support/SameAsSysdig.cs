namespace Sharpdig.Tests.Support;

/// <summary>Runs sysdig and sharpdig on a shared capture with the same arguments (skipped where either is missing).</summary>
public static class SameAsSysdig
{
    /// <summary>Asserts the same exit status and standard output.</summary>
    public static void Output(string captureName, string arguments)
    {
        var capture = Paths.RequireCapture(captureName);
        var sysdig = Paths.RequireSysdig();
        var sharpdig = Paths.RequireSharpdig();
        var want = Run.Program(sysdig, ["-r", capture, .. arguments.Split(' ')]);
        var got = Run.Program(sharpdig, ["-r", capture, .. arguments.Split(' ')]);
        Assert.Equal(want.ExitCode, got.ExitCode);
        Assert.Equal(want.Stdout, got.Stdout);
    }
}
