using Sharpdig.Decode;
using Sharpdig.Driver.Events;
using Sharpdig.Driver.Snapshot;
using Sharpdig.Output;
using Sharpdig.State;

namespace Sharpdig.Fields;

/// <summary>fd.*: the file descriptor an fd-related event creates, uses or closes.</summary>
static class FdFields
{
    public static void Register(Dictionary<string, FieldImplementation> d)
    {
        d.Add("fd.num", i => new IntField(i, e => Thread(e)?.LastEventFd));
        d.Add("fd.type", i => new StringField(i, e => Fd(e, out _) is { } fd ? TypeName(fd.Kind) : null));
        d.Add("fd.typechar", i => new WrittenField(i, WriteTypeChar));
        d.Add("fd.name", i => new FdNameField(i, FdNameField.Part.Name, container: false));
        d.Add("fd.directory", i => new FdNameField(i, FdNameField.Part.Directory, container: false));
        d.Add("fd.filename", i => new FdNameField(i, FdNameField.Part.FileName, container: false));
        d.Add("fd.containername", i => new FdNameField(i, FdNameField.Part.Name, container: true));
        d.Add("fd.containerdirectory", i => new FdNameField(i, FdNameField.Part.Directory, container: true));
        d.Add("fd.ip", i => new FdEndpointsField(i, ports: false));
        d.Add("fd.net", i => new FdEndpointsField(i, ports: false));
        d.Add("fd.port", i => new FdEndpointsField(i, ports: true));
        d.Add("fd.proto", i => new FdEndpointsField(i, ports: true));
        d.Add("fd.cip", i => new FdAddressField(i, Endpoint.Client));
        d.Add("fd.cnet", i => new FdAddressField(i, Endpoint.Client));
        d.Add("fd.sip", i => new FdAddressField(i, Endpoint.Server));
        d.Add("fd.snet", i => new FdAddressField(i, Endpoint.Server));
        d.Add("fd.lip", i => new FdAddressField(i, Endpoint.Local));
        d.Add("fd.lnet", i => new FdAddressField(i, Endpoint.Local));
        d.Add("fd.rip", i => new FdAddressField(i, Endpoint.Remote));
        d.Add("fd.rnet", i => new FdAddressField(i, Endpoint.Remote));
        d.Add("fd.cport", i => new FdPortField(i, Endpoint.Client, text: false));
        d.Add("fd.sport", i => new FdPortField(i, Endpoint.Server, text: false));
        d.Add("fd.lport", i => new FdPortField(i, Endpoint.Local, text: false));
        d.Add("fd.rport", i => new FdPortField(i, Endpoint.Remote, text: false));
        d.Add("fd.cproto", i => new FdPortField(i, Endpoint.Client, text: true));
        d.Add("fd.sproto", i => new FdPortField(i, Endpoint.Server, text: true));
        d.Add("fd.lproto", i => new FdPortField(i, Endpoint.Local, text: true));
        d.Add("fd.rproto", i => new FdPortField(i, Endpoint.Remote, text: true));
        d.Add("fd.l4proto", i => new StringField(i, e => Fd(e, out _) is { } fd ? L4Name(fd) : null));
        d.Add("fd.sockfamily", i => new StringField(i, e => Fd(e, out _) is { } fd
            ? fd.IsIpSocket ? "ip" : fd.Kind == FdKind.UnixSock ? "unix" : null : null));
        d.Add("fd.is_server", i => new IntField(i, e => Fd(e, out var t) is { } fd ? (IsServer(e, t!, fd) ? 1 : 0) : null));
        d.Add("fd.uid", i => new WrittenField(i, (e, o) =>
        {
            if (e.Type == EventTypes.ContainerJsonE || Thread(e) is not { } t) return false;
            o.Append(t.Tid).Append(t.LastEventFd);
            return true;
        }));
        d.Add("fd.connected", i => new IntField(i, e => Fd(e, out _) is { } fd ? (fd.Connected ? 1 : 0) : null));
        d.Add("fd.name_changed", i => new IntField(i, e => Fd(e, out _) != null ? (e.FdNameChanged ? 1 : 0) : null));
        // Names for addresses come from sinsp's DNS cache, which sysdig never fills.
        d.Add("fd.cip.name", i => new NoValueField(i));
        d.Add("fd.sip.name", i => new NoValueField(i));
        d.Add("fd.lip.name", i => new NoValueField(i));
        d.Add("fd.rip.name", i => new NoValueField(i));
        d.Add("fd.dev", i => new IntField(i, e => Fd(e, out _) is { } fd ? (int)fd.Dev : null));
        d.Add("fd.dev.major", i => new IntField(i, e => Fd(e, out _) is { } fd ? (int)((fd.Dev & 0xfff00) >> 8) : null));
        d.Add("fd.dev.minor", i => new IntField(i, e => Fd(e, out _) is { } fd ? (int)((fd.Dev & 0xff) | ((fd.Dev >> 12) & 0xfff00)) : null));
    }

