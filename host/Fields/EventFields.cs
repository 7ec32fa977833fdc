using Sharpdig.Decode;
using Sharpdig.Driver.Events;
using Sharpdig.Driver.Snapshot;
using Sharpdig.Output;
using Sharpdig.State;

namespace Sharpdig.Fields;

/// <summary>evt.* fields (both of sysdig's evt classes) and syscall.type, except those reading an argument.</summary>
static class EventFields
{
    const ulong Second = 1_000_000_000;

    public static void Register(Dictionary<string, FieldImplementation> d)
    {
        d.Add("evt.num", i => new IntField(i, e => (long)e.Number));
        d.Add("evt.time", i => new ClockField(i, (o, ts) => TimeText.AppendClock(o, ts, true)));
        d.Add("evt.time.s", i => new ClockField(i, (o, ts) => TimeText.AppendClock(o, ts, false)));
        d.Add("evt.time.iso8601", i => new ClockField(i, AppendIso8601));
        d.Add("evt.datetime", i => new ClockField(i, (o, ts) => AppendDateTime(o, ts, true)));
        d.Add("evt.datetime.s", i => new WrittenField(i, (e, o) => { AppendDateTime(o, e.Timestamp, false); return true; }));
        d.Add("evt.rawtime", i => new IntField(i, e => (long)e.Timestamp));
        d.Add("evt.rawtime.s", i => new IntField(i, e => (long)(e.Timestamp / Second)));
        d.Add("evt.rawtime.ns", i => new IntField(i, e => (long)(e.Timestamp % Second)));
        d.Add("evt.reltime", i => new IntField(i, e => (long)Relative(e)));
        d.Add("evt.reltime.s", i => new IntField(i, e => (long)(Relative(e) / Second)));
        d.Add("evt.reltime.ns", i => new IntField(i, e => (long)(Relative(e) % Second)));
        d.Add("evt.pluginname", i => new NoValueField(i));
        d.Add("evt.plugininfo", i => new NoValueField(i));

        d.Add("evt.latency", i => new IntField(i, e => Latency(e) is { } l ? (long)l : null));
        d.Add("evt.latency.s", i => new IntField(i, e => Latency(e) is { } l ? (long)(l / Second) : null));
        d.Add("evt.latency.ns", i => new IntField(i, e => Latency(e) is { } l ? (long)(l % Second) : null));
        // sysdig scales by csysdig's screen width, which is -1 outside csysdig: any non-zero latency
        // below 10^11 ns comes out as 1, and 0 above.
        d.Add("evt.latency.quantized", i => new IntField(i, e =>
            e.Thread == null || IsInternal(e) || e.Thread.Latency == 0 ? null : e.Thread.Latency < 100_000_000_000 ? 1 : 0));
        d.Add("evt.latency.human", i => new LatencyHumanField(i));
        d.Add("evt.deltatime", i => new DeltaTimeField(i, d => d));
        d.Add("evt.deltatime.s", i => new DeltaTimeField(i, d => d / Second));
        d.Add("evt.deltatime.ns", i => new DeltaTimeField(i, d => d % Second));
        d.Add("evt.outputtime", i => new OutputTimeField(i));
        d.Add("evt.dir", i => new StringField(i, e => e.IsEnter ? ">" : "<"));
        d.Add("evt.type", i => new EventTypeField(i, syscallOnly: false));
        d.Add("syscall.type", i => new EventTypeField(i, syscallOnly: true));
        d.Add("evt.category", i => new StringField(i, Category));
        d.Add("evt.cpu", i => new IntField(i, e => e.Cpu));
        d.Add("evt.args", i => new EventArgsField(i, isInfo: false));
        d.Add("evt.info", i => new EventArgsField(i, isInfo: true));
        d.Add("evt.buffer", i => new BufferField(i));
        d.Add("evt.buflen", i => new IntField(i, e => BufLen(e, (e.Category & EventCategory.IoBase) != 0, _ => true)));
        d.Add("evt.buflen.in", i => new IntField(i, e => BufLen(e, e.Category == EventCategory.IoRead, _ => true)));
        d.Add("evt.buflen.out", i => new IntField(i, e => BufLen(e, e.Category == EventCategory.IoWrite, _ => true)));
        d.Add("evt.buflen.file", i => new IntField(i, e => BufLen(e, (e.Category & EventCategory.IoBase) != 0, IsFileKind)));
        d.Add("evt.buflen.file.in", i => new IntField(i, e => BufLen(e, e.Category == EventCategory.IoRead, IsFileKind)));
        d.Add("evt.buflen.file.out", i => new IntField(i, e => BufLen(e, e.Category == EventCategory.IoWrite, IsFileKind)));
        d.Add("evt.buflen.net", i => new IntField(i, e => BufLen(e, (e.Category & EventCategory.IoBase) != 0, IsIpKind)));
        d.Add("evt.buflen.net.in", i => new IntField(i, e => BufLen(e, e.Category == EventCategory.IoRead, IsIpKind)));
        d.Add("evt.buflen.net.out", i => new IntField(i, e => BufLen(e, e.Category == EventCategory.IoWrite, IsIpKind)));
        d.Add("evt.res", i => new ResultField(i));
        d.Add("evt.rawres", i => new RawResultField(i));
        d.Add("evt.failed", i => new ResultCountField(i, failedIsZero: true, _ => true));
        d.Add("evt.is_io", i => new IntField(i, e => Flag(e, EventFlags.ReadsFromFd | EventFlags.WritesToFd)));
        d.Add("evt.is_io_read", i => new IntField(i, e => Flag(e, EventFlags.ReadsFromFd)));
        d.Add("evt.is_io_write", i => new IntField(i, e => Flag(e, EventFlags.WritesToFd)));
        d.Add("evt.io_dir", i => new StringField(i, e =>
            (e.Info.Flags & EventFlags.WritesToFd) != 0 ? "write" : (e.Info.Flags & EventFlags.ReadsFromFd) != 0 ? "read" : null));
        d.Add("evt.is_wait", i => new IntField(i, e => Flag(e, EventFlags.Waits)));
        d.Add("evt.wait_latency", i => new IntField(i, e =>
            (e.Info.Flags & EventFlags.Waits) != 0 && !e.IsEnter ? (long)(e.Thread?.Latency ?? 0) : null));
        d.Add("evt.is_syslog", i => new IntField(i, e =>
            (e.Info.Flags & EventFlags.WritesToFd) != 0 && e.Fd != null && e.Fd.Name.Contains("/dev/log") ? 1 : 0));
        d.Add("evt.count", i => new IntField(i, _ => 1));
        d.Add("evt.count.error", i => new ResultCountField(i, failedIsZero: false, _ => true));
        d.Add("evt.count.error.file", i => new ResultCountField(i, failedIsZero: false, IsFileError));
        d.Add("evt.count.error.net", i => new ResultCountField(i, failedIsZero: false, IsNetError));
        d.Add("evt.count.error.memory", i => new ResultCountField(i, failedIsZero: false, e => e.Category == EventCategory.Memory));
        d.Add("evt.count.error.other", i => new ResultCountField(i, failedIsZero: false,
            e => !IsFileError(e) && !IsNetError(e) && !(e.Fd == null && e.Category == EventCategory.Memory)));
        d.Add("evt.count.exit", i => new IntField(i, e => e.IsEnter ? null : 1));
        d.Add("evt.count.procinfo", i => new IntField(i, e =>
            e.Type == EventTypes.ProcInfoE && e.Thread is { IsMainThread: true } ? 1 : null));
        d.Add("evt.count.threadinfo", i => new IntField(i, e => e.Type == EventTypes.ProcInfoE ? 1 : null));
        d.Add("evt.is_open_read", i => new IntField(i, e => OpenFlags(e) is { } f && (f & 1) != 0 ? 1 : 0));
        d.Add("evt.is_open_write", i => new IntField(i, e => OpenFlags(e) is { } f && (f & 2) != 0 ? 1 : 0));
        d.Add("evt.is_open_exec", i => new IntField(i, e => IsOpenExec(e) ? 1 : 0));
        d.Add("evt.infra.docker.name", i => new InfrastructureField(i, "Event", InfrastructureField.Part.Trimmed));
        d.Add("evt.infra.docker.container.id", i => new InfrastructureField(i, "ID", InfrastructureField.Part.Id));
        d.Add("evt.infra.docker.container.name", i => new InfrastructureField(i, "name", InfrastructureField.Part.Trimmed));
        d.Add("evt.infra.docker.container.image", i => new InfrastructureField(i, "Image", InfrastructureField.Part.Image));
    }

