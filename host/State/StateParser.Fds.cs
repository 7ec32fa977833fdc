using System.Buffers.Binary;
using Sharpdig.Decode;
using Sharpdig.Driver.Snapshot;

namespace Sharpdig.State;

/// <summary>fd lifecycle: open, close, sockets, pipes.</summary>
public sealed partial class StateParser
{
    void ParseOpen(Event e)
    {
        var t = e.Thread;
        long fd = e.ParamInt64(0);
        if (t == null || fd < 0) return;
        var info = e.Info;
        int nameIndex = info.ParamIndex("name");
        var name = e.ParamString(nameIndex);
        string baseDir = t.Cwd;
        int dirfdIndex = info.ParamIndex("dirfd");
        if (dirfdIndex >= 0)
        {
            long dirfd = e.ParamInt64(dirfdIndex);
            if (dirfd != -100) baseDir = t.GetFd(dirfd) is { } dir ? dir.Name + "/" : "";
        }
        int flagsIndex = info.ParamIndex("flags");
        uint flags = flagsIndex >= 0 ? e.ParamUInt32(flagsIndex) : 0;
        var fdInfo = new FdInfo
        {
            Kind = (flags & 1024) != 0 ? FdKind.Directory : FdKind.File,
            Name = PathText.Join(baseDir, name),
            OpenFlags = flags,
        };
        int devIndex = info.ParamIndex("dev");
        if (devIndex >= 0) fdInfo.Dev = e.ParamUInt32(devIndex);
        AddFd(e, t, fd, fdInfo);
    }

    void AddFd(Event e, ThreadInfo t, long fd, FdInfo info)
    {
        t.Fds.Set(fd, info);
        e.Fd = info;
        e.FdNumber = fd;
    }

    void ParseClose(Event e)
    {
        var t = e.Thread;
        if (t == null || e.ParamInt64(0) < 0) return;
        if (e.FdNumber >= 0) t.Fds.Remove(e.FdNumber);
    }

    void ParseSocket(Event e)
    {
        var t = e.Thread;
        long fd = e.ParamInt64(0);
        if (t == null || fd < 0) return;
        var domain = EnterParam(t, 0);
        uint family = domain.Length >= 4 ? BinaryPrimitives.ReadUInt32LittleEndian(domain) : 0;
        var kind = family switch { 1 => FdKind.UnixSock, 2 => FdKind.Ipv4Sock, 10 => FdKind.Ipv6Sock, 16 => FdKind.Netlink, _ => FdKind.Unknown };
        AddFd(e, t, fd, new FdInfo { Kind = kind });
    }

    void ParseConnect(Event e)
    {
        var t = e.Thread;
        var fd = e.Fd;
        if (t == null || fd == null) return;
        var tuple = e.Param(1);
        if (tuple.Length == 13 && tuple[0] == 2)
        {
            fd.Kind = FdKind.Ipv4Sock;
            fd.SourceIp = tuple.Slice(1, 4).ToArray();
            fd.SourcePort = BinaryPrimitives.ReadUInt16LittleEndian(tuple[5..]);
            fd.DestIp = tuple.Slice(7, 4).ToArray();
            fd.DestPort = BinaryPrimitives.ReadUInt16LittleEndian(tuple[11..]);
            fd.Role = FdRole.Client;
            fd.Name = FdNames.Ipv4Tuple(fd);
        }
    }

    void ParseAccept(Event e)
    {
        var t = e.Thread;
        long fd = e.ParamInt64(0);
        if (t == null || fd < 0) return;
        var tuple = e.Param(1);
        var info = new FdInfo { Kind = FdKind.Unknown, Role = FdRole.Server };
        if (tuple.Length == 13 && tuple[0] == 2)
        {
            info.Kind = FdKind.Ipv4Sock;
            info.SourceIp = tuple.Slice(1, 4).ToArray();
            info.SourcePort = BinaryPrimitives.ReadUInt16LittleEndian(tuple[5..]);
            info.DestIp = tuple.Slice(7, 4).ToArray();
            info.DestPort = BinaryPrimitives.ReadUInt16LittleEndian(tuple[11..]);
            info.L4 = L4Proto.Tcp;
            info.Name = FdNames.Ipv4Tuple(info);
        }
        AddFd(e, t, fd, info);
    }

    void ParsePipe(Event e)
    {
        var t = e.Thread;
        if (t == null || e.ParamInt64(0) < 0) return;
        long fd1 = e.ParamInt64(1), fd2 = e.ParamInt64(2);
        ulong ino = e.ParamUInt64(3);
        t.Fds.Set(fd1, new FdInfo { Kind = FdKind.Fifo, Ino = ino });
        t.Fds.Set(fd2, new FdInfo { Kind = FdKind.Fifo, Ino = ino });
    }
}
