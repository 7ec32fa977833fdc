using System.Text;
using Sharpdig.Sdk;

namespace Sharpdig.BuiltinChisels;

/// <summary>fdcount_by: how many distinct fds (number and name) were used, grouped by a field.</summary>
sealed class FdCountBy : Chisel
{
    public override string Name => "fdcount_by";
    public override string Category => "I/O";
    public override string ShortDescription => "FD count, aggregated by an arbitrary filter field";
    public override string Description => "Groups all the active FDs based on the given filter field, and returns the fd count for each key. For example, it can be used to list the number of connections per process or per IP endpoint.";
    readonly ChiselArgument<string> key;
    readonly Dictionary<string, HashSet<string>> fdsByKey = new(StringComparer.Ordinal);
    readonly TableKey scratch = new();
    KeyColumn keyColumn = null!;
    Int64Field fdNumber = null!;
    TextField fdName = null!;

    public FdCountBy()
    {
        key = Argument<string>("key", "The filter field used for grouping", typeName: "string");
    }

    public override void Initialize()
    {
        keyColumn = KeyColumn.For(Host.Field(key.Value));
        fdNumber = Host.Int64("fd.num");
        fdName = Host.Text("fd.name");
    }

    public override bool OnEvent(ChiselEvent e)
    {
        if (!keyColumn.AppendTo(scratch.Clear())) return true;
        if (!fdNumber.TryGet(out long number) || number <= 0) return true;
        if (!fdName.TryGet(out var name) || name.IsEmpty) return true;
        var k = Encoding.UTF8.GetString(scratch.Span);
        if (!fdsByKey.TryGetValue(k, out var fds)) fdsByKey[k] = fds = new(StringComparer.Ordinal);
        fds.Add(number.ToString() + Encoding.UTF8.GetString(name));
        return true;
    }

    public override void OnCaptureEnd(ulong timestamp, ulong delta)
    {
        // Lua's print separates its arguments with a tab.
        foreach (var (k, fds) in fdsByKey.OrderByDescending(p => p.Value.Count))
            Host.Out.WriteLine($"{k}\t{fds.Count}");
    }
}

/// <summary>list_login_shells: the login shell id of the last execve matching the optional command and arguments.</summary>
sealed class ListLoginShells : Chisel
{
    public override string Name => "list_login_shells";
    public override string Category => "Security";
    public override string ShortDescription => "List the login shell IDs";
    public override string Description => "List the IDs of the login sessions. Optionally, the list can be filtered to include only the sessions that contain a specific command. The session IDs listed by this chisel can be used as filters for the spy_users chisel. This chisel is compatible with containers using the sysdig -pc or -pcontainer argument, otherwise no container information will be shown.";
    readonly ChiselArgument<string?> command, arguments;
    Int64Field shellId = null!;
    TextField exe = null!, args = null!, containerName = null!, containerId = null!;
    long? lastShell;
    string? lastContainerName, lastContainerId;

    public ListLoginShells()
    {
        command = Argument<string?>("command", "If this parameter is specified, only the login shells that contain commands including the given string in their name will be listed. * will match any command name.", optional: true, typeName: "string");
        arguments = Argument<string?>("arguments", "If this parameter is specified, only the login shells that contain commands including the given string in their arguments will be listed", optional: true, typeName: "string");
    }

    string? MatchingCommand => command.Value == "*" ? null : command.Value;

    public override void Initialize()
    {
        shellId = Host.Int64("proc.loginshellid");
        exe = Host.Text("evt.arg.exe");
        args = Host.Text("evt.arg.args");
        containerName = Host.Text("container.name");
        containerId = Host.Text("container.id");
        Host.Filter = "evt.type=execve";
    }

    public override bool OnEvent(ChiselEvent e)
    {
        if (!shellId.TryGet(out long sid) || exe.GetString() is not { } executable) return true;
        if (MatchingCommand is { } c && !LuaPattern.Contains(executable, c)) return true;
        if (arguments.Value is { } a && args.GetString() is { } text && !LuaPattern.Contains(text, a)) return true;
        lastShell = sid;
        lastContainerName = containerName.GetString();
        lastContainerId = containerId.GetString();
        return true;
    }