    /// <summary>The event's thread, for events that create, use or close an fd (the only ones with fd fields).</summary>
    internal static ThreadInfo? Thread(Event e) =>
        (e.Info.Flags & (EventFlags.CreatesFd | EventFlags.UsesFd | EventFlags.DestroysFd)) != 0 ? e.Thread : null;

    /// <summary>The event's fd (or the thread's last-used fd); null when there is none or the event is not fd-related.</summary>
    internal static FdInfo? Fd(Event e, out ThreadInfo? thread)
    {
        thread = Thread(e);
        if (thread == null) return null;
        return e.Fd ?? (thread.LastEventFd != -1 ? thread.GetFd(thread.LastEventFd) : null);
    }

    static string TypeName(FdKind kind) => kind switch
    {
        FdKind.File or FdKind.FileV2 => "file",
        FdKind.Directory => "directory",
        FdKind.Ipv4Sock or FdKind.Ipv4ServSock => "ipv4",
        FdKind.Ipv6Sock or FdKind.Ipv6ServSock => "ipv6",
        FdKind.UnixSock => "unix",
        FdKind.Fifo => "pipe",
        FdKind.Event => "event",
        FdKind.SignalFd => "signalfd",
        FdKind.EventPoll => "eventpoll",
        FdKind.Inotify => "inotify",
        FdKind.TimerFd => "timerfd",
        FdKind.Netlink => "netlink",
        FdKind.Bpf => "bpf",
        FdKind.UserFaultFd => "userfaultfd",
        FdKind.IoUring => "io_uring",
        FdKind.MemFd => "memfd",
        FdKind.PidFd => "pidfd",
        _ => "<NA>",
    };

    /// <summary>The fd's type letter; for a failed fd-creating call, the letter of the kind it would have made.</summary>
    static bool WriteTypeChar(Event e, TextBuffer o)
    {
        var fd = Fd(e, out var t);
        if (t == null) return false;
        if (fd != null)
        {
            o.Append((byte)fd.TypeChar);
            return true;
        }
        o.Append((byte)((ushort)(e.Type & ~1) switch
        {
            EventTypes.OpenE or EventTypes.OpenAtE or EventTypes.OpenAt2E or EventTypes.CreatE => 'f',
            // sysdig's guess for any socket.
            EventTypes.SocketE or EventTypes.AcceptE or EventTypes.Accept5E or EventTypes.Accept4E or EventTypes.Accept45E => '4',
            EventTypes.PipeE => 'p',
            EventTypes.EventFdE => 'e',
            EventTypes.SignalFdE => 's',
            EventTypes.TimerFdCreateE => 't',
            EventTypes.InotifyInitE => 'i',
            _ => 'o',
        }));
        return true;
    }

    /// <summary>The layer-4 protocol's name; "&lt;NA&gt;" (as text) for sockets without one.</summary>
    static string L4Name(FdInfo fd) => L4(fd) switch
    {
        L4Proto.Tcp => "tcp",
        L4Proto.Udp => "udp",
        L4Proto.Icmp => "icmp",
        L4Proto.Raw => "raw",
        _ => "<NA>",
    };

    /// <summary>sinsp's get_l4proto: connected sockets without a role report none unless raw.</summary>
    internal static L4Proto L4(FdInfo fd) => fd.Kind switch
    {
        FdKind.Ipv4Sock or FdKind.Ipv6Sock => fd.L4 == L4Proto.Raw ? L4Proto.Raw : fd.Role == FdRole.None ? L4Proto.NotApplicable : fd.L4,
        FdKind.Ipv4ServSock or FdKind.Ipv6ServSock => fd.L4,
        _ => L4Proto.NotApplicable,
    };

