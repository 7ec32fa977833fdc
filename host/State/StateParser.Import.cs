using Sharpdig.Decode;
using Sharpdig.Driver.Snapshot;

namespace Sharpdig.State;

/// <summary>The state a capture starts from: its process, fd and interface lists, taken in as sysdig does.</summary>
public sealed partial class StateParser
{
    readonly FdInfo importFd = new();

    /// <summary>Builds the thread table from the capture's process list, then links threads to their main threads and orients sockets.</summary>
    public void Import(SystemSnapshot snapshot)
    {
        var serverPorts = new HashSet<ushort>();
        foreach (var record in snapshot.Threads)
            threads.Add(ThreadFromRecord(record, serverPorts), fromCapture: true);
        interfaces.Load(snapshot.Interfaces);
        threads.CountAllAsChildren();
        FixSocketDirections(serverPorts);
    }

    ThreadInfo ThreadFromRecord(ThreadRecord r, HashSet<ushort> serverPorts)
    {
        var t = new ThreadInfo
        {
            Tid = r.Tid, Pid = r.Pid, Ptid = r.Ptid, Sid = r.Sid, Vpgid = r.Vpgid, Comm = r.Comm, Exe = r.Exe,
            ExePath = r.ExePath, ExeWritable = r.ExeWritable, FdLimit = (long)r.FdLimit, Uid = r.Uid, Gid = r.Gid,
            VmSizeKb = r.VmSizeKb, VmRssKb = r.VmRssKb, VmSwapKb = r.VmSwapKb, PfMajor = r.PfMajor, PfMinor = r.PfMinor,
            Vtid = r.Vtid, Vpid = r.Vpid, Tty = (int)r.Tty, LoginUid = r.LoginUid, Root = r.Root,
        };
        t.Args = SplitNul(r.Args);
        if (t.IsMainThread)
        {
            t.OwnEnv = ParseEnv(r.Env);
            t.SetCwd(System.Text.Encoding.UTF8.GetBytes(r.Cwd));
        }
        t.Flags |= r.Flags | CloneFlags.Active;
        t.Cgroups = ParseCgroups(r.Cgroups);
        t.Table = threads;
        containers.Resolve(t);
        foreach (var fd in r.Fds)
            if (FdFromRecord(fd, serverPorts) is { } info) t.OwnFds.Add(fd.Fd, info);
        return t;
    }

    /// <summary>An fd from the capture's fd list (sinsp's add_fd_from_scap); null for kinds sysdig 0.29.3 does not keep.</summary>
    FdInfo? FdFromRecord(FdRecord r, HashSet<ushort> serverPorts)
    {
        // sysdig reuses one entry for the whole list and resets only some of it: the socket bytes,
        // name and device a kind doesn't set are left from the fds before (and show in its output).
        var fd = importFd;
        fd.Kind = r.Kind;
        fd.Flags = FdFlags.FromProc;
        fd.OpenFlags = 0;
        fd.Ino = r.Ino;
        switch (r.Kind)
        {
            case FdKind.Ipv4Sock:
                fd.Ipv4Sip = Ip4(r.SourceIp); fd.Ipv4Dip = Ip4(r.DestIp);
                fd.Ipv4Sport = r.SourcePort; fd.Ipv4Dport = r.DestPort; fd.Ipv4L4 = (L4Proto)r.L4Proto;
                if (fd.Ipv4L4 == L4Proto.Tcp) fd.Flags |= FdFlags.SocketConnected;
                fd.Name = FdNames.Ipv4Tuple(fd);
                break;
            case FdKind.Ipv4ServSock:
                fd.Ipv4ServerIp = Ip4(r.SourceIp); fd.Ipv4ServerPort = r.SourcePort; fd.Ipv4ServerL4 = (L4Proto)r.L4Proto;
                fd.Name = FdNames.Ipv4Server(fd);
                serverPorts.Add(fd.Ipv4ServerPort);
                break;
            case FdKind.Ipv6Sock:
                if (NetText.IsIpv4Mapped(r.SourceIp) && NetText.IsIpv4Mapped(r.DestIp))
                {
                    fd.Kind = FdKind.Ipv4Sock;
                    fd.Ipv4Sip = Ip4(r.SourceIp.AsSpan(12)); fd.Ipv4Dip = Ip4(r.DestIp.AsSpan(12));
                    fd.Ipv4Sport = r.SourcePort; fd.Ipv4Dport = r.DestPort; fd.Ipv4L4 = (L4Proto)r.L4Proto;
                    if (fd.Ipv4L4 == L4Proto.Tcp) fd.Flags |= FdFlags.SocketConnected;
                    fd.Name = FdNames.Ipv4Tuple(fd);
                }
                else
                {
                    fd.SetIpv6Sip(r.SourceIp); fd.SetIpv6Dip(r.DestIp);
                    fd.Ipv6Sport = r.SourcePort; fd.Ipv6Dport = r.DestPort; fd.Ipv6L4 = (L4Proto)r.L4Proto;
                    if (fd.Ipv6L4 == L4Proto.Tcp) fd.Flags |= FdFlags.SocketConnected;
                    fd.Name = FdNames.Ipv6Tuple(fd);
                }
                break;
            case FdKind.Ipv6ServSock:
                fd.SetIpv6Sip(r.SourceIp); fd.Ipv6ServerPort = r.SourcePort; fd.Ipv6ServerL4 = (L4Proto)r.L4Proto;
                fd.Name = FdNames.Ipv6Server(fd);
                serverPorts.Add(fd.Ipv6ServerPort);
                break;
            case FdKind.UnixSock:
                fd.UnixSource = r.UnixSource; fd.UnixDest = r.UnixDest; fd.Name = r.Name;
                if (fd.Name.Length == 0) fd.SetRoleClient();
                else fd.SetRoleServer();
                break;
            case FdKind.FileV2:
                fd.OpenFlags = r.OpenFlags; fd.Name = r.Name; fd.Dev = r.Dev;
                fd.Flags |= fd.Name == "/dev/null" ? FdFlags.TracerFile : FdFlags.NotTracerFd;
                break;
            case FdKind.Fifo or FdKind.File or FdKind.Directory or FdKind.Unsupported or FdKind.SignalFd
                or FdKind.EventPoll or FdKind.Event or FdKind.Inotify or FdKind.TimerFd or FdKind.Netlink:
                fd.Name = r.Name;
                fd.Flags |= fd.Name == "/dev/null" ? FdFlags.TracerFile : FdFlags.NotTracerFd;
                break;
            default:
                return null;
        }
        return fd;
    }

    static uint Ip4(ReadOnlySpan<byte> ip) => ip.Length >= 4 ? System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(ip) : 0;

    /// <summary>
    /// Sockets from the capture don't say which end the process holds: one whose local port is a
    /// listening port on the machine is the server end (its tuple is turned around), others are clients.
    /// </summary>
    void FixSocketDirections(HashSet<ushort> serverPorts)
    {
        foreach (var t in threads)
            foreach (var (_, fd) in t.OwnFds)
            {
                if (fd.Kind != FdKind.Ipv4Sock) continue;
                if (serverPorts.Contains(fd.Ipv4Sport))
                {
                    (fd.Ipv4Sip, fd.Ipv4Dip) = (fd.Ipv4Dip, fd.Ipv4Sip);
                    (fd.Ipv4Sport, fd.Ipv4Dport) = (fd.Ipv4Dport, fd.Ipv4Sport);
                    fd.Name = FdNames.Ipv4Tuple(fd);
                    fd.SetRoleServer();
                }
                else fd.SetRoleClient();
            }
    }
}