    static ulong Relative(Event e) => e.Timestamp - e.Inspector.FirstEventTs;

    static bool IsInternal(Event e) => (e.Category & EventCategory.Internal) != 0;

    /// <summary>The thread's latency; 0 without a thread; none for internal events.</summary>
    static ulong? Latency(Event e) => e.Thread == null ? 0 : IsInternal(e) ? null : e.Thread.Latency;

    static long Flag(Event e, EventFlags flags) => (e.Info.Flags & flags) != 0 ? 1 : 0;

    static bool IsFileKind(FdKind k) => k is FdKind.File or FdKind.FileV2;

    static bool IsIpKind(FdKind k) => k is >= FdKind.Ipv4Sock and <= FdKind.Ipv6ServSock;

    /// <summary>An I/O exit's byte count (its non-negative return value), when the event's fd qualifies.</summary>
    static long? BufLen(Event e, bool category, Func<FdKind, bool> kind)
    {
        if (e.Fd == null || !category || !kind(e.Fd.Kind) || e.IsEnter) return null;
        long res = e.ParamInt64(0);
        return res >= 0 ? res : null;
    }

    static bool IsFileError(Event e) => e.Fd != null
        ? e.Fd.Kind is FdKind.File or FdKind.FileV2 or FdKind.Directory
        : e.Type is EventTypes.OpenX or EventTypes.CreatX or EventTypes.OpenAtX or EventTypes.OpenAt2X;

