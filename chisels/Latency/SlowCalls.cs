using Sharpdig.Sdk;

namespace Sharpdig.BuiltinChisels;

/// <summary>
/// fileslower and scallslower: a line for each call slower than min_ms milliseconds, under a heading
/// printed at start; green for the host's processes, blue for containers'.
/// </summary>
abstract class SlowCalls : Chisel
{
    protected readonly ChiselArgument<double> minMs;
    readonly ChiselArgument<string?> disableColor;
    protected readonly Terminal Terminal = new();
    protected TextField Type = null!, DateTime = null!, ProcName = null!, ContainerName = null!, ContainerId = null!;
    protected UInt64Field Latency = null!;

    protected SlowCalls(string minMsDescription)
    {
        minMs = Argument("min_ms", minMsDescription, typeName: "int", parse: text => NumericInput(text, "min_ms"));
        disableColor = Argument<string?>("disable_color", "Set to 'disable_colors' if you want to disable color output", optional: true, typeName: "string");
    }

    /// <summary>common.lua's parse_numeric_input: a number, or a message and the end of the program (status 0).</summary>
    protected double NumericInput(string text, string name)
    {
        if (LuaValues.ToNumber(text) is { } value) return value;
        Host.Out.WriteLine($"Input {name} must be a number.");
        throw new ChiselExit(0);
    }

    public override void Initialize()
    {
        if (disableColor.Value == "disable_color") Terminal.DisableColors();
        Type = Host.Text("evt.type");
        DateTime = Host.Text("evt.datetime");
        ProcName = Host.Text("proc.name");
        Latency = Host.UInt64("evt.latency");
        ContainerName = Host.Text("container.name");
        ContainerId = Host.Text("container.id");
    }

    /// <summary>The line's color: blue for a container's process (anything but "host"), else green.</summary>
    protected string Color() => ContainerName.ValueEquals("host"u8) ? Terminal.Green : Terminal.Blue;

    /// <summary>The start of a line: color, date and time, and under -pc the container's id and name.</summary>
    protected void WriteStart(ChiselOutput o, bool printContainer)
    {
        o.Write(Color());
        o.WriteLeft(DateTime.Required(this), 23, 23);
        o.Write(" "u8);
        if (!printContainer) return;
        o.WriteLeft(ContainerId.Required(this), 20, 20);
        o.Write(" "u8);
        o.WriteLeft(ContainerName.Required(this), 20, 20);
        o.Write(" "u8);
    }
}

sealed class FilesSlower : SlowCalls
{
    public override string Name => "fileslower";
    public override string Category => "Performance";
    public override string ShortDescription => "Trace slow file I/O";
    public override string Description => "Trace file I/O slower than a threshold, or all file I/O. This chisel is compatible with containers using the sysdig -pc or -pcontainer argument, otherwise no container information will be shown. (Blue represents a process running within a container, and Green represents a host process)";
    TextField dir = null!, fdName = null!;
    bool printContainer;

    public FilesSlower() : base("Minimum millisecond threshold for showing file I/O")
    {
    }

    public override void Initialize()
    {
        base.Initialize();
        dir = Host.Text("evt.dir");
        fdName = Host.Text("fd.name");
        printContainer = Host.PrintContainer;
        Host.Filter = "evt.is_io=true and fd.type=file";
        var o = Host.Out;
        if (printContainer)
        {
            o.WriteLine("evt.datetime            container.id         container.name       proc.name    evt.type LATENCY(ms)  fd.name");
            o.WriteLine("----------------------- -------------------- -------------------- ------------ -------- ------------ -----------------------------------------");
        }
        else
        {
            o.WriteLine("evt.datetime            proc.name    evt.type LATENCY(ms)  fd.name");
            o.WriteLine("----------------------- ------------ -------- ------------ -----------------------------------------");
        }
    }

