using Sharpdig.Chisels;
using Sharpdig.Output;

namespace Sharpdig.Tests.Chisels;

/// <summary>-cl and -i lay chisels out as sysdig does: 16-column names, text wrapped at 79 columns.</summary>
public sealed class ChiselListingTests
{
    static string Render(Action<TextBuffer> write)
    {
        var o = new TextBuffer();
        write(o);
        return o.ToString();
    }

    [Fact]
    public void ListGroupsByCategoryAndWrapsLongNamesAndDescriptions()
    {
        var chisels = new[]
        {
            new ChiselInfo("zeta", "Net", "Short", "", []),
            new ChiselInfo("a_very_long_chisel_name", "Net", "Long name", "", []),
            new ChiselInfo("alpha", "CPU", new string('x', 70), "", []),
            new ChiselInfo("v_view", "Views", "hidden", "", [], IsView: true),
        };
        var expected =
            "\nCategory: CPU\n-------------\n" +
            "alpha           " + new string('x', 63) + "\n" + new string(' ', 16) + "xxxxxxx\n" +
            "\nCategory: Net\n-------------\n" +
            "a_very_long_chisel_name\n" + new string(' ', 16) + "Long name\n" +
            "zeta            Short\n" +
            "\nUse the -i flag to get detailed information about a specific chisel\n";
        Assert.Equal(expected, Render(o => ChiselListing.List(o, chisels)));
    }

    [Fact]
    public void InfoShowsDescriptionAndArguments()
    {
        var info = new ChiselInfo("spy", "I/O", "Spy", "Watch things.",
            [new ChiselArgument("host", "ipv4", "The host", false), new ChiselArgument("port", "int", "The port", true)]);
        Assert.Equal("\nCategory: I/O\n-------------\nspy             Spy\n\nWatch things.\nArgs:\n[ipv4] host - The host\n[int] port - The port\n\n",
            Render(o => ChiselListing.Info(o, info)));
    }

    [Fact]
    public void InfoWithoutArgumentsSaysNone() =>
        Assert.EndsWith("\nArgs:\n(None)\n", Render(o => ChiselListing.Info(o, new ChiselInfo("x", "C", "s", "d", []))));
}