    static bool IsNetError(Event e) => e.Fd != null
        ? e.Fd.Kind is >= FdKind.Ipv4Sock and <= FdKind.Ipv6ServSock or FdKind.UnixSock
        : EventTypes.IsAccept(e.Type) || e.Type == EventTypes.ConnectX;

    /// <summary>The open flags of open/openat events that sysdig checks for evt.is_open_*.</summary>
    static uint? OpenFlags(Event e) => e.Type switch
    {
        EventTypes.OpenX or EventTypes.OpenAtE => e.ParamUInt32(2),
        EventTypes.OpenAt2X or EventTypes.OpenAt2SyscallX => e.ParamUInt32(3),
        _ => null,
    };

    /// <summary>A file created with any execute permission bit.</summary>
    static bool IsOpenExec(Event e)
    {
        const uint Create = 4, TmpFile = 8192, AnyExec = 0x49;
        if (e.Type == EventTypes.CreatX) return (e.ParamUInt32(2) & AnyExec) != 0;
        if (OpenFlags(e) is not { } flags || (flags & (Create | TmpFile)) == 0) return false;
        int modeIndex = e.Type is EventTypes.OpenAt2X or EventTypes.OpenAt2SyscallX ? 4 : 3;
        return (e.ParamUInt32(modeIndex) & AnyExec) != 0;
    }

    static string Category(Event e)
    {
        var category = e.Type is EventTypes.GenericE or EventTypes.GenericX
            ? EventTable.Syscalls[Math.Min((int)e.ParamUInt64(0), EventTable.Syscalls.Length - 1)].Category
            : e.Category;
        if ((category & EventCategory.IoBase) != 0 && category is EventCategory.IoRead or EventCategory.IoWrite or EventCategory.IoOther)
        {
            return e.Fd?.Kind switch
            {
                FdKind.File or FdKind.FileV2 or FdKind.Directory => "file",
                FdKind.Ipv4Sock or FdKind.Ipv6Sock or FdKind.Ipv4ServSock or FdKind.Ipv6ServSock => "net",
                FdKind.Fifo or FdKind.UnixSock or FdKind.Event or FdKind.SignalFd or FdKind.Inotify or FdKind.UserFaultFd => "ipc",
                _ => "unknown",
            };
        }
        return category switch
        {
            EventCategory.Other => "other",
            EventCategory.File => "file",
            EventCategory.Net => "net",
            EventCategory.Ipc => "IPC",
            EventCategory.Memory => "memory",
            EventCategory.Process => "process",
            EventCategory.Sleep => "sleep",
            EventCategory.System => "system",
            EventCategory.Signal => "signal",
            EventCategory.User => "user",
            EventCategory.Time => "time",
            EventCategory.Processing => "processing",
            EventCategory.Wait => "wait",
            EventCategory.Scheduler => "scheduler",
            _ => "unknown",
        };
    }

    /// <summary>"2018-04-02T21:27:03.470393498+0000": always UTC.</summary>
    static void AppendIso8601(TextBuffer o, ulong ts)
    {
        var t = DateTimeOffset.FromUnixTimeSeconds((long)(ts / Second));
        o.Append(t.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture))
         .Append((byte)'.').AppendPadded(ts % Second, 9).Append("+0000"u8);
    }

    static void AppendDateTime(TextBuffer o, ulong ts, bool nanoseconds)
    {
        TimeText.AppendDate(o, ts);
        TimeText.AppendClock(o, ts, nanoseconds);
    }
}