    public override void OnCaptureEnd(ulong timestamp, ulong delta)
    {
        var o = Host.Out;
        o.WriteLine(MatchingCommand is { } c ? $"Shells containing {c}:" : "All shells:");
        if (lastShell is not { } sid) return;
        // sysdig's chisel prints the shell once per field it remembered (a Lua table iterated for its size).
        int times = 1 + (lastContainerName != null ? 1 : 0) + (lastContainerId != null ? 1 : 0);
        var line = Host.PrintContainer ? $"{sid} {lastContainerName} {lastContainerId}" : sid.ToString();
        for (int i = 0; i < times; i++) o.WriteLine(line);
    }
}

/// <summary>around: prints the events that match the filter, then asks for a second run that saves the events around each of them.</summary>
sealed class Around : Chisel
{
    public override string Name => "around";
    public override string Category => "Misc";
    public override string ShortDescription => "Export to file the events around the time range where the given filter matches.";
    public override string Description => "Given a filter on the command line, this chisel saves the events that are in a time range around filter matches, and that are on the SAME process/thread. The time range can be adjusted with the dump_range_ms argument. For example, 'sysdig -c around evt.type=open and evt.failed=true' will save two seconds of activity around every failed open.";
    readonly ChiselArgument<string> dumpFileName;
    readonly ChiselArgument<string> dumpRangeMs;
    readonly Terminal terminal = new();
    readonly List<(ulong Ts, long Tid)> matches = new();
    TextField procName = null!, time = null!;
    Int64Field tid = null!;
    bool isTerminal, capturing;

    public Around()
    {
        dumpFileName = Argument<string>("dump_file_name", "The name of the file where the chisel will write the events related to each syslog entry.", typeName: "string");
        dumpRangeMs = Argument("dump_range_ms", "The time interval to capture *before* and *after* each event, in milliseconds. For example, 500 means that 1 second around each displayed event (.5s before and .5s after) will be saved to <dump_file_name>. The default value for dump_range_ms is 1000.", optional: true, defaultValue: "1000", typeName: "int");
    }

    public override void Initialize()
    {
        procName = Host.Text("proc.name");
        tid = Host.Int64("thread.tid");
        time = Host.Text("evt.time");
        isTerminal = Host.IsTerminal;
        if (Host.GlobalFilter.Length == 0)
        {
            Host.Out.WriteLine("no filter specified");
            throw new ChiselError($"init() for chisel {Name} failed.");
        }
    }

    public override void OnCaptureStart()
    {
        if (Host.IsLive)
        {
            Host.Out.WriteLine("live capture not supported");
            throw new ChiselError($"init() for chisel {Name} failed.");
        }
        capturing = true;
    }

    public override bool OnEvent(ChiselEvent e)
    {
        long thread = tid.GetOrDefault();
        var o = Host.Out;
        o.Write(time.Required(this));
        o.Write(" "u8);
        o.Write(procName.TryGet(out var name) ? name : "<NA>"u8);
        o.Write("("u8);
        o.Write(thread);
        o.WriteLine(")"u8);
        matches.Add((e.Timestamp, thread));
        return true;
    }

    public override void OnCaptureEnd(ulong timestamp, ulong delta)
    {
        if (isTerminal) Host.Out.WriteLine(terminal.Reset);
        if (!capturing) return;
        var args = new StringBuilder($"-F -r{Host.EventSourceName} -w{dumpFileName.Value} ");
        for (int i = 0; i < matches.Count; i++)
        {
            if (i != 0) args.Append(" or ");
            args.Append($"(evt.around[{matches[i].Ts}]={dumpRangeMs.Value} and thread.tid={matches[i].Tid})");
        }
        Host.Out.WriteLine($"\nSaving events around {matches.Count} syslog entries to {dumpFileName.Value}");
        Host.RunAfter(args.ToString());
    }
}
