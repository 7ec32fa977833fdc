using Sharpdig.Tests.Support;

namespace Sharpdig.Tests.Output;

/// <summary>-R prints ports as their /etc/services names wherever sysdig resolves them; port numbers as fields stay numbers.</summary>
public sealed class PortNameTests
{
    const string Format = "%evt.num %fd.name %fd.sproto %fd.sport | %evt.args";

    [Fact]
    public void PortsAreNamedOnlyWithR()
    {
        var sharpdig = Paths.RequireSharpdig();
        var capture = Paths.RequireCapture("sysdig-inspect_502Error.scap");
        if (!File.ReadLines("/etc/services").Any(l => l.StartsWith("http\t", StringComparison.Ordinal) && l.Contains("80/tcp")))
            Assert.Skip("/etc/services does not name port 80 http (Debian package netbase)");

        // 126: haproxy accepts a connection on port 80.
        var named = Run.Program(sharpdig, ["-r", capture, "-R", "-p", Format, "evt.num = 126"]);
        Assert.Equal(0, named.ExitCode);
        Assert.Equal("126 192.168.0.1:44434->192.168.0.3:http http 80 | fd=0(<4t>192.168.0.1:44434->192.168.0.3:http) "
            + "tuple=192.168.0.1:44434->192.168.0.3:http queuepct=0 queuelen=0 queuemax=128 \n", named.Stdout);

        var numbers = Run.Program(sharpdig, ["-r", capture, "-p", Format, "evt.num = 126"]);
        Assert.Equal("126 192.168.0.1:44434->192.168.0.3:80 80 80 | fd=0(<4t>192.168.0.1:44434->192.168.0.3:80) "
            + "tuple=192.168.0.1:44434->192.168.0.3:80 queuepct=0 queuelen=0 queuemax=128 \n", numbers.Stdout);

        // Filters compare the named text too.
        var filtered = Run.Program(sharpdig, ["-r", capture, "-R", "-p", "%evt.num", "evt.num < 130 and fd.sproto = http"]);
        Assert.Equal("126\n", filtered.Stdout);
    }
}
