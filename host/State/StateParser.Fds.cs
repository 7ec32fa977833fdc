using System.Buffers.Binary;
using Sharpdig.Decode;
using Sharpdig.Driver.Snapshot;
using static Sharpdig.State.EventIds;

namespace Sharpdig.State;

/// <summary>fd lifecycle: the syscalls that create, duplicate and close fds.</summary>
public sealed partial class StateParser
{
    const uint OpenDirectory = 1024;
    const long AtFdCwd = -100;

    /// <summary>A fresh entry to fill in; <see cref="AddFd"/> stores a copy.</summary>
    FdInfo NewFd(FdKind kind)
    {
        scratch.Reset();
        scratch.Kind = kind;
        return scratch;
    }

    /// <summary>Adds an fd to the thread's table; it becomes the event's fd and the thread's last fd.</summary>
    static FdInfo? AddFd(Event e, ThreadInfo t, long fd, FdInfo info)
    {
        var stored = t.Fds?.Add(fd, info);
        t.LastEventFd = fd;
        e.Fd = stored;
        return stored;
    }

    void ParseOpenExit(Event e)
    {
        if (e.StateThread is not { } t) return;
        ushort type = e.Type;
        bool haveEnter = HasEnter(e);
        long fd = e.ParamInt64(0);
        ReadOnlySpan<byte> name;
        uint flags;
        uint dev = 0;
        string dir;
        if (type == OpenE + 1 || type == CreatE + 1)
        {
            bool open = type == OpenE + 1;
            name = e.Param(1);
            flags = open ? e.ParamUInt32(2) : 0;
            int devIndex = open ? 4 : 3;
            if (e.ParamCount > devIndex) dev = e.ParamUInt32(devIndex);
            if (haveEnter && EnterParam(e, 0, out var enterName) && enterName.Length != 0 && !IsNullName(enterName))
            {
                name = enterName;
                flags = 0;
                if (open && EnterParam(e, 1, out var enterFlags)) flags = ReadUInt32(enterFlags);
            }
            dir = t.Cwd;
        }
        else if (type == OpenAtE + 1)
        {
            EnterParam(e, 1, out name);
            EnterParam(e, 2, out var enterFlags);
            flags = ReadUInt32(enterFlags);
            EnterParam(e, 0, out var enterDirFd);
            dir = DirFdBase(e, t, name, ReadInt64(enterDirFd));
        }
        else
        {
            name = e.Param(2);
            flags = e.ParamUInt32(3);
            long dirfd = e.ParamInt64(1);
            if (type == OpenAt2E + 1 && e.ParamCount > 5) dev = e.ParamUInt32(5);
            if (haveEnter && EnterParam(e, 1, out var enterName) && enterName.Length != 0 && !IsNullName(enterName))
            {
                name = enterName;
                EnterParam(e, 2, out var enterFlags);
                flags = ReadUInt32(enterFlags);
                EnterParam(e, 0, out var enterDirFd);
                dirfd = ReadInt64(enterDirFd);
            }
            dir = DirFdBase(e, t, name, dirfd);
        }
        if (fd < 0) return;
        var info = NewFd((flags & OpenDirectory) != 0 ? FdKind.Directory : FdKind.FileV2);
        info.OpenFlags = flags;
        info.Dev = dev;
        info.Name = PathText.Join(dir, CString(name));
        info.Flags |= info.Name == "/dev/null" ? FdFlags.TracerFile : FdFlags.NotTracerFd;
        AddFd(e, t, fd, info);
    }

    static bool IsNullName(ReadOnlySpan<byte> name) => CString(name).SequenceEqual("(NULL)"u8);

    static ReadOnlySpan<byte> CString(ReadOnlySpan<byte> p)
    {
        int nul = p.IndexOf((byte)0);
        return nul >= 0 ? p[..nul] : p;
    }

    /// <summary>
    /// The directory a path given with a dirfd is relative to (sinsp's parse_dirfd): "." for absolute
    /// paths, the cwd for AT_FDCWD, else the directory fd's name with a '/' (or "&lt;UNKNOWN&gt;").
    /// Looking the fd up makes it the event's fd, as in sysdig.
    /// </summary>
    static string DirFdBase(Event? e, ThreadInfo t, ReadOnlySpan<byte> name, long dirfd)
    {
        if (!name.IsEmpty && name[0] == (byte)'/') return ".";
        if (dirfd == AtFdCwd) return t.Cwd;
        var dir = t.GetFd(dirfd);
        if (e != null) e.Fd = dir;
        if (dir == null) return "<UNKNOWN>";
        return dir.Name + "/";
    }