    public override bool OnEvent(ChiselEvent e)
    {
        double ms = (Latency.TryGet(out ulong ns) ? ns : throw new ChiselError($"{Name} chisel error: attempt to perform arithmetic on a nil value")) / 1e6;
        if (!dir.ValueEquals("<"u8) || !(ms > minMs.Value)) return true;
        var name = fdName.Required(this);
        // sysdig's chisel skips files under /dev.
        if (name[..Math.Min(5, name.Length)].SequenceEqual("/dev/"u8)) return true;
        var o = Host.Out;
        WriteStart(o, printContainer);
        o.WriteLeft(ProcName.Required(this), 12, 12);
        o.Write(" "u8);
        o.WriteLeft(Type.Required(this), 8);
        o.Write(" "u8);
        o.WriteRight(NumberText.Integer(ms), 12);
        o.Write(" "u8);
        fdName.TryGet(out name);
        o.WriteLine(name);
        return true;
    }
}

sealed class ScallsSlower : SlowCalls
{
    public override string Name => "scallslower";
    public override string Category => "Performance";
    public override string ShortDescription => "Trace slow syscalls";
    public override string Description => "Trace syscalls slower than a threshold milliseconds. This chisel is compatible with containers using the sysdig -pc or -pcontainer argument, otherwise no container information will be shown. (Blue represents a process running within a container, and Green represents a host process)";
    bool printContainer;

    public ScallsSlower() : base("Minimum milliseconds before which a syscall should complete")
    {
    }

    public override void Initialize()
    {
        base.Initialize();
        printContainer = Host.PrintContainer;
        var o = Host.Out;
        if (printContainer)
        {
            o.WriteLine("evt.datetime            container.id          container.name       proc.name               LATENCY(ms)          evt.type");
            o.WriteLine("----------------------- -------------------- -------------------- ----------------------- -------------------- --------------------");
        }
        else
        {
            o.WriteLine("evt.datetime            proc.name               LATENCY(ms)          evt.type");
            o.WriteLine("----------------------- ----------------------- -------------------- --------------------");
        }
    }

    public override bool OnEvent(ChiselEvent e)
    {
        if (!Latency.TryGet(out ulong ns)) return true;
        double ms = ns / 1e6;
        if (!(ms > minMs.Value)) return true;
        var o = Host.Out;
        WriteStart(o, printContainer);
        o.WriteLeft(ProcName.Required(this), 23, 23);
        o.Write(" "u8);
        o.WriteLeft(NumberText.Lua(ms), 20);
        o.Write(" "u8);
        o.WriteLine(Type.Required(this));
        return true;
    }
}

/// <summary>proc_exec_time: each process that exits, with how long it ran (yellow from 3 s, red from 10 s).</summary>
sealed class ProcExecTime : Chisel
{
    public override string Name => "proc_exec_time";
    public override string Category => "Performance";
    public override string ShortDescription => "Show process execution time";
    public override string Description => "List the processes that have finished running, along with their execution time, and color every line based on the total process run time (Green|Blue below thresholds, Yellow at 3 sec, and Red at 10 sec). This chisel is compatible with containers using the sysdig -pc or -pcontainer argument, otherwise no container information will be shown. (Blue represents a process running within a container, and Green represents a host process)";
    readonly ChiselArgument<string?> disableColor;
    readonly Terminal terminal = new();
    TextField procName = null!, args = null!, containerName = null!, containerId = null!;
    UInt64Field duration = null!;
    bool printContainer;

    public ProcExecTime()
    {
        disableColor = Argument<string?>("disable_color", "Set to 'disable_colors' if you want to disable color output", optional: true, typeName: "string");
    }

