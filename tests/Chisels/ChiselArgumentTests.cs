using Sharpdig.Chisels;

namespace Sharpdig.Tests.Chisels;

/// <summary>How a chisel's argument word and a run_app command line are split, as sysdig splits them.</summary>
public sealed class ChiselArgumentTests
{
    [Theory]
    [InlineData("", new string[0])]
    [InlineData("  a  ", new[] { "a" })]
    [InlineData("a b c", new[] { "a", "b", "c" })]
    [InlineData("'a b' c", new[] { "a b", "c" })]
    [InlineData("a `b c`", new[] { "a", "b c" })]
    [InlineData("a  b", new[] { "a", "", "b" })]
    public void ArgumentWordSplitsOnSpacesOutsideQuotes(string line, string[] expected) =>
        Assert.Equal(expected, Chisel.SplitArguments(line, "x"));

    [Fact]
    public void UnbalancedQuoteIsSysdigsError()
    {
        var e = Assert.Throws<ChiselException>(() => Chisel.SplitArguments("'a b", "mychisel"));
        Assert.Equal("corrupted parameters for chisel mychisel", e.Message);
    }

    [Fact]
    public void NextRunSplitsOnSpacesOutsideDoubleQuotes() =>
        Assert.Equal(["-r", "a b.scap", "-w", "out", "\"x\""],
            ChiselCommandLine.SplitNextRun("-r \"a b.scap\" -w out \"x\""));
}