    static bool IsServer(Event e, ThreadInfo t, FdInfo fd) => fd.Kind switch
    {
        FdKind.Ipv4ServSock or FdKind.Ipv6ServSock => true,
        FdKind.Ipv4Sock or FdKind.Ipv6Sock => e.Inspector.Interfaces.IsLocal(e.Inspector.Containers, fd.DestIp, t),
        _ => false,
    };
}

/// <summary>Which end of a connection an address or port field reads.</summary>
enum Endpoint { Client, Server, Local, Remote }

/// <summary>
/// fd.name, fd.directory, fd.filename and their container-prefixed forms. Without an fd, exits of calls
/// that create one still name what they tried to open or connect to.
/// </summary>
sealed class FdNameField(FieldInfo info, FdNameField.Part part, bool container) : TextField(info)
{
    public enum Part { Name, Directory, FileName }

    readonly TextBuffer name = new(128);

    protected override bool Write(Event e, TextBuffer o)
    {
        var fd = FdFields.Fd(e, out var t);
        if (t == null) return false;
        name.Clear();
        // A failed connect names what it tried to reach (for fd.name only).
        if (fd == null || (part == Part.Name && e.Type == EventTypes.ConnectX && e.ParamInt64(0) < 0))
        {
            if (part == Part.FileName || !CreatorName(e, t, name)) return false;
        }
        else
        {
            if (part == Part.Directory && fd.Kind is not (FdKind.File or FdKind.FileV2 or FdKind.Directory)) return false;
            if (part == Part.FileName && fd.Kind is not (FdKind.File or FdKind.FileV2)) return false;
            Sanitize(name, fd.Name);
        }
        if (container) o.Append(t.ContainerId).Append((byte)':');
        var text = name.Span;
        int slash = text.LastIndexOf((byte)'/');
        switch (part)
        {
            case Part.Directory when fd == null || fd.Kind != FdKind.Directory:
                if (slash <= 0) o.Append((byte)'/');
                else o.Append(slash < text.Length - 1 ? text[..slash] : text);
                break;
            case Part.FileName:
                if (slash < 0) o.Append((byte)'/');
                else o.Append(slash < text.Length - 1 ? text[(slash + 1)..] : text);
                break;
            default:
                o.Append(text);
                break;
        }
        return true;
    }

    /// <summary>sysdig drops non-printable and non-ASCII characters from fd names.</summary>
    static void Sanitize(TextBuffer o, string s) => Sanitizer.Append(o, s);

    ParamText? text;

    /// <summary>What a (possibly failed) fd-creating exit names; "" for other exits, nothing for enters.</summary>
    bool CreatorName(Event e, ThreadInfo t, TextBuffer o)
    {
        if (e.IsEnter) return false;
        switch (e.Type)
        {
            case EventTypes.OpenX or EventTypes.CreatX or EventTypes.ConnectX or EventTypes.AcceptX or EventTypes.Accept4X
                or EventTypes.Accept5X or EventTypes.Accept45X:
                var renderer = text ??= new ParamText(e.Inspector);
                renderer.Render(e, 1, e.Inspector.BufferFormat);
                o.Append(renderer.Resolved.Length > 0 ? renderer.Resolved.Span : renderer.Value.Span);
                return true;
            case EventTypes.OpenAtX:
                var enter = t.EnterFor(e.Type);
                if (enter.IsEmpty) return false;
                AppendAt(o, t, CString(RawParams.Get(enter, 1)), ReadInt64(RawParams.Get(enter, 0)));
                return true;
            case EventTypes.OpenAt2X:
                AppendAt(o, t, e.ParamString(2), e.ParamInt64(1));
                return true;
            default:
                return true;
        }
    }

    /// <summary>A path relative to a directory fd, made absolute as sinsp's openat parsing does.</summary>
    static void AppendAt(TextBuffer o, ThreadInfo t, ReadOnlySpan<byte> path, long dirfd)
    {
        string dir;
        if (!path.IsEmpty && path[0] == '/') dir = "";
        else if (dirfd == -100) dir = t.Cwd;
        else dir = t.GetFd(dirfd) is { } d ? (d.Name.EndsWith('/') ? d.Name : d.Name + "/") : "<UNKNOWN>";
        Sanitize(o, PathText.Join(dir, path));
    }

    static ReadOnlySpan<byte> CString(ReadOnlySpan<byte> p)
    {
        int nul = p.IndexOf((byte)0);
        return nul >= 0 ? p[..nul] : p;
    }

    static long ReadInt64(ReadOnlySpan<byte> p) => p.Length >= 8 ? System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(p) : 0;
}
