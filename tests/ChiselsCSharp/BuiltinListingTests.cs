using Sharpdig.Tests.Support;

namespace Sharpdig.Tests.ChiselsCSharp;

/// <summary>The built-in chisels describe themselves as sysdig's Lua chisels of the same names do: -cl and -i print the same.</summary>
public sealed class BuiltinListingTests
{
    public static TheoryData<string> Builtins() => new(Sharpdig.BuiltinChisels.Builtins.Names.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Builtins))]
    public void InfoIsSysdigs(string name)
    {
        var want = Run.Program(Paths.RequireSysdig(), ["-i", name]);
        var got = Run.Program(Paths.RequireSharpdig(), ["-i", name]);
        Assert.Equal(want.ExitCode, got.ExitCode);
        Assert.Equal(want.Stdout, got.Stdout);
    }

    [Fact]
    public void TheChiselListIsSysdigs()
    {
        var want = Run.Program(Paths.RequireSysdig(), ["-cl"]);
        var got = Run.Program(Paths.RequireSharpdig(), ["-cl"], environment: new Dictionary<string, string> { ["HOME"] = Path.GetTempPath() });
        Assert.Equal(want.Stdout, got.Stdout);
    }
}
