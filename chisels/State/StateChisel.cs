using Sharpdig.Sdk;

namespace Sharpdig.BuiltinChisels;

/// <summary>
/// The chisels that show the state of the system at the first event (lsof, ps, netstat): the first event
/// that passes the filters ends the capture, and the state is printed at its end.
/// </summary>
abstract class StateChisel : Chisel
{
    bool capturing, match;

    public override void OnCaptureStart() => capturing = true;

    public override bool OnEvent(ChiselEvent e)
    {
        Host.EndCapture();
        match = true;
        return false;
    }

    public override void OnCaptureEnd(ulong timestamp, ulong delta)
    {
        if (!capturing) return;
        if (!match)
        {
            Host.Out.WriteLine("empty capture or no event matching the filter");
            return;
        }
        PrintState();
    }

    /// <summary>Prints what the chisel shows of the state.</summary>
    protected abstract void PrintState();

    /// <summary>Thread ids as sysdig's Lua table keys them (unsigned 32-bit), in order.</summary>
    protected static IEnumerable<ThreadSnapshot> ByTid(IEnumerable<ThreadSnapshot> threads) => threads.OrderBy(t => (uint)t.Tid);
}

sealed class Lsof : StateChisel
{
    public override string Name => "lsof";
    public override string Category => "System State";
    public override string ShortDescription => "List (and optionally filter) the open file descriptors.";
    public override string Description => "This chisel prints the open file descriptors for every process in the system, with an output that is similar to the one of lsof. Output is at a point in time; adjust this in the filter.  It defaults to time of evt.num=0";
    readonly ChiselArgument<string?> filter;

    public Lsof()
    {
        filter = Argument<string?>("filter", "A sysdig-like filter expression that allows restricting the FD list. E.g. 'proc.name=foo and fd.name contains /etc'.", optional: true, typeName: "filter");
    }

    protected override void PrintState()
    {
        var o = Host.Out;
        var threads = Host.Threads(filter.Value);
        o.WritePadded("COMMAND", 20);
        o.WritePadded("PID", 8);
        o.WritePadded("TID", 8);
        o.WritePadded("USER", 8);
        o.WritePadded("FD", 8);
        o.WritePadded("TYPE", 12);
        o.WriteLine("NAME");
        foreach (var t in ByTid(threads))
            foreach (var fd in t.Fds)
            {
                o.WritePadded(t.Comm, 20);
                o.WritePadded(((uint)t.Pid).ToString(), 8);
                o.WritePadded(((uint)t.Tid).ToString(), 8);
                o.WritePadded(t.UserName, 8);
                o.WritePadded(((uint)fd.Number).ToString(), 8);
                o.WritePadded(fd.Type, 12);
                o.WriteLine(fd.Name);
            }
    }
}

sealed class Ps : StateChisel
{
    public override string Name => "ps";
    public override string Category => "System State";
    public override string ShortDescription => "List (and optionally filter) the machine processes.";
    public override string Description => "List the running processes, with an output that is similar to the one of ps. Output is at a point in time; adjust this in the filter. It defaults to time of evt.num=0";
    readonly ChiselArgument<string?> filter;

    public Ps()
    {
        filter = Argument<string?>("filter", "A sysdig-like filter expression that allows restricting the FD list. For example 'fd.name contains /etc' shows all the processes that have files open under /etc.", optional: true, typeName: "filter");
    }

    protected override void PrintState()
    {
        var o = Host.Out;
        var threads = Host.Threads(filter.Value);
        o.WritePadded("TID", 8);
        o.WritePadded("PID", 8);
        o.WritePadded("USER", 12);
        o.WritePadded("VIRT", 11);
        o.WritePadded("RES", 11);
        o.WritePadded("FDLIMIT", 10);
        o.WritePadded("CMD", 20);
        o.WriteLine();
        foreach (var t in ByTid(threads))
        {
            o.WritePadded(((uint)t.Tid).ToString(), 8);
            o.WritePadded(((uint)t.Pid).ToString(), 8);
            o.WritePadded(t.UserName, 12);
            o.WritePadded(NumberText.Bytes(t.VmSizeKb * 1024.0), 11);
            o.WritePadded(NumberText.Bytes(t.VmRssKb * 1024.0), 11);
            o.WritePadded(((uint)t.FdLimit).ToString(), 10);
            o.WriteLine(t.Comm);
        }
    }
}

