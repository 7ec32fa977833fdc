using Sharpdig.Tests.Support;

namespace Sharpdig.Tests.Output;

/// <summary>
/// sysdig reads the evt.latency fields from the thread its parser paired the event with (m_tinfo), not
/// from a lookup by tid. A clone that returns in the child before the parent has registered it (the
/// parent runs in a container and leaves the child to its own event) has no paired thread: its latency
/// is 0, and evt.latency.human repeats the text it printed last.
/// </summary>
public sealed class LatencyFieldTests
{
    const string Format = "%evt.num %thread.tid %evt.latency %evt.latency.human";

    [Fact]
    public void CloneChildWithoutPairedThreadRepeatsTheLastHumanLatency()
    {
        var sharpdig = Paths.RequireSharpdig();
        var capture = Paths.RequireCapture("sysdig-inspect_502Error.scap");
        // 168: the parent's clone returns; 171: the child's, whose thread only its own event creates.
        var r = Run.Program(sharpdig, ["-r", capture, "-p", Format, "evt.num in (168, 171)"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("168 13700 11902 11us\n171 844 0 11us\n", r.Stdout);

        // Shown alone, there is no earlier text to repeat.
        r = Run.Program(sharpdig, ["-r", capture, "-p", Format, "evt.num = 171"]);
        Assert.Equal("171 844 0 \n", r.Stdout);
    }
}