    public override void Initialize()
    {
        if (disableColor.Value == "disable_colors") terminal.DisableColors();
        procName = Host.Text("proc.name");
        args = Host.Text("proc.args");
        duration = Host.UInt64("proc.duration");
        containerName = Host.Text("container.name");
        containerId = Host.Text("container.id");
        printContainer = Host.PrintContainer;
        Host.Filter = "evt.type=procexit";
        var o = Host.Out;
        if (printContainer)
        {
            o.WriteLine("proc.duration container.id         container.name       proc.name    proc.args");
            o.WriteLine("------------- -------------------- -------------------- ------------ --------------------");
        }
        else
        {
            o.WriteLine("proc.duration proc.name    proc.args");
            o.WriteLine("------------- ------------ --------------------");
        }
    }

    public override bool OnEvent(ChiselEvent e)
    {
        if (!duration.TryGet(out ulong ns)) return true;
        var o = Host.Out;
        o.Write(ns > 10_000_000_000 ? terminal.Red : ns > 3_000_000_000 ? terminal.Yellow
            : !containerName.ValueEquals("host"u8) ? terminal.Blue : terminal.Green);
        o.WriteLeft(NumberText.TimeInterval(ns), 13, 13);
        o.Write(" "u8);
        if (printContainer)
        {
            o.WriteLeft(containerId.Required(this), 20, 20);
            o.Write(" "u8);
            o.WriteLeft(containerName.Required(this), 20, 20);
            o.Write(" "u8);
        }
        o.WriteLeft(procName.Required(this), 12, 12);
        o.Write(" "u8);
        o.WriteLine(args.Required(this));
        return true;
    }

    public override void OnCaptureEnd(ulong timestamp, ulong delta) => Host.Out.WriteLine(terminal.Reset);
}

/// <summary>bottlenecks: the 10 slowest system calls, each after the line of its entry.</summary>
sealed class Bottlenecks : Chisel
{
    const int HowMany = 10;
    public override string Name => "bottlenecks";
    public override string Category => "Performance";
    public override string ShortDescription => "Slowest system calls";
    public override string Description => "Lists the 10 system calls that took the longest to return during the capture interval.";
    readonly List<(ulong Latency, string? Entry, string Exit)> slowest = new();
    readonly Dictionary<long, string> entries = new();
    UInt64Field number = null!, latency = null!;
    TextField type = null!, args = null!, procName = null!;
    Int64Field tid = null!;

    public override void Initialize()
    {
        number = Host.UInt64("evt.num");
        Host.Text("evt.time");
        type = Host.Text("evt.type");
        args = Host.Text("evt.args");
        latency = Host.UInt64("evt.latency");
        procName = Host.Text("proc.name");
        tid = Host.Int64("thread.tid");
    }

    public override bool OnEvent(ChiselEvent e)
    {
        if (type.ValueEquals("switch"u8) || !latency.TryGet(out ulong ns)) return true;
        long thread = tid.GetOrDefault();
        if (ns == 0)
        {
            entries[thread] = Line(") 0.000000000", '>');
            return true;
        }
        for (int j = 0; j < HowMany; j++)
        {
            if (j < slowest.Count && !(ns > slowest[j].Latency)) continue;
            var time = NumberText.Integer(ns / 1e9) + "." + (ns % 1_000_000_000).ToString("D9");
            slowest.Insert(j, (ns, entries.GetValueOrDefault(thread), Line(") " + time, '<')));
            break;
        }
        if (slowest.Count > HowMany) slowest.RemoveAt(slowest.Count - 1);
        return true;
    }

    /// <summary>"NUM) TIME PROC (TID) DIR TYPE ARGS".</summary>
    string Line(string time, char direction) =>
        $"{number.GetOrDefault()}{time} {procName.GetString() ?? ""} ({tid.GetOrDefault()}) {direction} {type.GetString()} {args.GetString()}";

    public override void OnCaptureEnd(ulong timestamp, ulong delta)
    {
        foreach (var (_, entry, exit) in slowest)
        {
            // print(nil) in sysdig's Lua prints "nil": a call whose entry the capture missed.
            Host.Out.WriteLine(entry ?? "nil");
            Host.Out.WriteLine(exit);
        }
    }
}