sealed class Netstat : StateChisel
{
    public override string Name => "netstat";
    public override string Category => "System State";
    public override string ShortDescription => "List (and optionally filter) network connections.";
    public override string Description => "Print the system network connections, with an output that is similar to the one of netstat. Output is at a point in time; adjust this in the filter. It defaults to time of evt.num=0";
    readonly ChiselArgument<string?> filter;

    public Netstat()
    {
        filter = Argument<string?>("filter", "A sysdig-like filter expression that allows restricting the FD list. E.g. 'proc.name=foo and fd.port=80'.", optional: true, typeName: "filter");
    }

    protected override void PrintState()
    {
        var o = Host.Out;
        // As sysdig's chisel writes it, without a space before "and".
        var threads = Host.Threads("(fd.type=ipv4 or fd.type=ipv6)" + (filter.IsSet ? "and (" + filter.Value + ")" : ""));
        o.WritePadded("Proto", 6);
        o.WritePadded("Server Address", 25);
        o.WritePadded("Client Address", 25);
        o.WritePadded("State", 15);
        o.WriteLine("TID/PID/Program Name");
        foreach (var t in ByTid(threads))
            foreach (var fd in t.Fds)
            {
                bool listening = fd.ClientIp == null;
                o.WritePadded(fd.L4Proto ?? "", 6);
                o.WritePadded(fd.ServerIp + ":" + fd.ServerPort, 25);
                o.WritePadded(listening ? "0.0.0.0:*" : fd.ClientIp + ":" + fd.ClientPort, 25);
                o.WritePadded(listening ? "LISTEN" : "ESTABLISHED", 15);
                o.WriteLine($"{(uint)t.Tid}/{(uint)t.Pid}/{t.Comm}");
            }
    }
}

sealed class LsContainers : Chisel
{
    public override string Name => "lscontainers";
    public override string Category => "System State";
    public override string ShortDescription => "List the running containers";
    public override string Description => "List the running containers and the metadata";
    readonly ChiselArgument<string?> desc;
    bool capturing;

    public LsContainers()
    {
        desc = Argument<string?>("desc", "Prints the result set as a data structure", optional: true, typeName: "string");
    }

    public override void OnCaptureStart() => capturing = true;

    public override bool OnEvent(ChiselEvent e)
    {
        Host.EndCapture();
        return true;
    }

    public override void OnCaptureEnd(ulong timestamp, ulong delta)
    {
        if (!capturing) return;
        var o = Host.Out;
        var containers = Host.Containers();
        if (desc.Value == "desc")
        {
            // common.lua's st(): a Lua table serialized, one entry a line.
            o.WriteLine("{");
            for (int i = 0; i < containers.Count; i++)
            {
                var c = containers[i];
                o.WriteLine($" {i + 1} = {{");
                o.WriteLine($"  id = {Quote(c.Id)},");
                o.WriteLine($"  name = {Quote(c.Name)},");
                o.WriteLine($"  image = {Quote(c.Image)},");
                o.WriteLine($"  type = {Quote(c.Type)},");
                o.WriteLine(" },");
            }
            o.WriteLine("}");
            return;
        }
        o.WritePadded("container.type", 15);
        o.WritePadded("container.image", 16);
        o.WritePadded("container.name", 20);
        o.WritePadded("container.id", 13);
        o.WriteLine();
        o.WritePadded("---------------", 15);
        o.WritePadded("----------------", 16);
        o.WritePadded("--------------------", 20);
        o.WritePadded("-------------", 13);
        o.WriteLine();
        foreach (var c in containers)
        {
            o.WritePadded(c.Type, 15);
            o.WritePadded(c.Image, 16);
            o.WritePadded(c.Name, 20);
            o.WritePadded(c.Id, 13);
            o.WriteLine();
        }
    }

    static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\\n") + "\"";
}
