using Sharpdig.Decode;
using Sharpdig.Driver.Events;
using Sharpdig.Driver.Snapshot;
using Sharpdig.Output;

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
            e.StateThread == null || IsInternal(e) || e.StateThread.Latency == 0 ? null : e.StateThread.Latency < 100_000_000_000 ? 1 : 0));
        d.Add("evt.latency.human", i => new LatencyHumanField(i));
        d.Add("evt.deltatime", i => new DeltaTimeField(i, d => d));
        d.Add("evt.deltatime.s", i => new DeltaTimeField(i, d => d / Second));
        d.Add("evt.deltatime.ns", i => new DeltaTimeField(i, d => d % Second));
        d.Add("evt.outputtime", i => new OutputTimeField(i));
        d.Add("evt.dir", i => new StringField(i, e => e.IsEnter ? ">" : "<", byType: true));
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
        d.Add("evt.is_io", i => new IntField(i, e => Flag(e, EventFlags.ReadsFromFd | EventFlags.WritesToFd), byType: true));
        d.Add("evt.is_io_read", i => new IntField(i, e => Flag(e, EventFlags.ReadsFromFd), byType: true));
        d.Add("evt.is_io_write", i => new IntField(i, e => Flag(e, EventFlags.WritesToFd), byType: true));
        d.Add("evt.io_dir", i => new StringField(i, e =>
            (e.Info.Flags & EventFlags.WritesToFd) != 0 ? "write" : (e.Info.Flags & EventFlags.ReadsFromFd) != 0 ? "read" : null, byType: true));
        d.Add("evt.is_wait", i => new IntField(i, e => Flag(e, EventFlags.Waits), byType: true));
        d.Add("evt.wait_latency", i => new IntField(i, e =>
            (e.Info.Flags & EventFlags.Waits) != 0 && !e.IsEnter ? (long)(e.StateThread?.Latency ?? 0) : null));
        d.Add("evt.is_syslog", i => new IntField(i, e =>
            (e.Info.Flags & EventFlags.WritesToFd) != 0 && e.Fd != null && e.Fd.Name.Contains("/dev/log") ? 1 : 0));
        d.Add("evt.count", i => new IntField(i, _ => 1, byType: true));
        d.Add("evt.count.error", i => new ResultCountField(i, failedIsZero: false, _ => true));
        d.Add("evt.count.error.file", i => new ResultCountField(i, failedIsZero: false, IsFileError));
        d.Add("evt.count.error.net", i => new ResultCountField(i, failedIsZero: false, IsNetError));
        d.Add("evt.count.error.memory", i => new ResultCountField(i, failedIsZero: false, e => e.Category == EventCategory.Memory));
        d.Add("evt.count.error.other", i => new ResultCountField(i, failedIsZero: false,
            e => !IsFileError(e) && !IsNetError(e) && !(e.Fd == null && e.Category == EventCategory.Memory)));
        d.Add("evt.count.exit", i => new IntField(i, e => e.IsEnter ? null : 1, byType: true));
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
    /// <summary>sysdig reads latencies from the thread state paired the event with, not from a table lookup.</summary>
    static ulong? Latency(Event e) => e.StateThread == null ? 0 : IsInternal(e) ? null : e.StateThread.Latency;

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