    /// <summary>sinsp's add_socket: a new socket fd from domain, type and protocol.</summary>
    void AddSocket(Event e, ThreadInfo t, long fd, uint domain, uint type, uint protocol)
    {
        var info = NewFd(FdKind.Unknown);
        info.Ipv4L4 = L4Proto.Unknown;
        if (domain == AfUnix) info.Kind = FdKind.UnixSock;
        else if (domain is AfInet or AfInet6)
        {
            info.Kind = domain == AfInet ? FdKind.Ipv4Sock : FdKind.Ipv6Sock;
            var l4 = L4Proto.Unknown;
            const uint raw = 3;
            switch (protocol)
            {
                case 6: l4 = type == raw ? L4Proto.Raw : L4Proto.Tcp; break;
                case 17: l4 = type == raw ? L4Proto.Raw : L4Proto.Udp; break;
                case 0:
                    l4 = (type & 0xff) switch { 1 => L4Proto.Tcp, 2 => L4Proto.Udp, _ => L4Proto.Unknown };
                    break;
                case 1: l4 = type == raw ? L4Proto.Raw : L4Proto.Icmp; break;
                case 255: l4 = L4Proto.Raw; break;
            }
            if (domain == AfInet) info.Ipv4L4 = l4;
            else
            {
                info.ClearSock(37);
                info.Ipv6L4 = l4;
            }
        }
        else if (domain == AfNetlink) info.Kind = FdKind.Netlink;
        // sysdig is built to keep sockets of families it doesn't know too (as kind "unknown").
        AddFd(e, t, fd, info);
    }

    const uint AfUnix = 1, AfInet = 2, AfInet6 = 10, AfNetlink = 16;

    void ParseSocketExit(Event e)
    {
        long fd = e.ParamInt64(0);
        if (fd < 0 || e.StateThread is not { } t) return;
        if (!EnterParam(e, 0, out var domain)) return;
        EnterParam(e, 1, out var type);
        EnterParam(e, 2, out var protocol);
        AddSocket(e, t, fd, ReadUInt32(domain), ReadUInt32(type), ReadUInt32(protocol));
    }

    /// <summary>A sendto on an fd sysdig never saw created: assumed to be a UDP socket of the address's family.</summary>
    void InferSendToSocket(Event e)
    {
        long fd = e.ParamInt64(0);
        if (fd < 0) return;
        var address = e.Param(2);
        byte family = address.IsEmpty ? (byte)0 : address[0];
        if (family is 2 or 10) AddSocket(e, e.StateThread!, fd, family == 2 ? AfInet : AfInet6, 2, 17);
    }

    void ParsePipeExit(Event e)
    {
        if (e.ParamInt64(0) < 0 || e.StateThread is not { } t) return;
        long fd1 = e.ParamInt64(1), fd2 = e.ParamInt64(2);
        ulong ino = e.ParamUInt64(3);
        var info = NewFd(FdKind.Fifo);
        info.Ino = ino;
        AddFd(e, t, fd1, info);
        AddFd(e, t, fd2, info);
    }

    void ParseSocketPairExit(Event e)
    {
        if (e.ParamInt64(0) < 0 || e.StateThread is not { } t) return;
        long fd1 = e.ParamInt64(1), fd2 = e.ParamInt64(2);
        var info = NewFd(FdKind.UnixSock);
        info.UnixSource = e.ParamUInt64(3);
        info.UnixDest = e.ParamUInt64(4);
        var first = AddFd(e, t, fd1, info);
        AddFd(e, t, fd2, info);
        e.Fd = first;
    }

    /// <summary>eventfd, signalfd, timerfd_create, inotify_init: a nameless fd of a kind.</summary>
    void AddSimpleFd(Event e, FdKind kind)
    {
        if (e.StateThread is not { } t) return;
        long fd = e.ParamInt64(0);
        if (fd < 0) return;
        AddFd(e, t, fd, NewFd(kind));
    }

    void ParseDupExit(Event e)
    {
        if (e.StateThread is not { } t) return;
        long fd = e.ParamInt64(0);
        if (fd < 0) return;
        // A dup onto stdin/stdout is how shells build pipelines.
        if (fd == 0) t.Flags |= CloneFlags.PipeDst;
        if (fd == 1) t.Flags |= CloneFlags.PipeSrc;
        if (e.Fd is not { } source) return;
        AddFd(e, t, fd, source);
    }

    void ParseFcntlExit(Event e)
    {
        long fd = e.ParamInt64(0);
        if (!HasEnter(e) || fd < 0 || e.Fd is not { } source || e.StateThread is not { } t) return;
        AddFd(e, t, fd, source);
    }

    void ParseCloseEnter(Event e)
    {
        if (e.StateThread is not { } t) return;
        var fd = t.GetFd(t.LastEventFd);
        e.Fd = fd;
        if (fd != null) fd.Flags |= FdFlags.CloseInProgress;
    }

    void ParseCloseExit(Event e)
    {
        if (e.ParamInt64(0) < 0)
        {
            if (e.Fd != null) e.Fd.Flags &= ~FdFlags.CloseInProgress;
            return;
        }
        if (e.Fd is not { } fd || e.StateThread is not { } t) return;
        if ((fd.Flags & FdFlags.CloseCanceled) != 0)
        {
            fd.Flags &= ~FdFlags.CloseCanceled;
            if (t.GetFd(FdTable.CanceledFd) != null) ScheduleFdRemoval(t, FdTable.CanceledFd);
        }
        else ScheduleFdRemoval(t, t.LastEventFd);
    }

    void ParseGetSockOptExit(Event e)
    {
        if (e.ParamCount == 0 || e.StateThread is not { } t) return;
        long fd = e.ParamInt64(1);
        e.Fd = t.MainThread?.GetFd(fd);
        t.LastEventFd = fd;
    }

    static ushort Port(ReadOnlySpan<byte> p, int at) => BinaryPrimitives.ReadUInt16LittleEndian(p[at..]);
}