/// <summary>evt.type (the event's name, or the syscall's for generic events) and syscall.type (unset for non-syscalls).</summary>
sealed class EventTypeField(FieldInfo info, bool syscallOnly) : Field(info)
{
    static readonly byte[][] SyscallNames = EventTable.Syscalls.Select(s => System.Text.Encoding.UTF8.GetBytes(s.Name)).ToArray();

    byte[]? TypeName(Event e)
    {
        ushort type = e.Type;
        // sysdig tests the event's flags against its "internal" category bit, which is the skip-parse flag.
        if (syscallOnly && (type == EventTypes.SchedSwitch6E || (e.Info.Flags & EventFlags.SkipParseReset) != 0)) return null;
        if (type is EventTypes.GenericE or EventTypes.GenericX)
        {
            int id = (ushort)e.ParamUInt64(0);
            return id < SyscallNames.Length ? SyscallNames[id] : null;
        }
        return e.Info.NameUtf8;
    }

    public override bool TryGetBytes(Event e, out ReadOnlySpan<byte> value)
    {
        var name = TypeName(e);
        value = name;
        return name != null;
    }

    public override bool TryGetString(Event e, out string value)
    {
        var name = TypeName(e);
        value = name == null ? "" : System.Text.Encoding.UTF8.GetString(name);
        return name != null;
    }

    public override bool Render(Event e, TextBuffer o)
    {
        if (TypeName(e) is not { } name) return false;
        o.Append(name);
        return true;
    }
}

/// <summary>
/// evt.args / evt.info: every parameter as name=value, with its resolved form in parentheses; evt.info shows
/// decoded syslog messages instead, when syslog decoding is on.
/// </summary>
sealed class EventArgsField(FieldInfo info, bool isInfo) : TextField(info)
{
    ParamText? text;

    protected override bool Write(Event e, TextBuffer o)
    {
        if (isInfo && SyslogFields.AppendInfo(e, o)) return true;
        if (e.Type is EventTypes.GenericE or EventTypes.GenericX) return true;   // the syscall id is for internal use
        var renderer = text ??= new ParamText(e.Inspector);
        int count = e.ParamCount;
        var names = e.Info.Params;
        for (int j = 0; j < count; j++)
        {
            renderer.Render(e, j, e.Inspector.BufferFormat);
            o.Append(j < names.Length ? names[j].NameUtf8 : []).Append((byte)'=').Append(renderer.Value.Span);
            if (renderer.Resolved.Length > 0)
                o.Append((byte)'(').Append(renderer.Resolved.Span).Append((byte)')');
            o.Append((byte)' ');
        }
        return true;
    }
}

/// <summary>evt.buffer: the "data" parameter as the buffer format (-A, -x...) prints it.</summary>
sealed class BufferField(FieldInfo info) : TextField(info)
{
    readonly ParamLookup data = new("data");
    ParamText? text;

    protected override bool Write(Event e, TextBuffer o)
    {
        int index = data.Index(e);
        if (index < 0) return false;
        var renderer = text ??= new ParamText(e.Inspector);
        renderer.Render(e, index, e.Inspector.BufferFormat);
        o.Append(renderer.Value.Span);
        return true;
    }
}

/// <summary>evt.res: "SUCCESS", or the error's name, from the "res" parameter or a failed fd-creating exit's "fd".</summary>
sealed class ResultField(FieldInfo info) : TextField(info)
{
    readonly ResultParam result = new();
    ParamText? text;

    protected override bool Write(Event e, TextBuffer o)
    {
        int index = result.Index(e);
        if (index < 0) return false;
        if (e.ParamInt64(index) >= 0)
        {
            o.Append("SUCCESS"u8);
            return true;
        }
        var renderer = text ??= new ParamText(e.Inspector);
        renderer.Render(e, index, BufferFormat.Normal);
        o.Append(renderer.Resolved.Length > 0 ? renderer.Resolved.Span : renderer.Value.Span);
        return true;
    }
}

/// <summary>evt.rawres: the return value as a number.</summary>
sealed class RawResultField(FieldInfo info) : Field(info)
{
    readonly ResultParam result = new();

    public override bool TryGetInt(Event e, out long value)
    {
        int index = result.Index(e);
        value = index < 0 ? 0 : e.ParamInt64(index);
        return index >= 0;
    }
}

/// <summary>
/// evt.failed (0/1, always a value) and the evt.count.error* family (1 for failures the category
/// accepts, else no value).
/// </summary>
sealed class ResultCountField(FieldInfo info, bool failedIsZero, Func<Event, bool> accepts) : Field(info)
{
    readonly ResultParam result = new();

    public override bool TryGetInt(Event e, out long value)
    {
        int index = result.Index(e);
        bool failed = index >= 0 && e.ParamInt64(index) < 0;
        value = failed ? 1 : 0;
        if (failedIsZero) return true;
        return failed && accepts(e);
    }
}

/// <summary>Where an event's result is: its "res" parameter, else the "fd" of an fd-creating exit.</summary>
sealed class ResultParam
{
    readonly ParamLookup res = new("res"), fd = new("fd");

    public int Index(Event e)
    {
        int index = res.Index(e);
        if (index >= 0) return index;
        return (e.Info.Flags & EventFlags.CreatesFd) != 0 && !e.IsEnter ? fd.Index(e) : -1;
    }
}

/// <summary>evt.latency.human: the latency as "10.3ms"; keeps its last text for events without a thread, as sysdig does.</summary>
sealed class LatencyHumanField(FieldInfo info) : TextField(info)
{
    readonly TextBuffer last = new(16);

    protected override bool Write(Event e, TextBuffer o)
    {
        if (e.Thread != null)
        {
            if ((e.Category & EventCategory.Internal) != 0) return false;
            last.Clear();
            Durations.AppendHuman(last, e.Thread.Latency);
        }
        o.Append(last.Span);
        return true;
    }
}

/// <summary>evt.deltatime*: time since the previous event this field was read for (0 the first time).</summary>
sealed class DeltaTimeField(FieldInfo info, Func<ulong, ulong> part) : Field(info)
{
    ulong previous;

    public override bool TryGetInt(Event e, out long value)
    {
        ulong ts = e.Timestamp;
        value = previous == 0 ? 0 : (long)part(ts - previous);
        previous = ts;
        return true;
    }
}

/// <summary>A time shown as text; -j shows the raw timestamp instead.</summary>
sealed class ClockField(FieldInfo info, Action<TextBuffer, ulong> write) : TextField(info)
{
    protected override bool Write(Event e, TextBuffer o)
    {
        write(o, e.Timestamp);
        return true;
    }

    public override bool RenderJson(Event e, TextBuffer output)
    {
        output.Append(e.Timestamp);
        return true;
    }
}

/// <summary>evt.outputtime: the event time as -t chooses (h, a, r, d, D); -j shows the raw timestamp.</summary>
sealed class OutputTimeField(FieldInfo info) : TextField(info)
{
    ulong previous;

    public override bool RenderJson(Event e, TextBuffer output)
    {
        output.Append(e.Timestamp);
        return true;
    }

    protected override bool Write(Event e, TextBuffer o)
    {
        var inspector = e.Inspector;
        ulong ts = e.Timestamp;
        switch (inspector.TimeFormat)
        {
            case 'a':
                o.Append(ts / 1_000_000_000).Append((byte)'.').Append(ts % 1_000_000_000);
                break;
            case 'r':
                AppendSeconds(o, ts - inspector.FirstEventTs);
                break;
            case 'd':
                AppendSeconds(o, e.Thread?.Latency ?? 0);
                break;
            case 'D':
                if (previous == 0) previous = ts;
                AppendSeconds(o, ts - previous);
                previous = ts;
                break;
            default:
                TimeText.AppendClock(o, ts, nanoseconds: true);
                break;
        }
        return true;
    }

    static void AppendSeconds(TextBuffer o, ulong ns) =>
        o.Append(ns / 1_000_000_000).Append((byte)'.').AppendPadded(ns % 1_000_000_000, 9);
}

/// <summary>evt.infra.docker.*: parts of a docker infrastructure event's "Key: value; ..." description.</summary>
sealed class InfrastructureField(FieldInfo info, string key, InfrastructureField.Part part) : Field(info)
{
    public enum Part { Trimmed, Id, Image }

    public override bool TryGetString(Event e, out string value)
    {
        value = "";
        if (e.Type != EventTypes.InfraE) return false;
        var description = System.Text.Encoding.UTF8.GetString(e.ParamString(2));
        foreach (var element in description.Split(';'))
        {
            var item = element.Trim();
            if (!item.StartsWith(key, StringComparison.Ordinal)) continue;
            var pieces = item.Split(':');
            var piece = pieces.Length > 1 ? pieces[1] : "";
            value = part switch
            {
                Part.Id => piece.Trim() is var id && id.Length > 12 ? id[..12] : piece.Trim(),
                Part.Image => (piece.Contains('@') ? piece[..piece.IndexOf('@')]
                    : piece.Contains("sha256") ? item[(item.IndexOf(':') + 1)..] : piece).Trim(),
                _ => piece.Trim(),
            };
            return true;
        }
        return false;
    }
}
