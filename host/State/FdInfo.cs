using Sharpdig.Driver.Snapshot;

namespace Sharpdig.State;

/// <summary>One open fd of a process: its kind, name and, for sockets, the connection it carries.</summary>
public sealed class FdInfo
{
    public FdKind Kind;
    /// <summary>The name sysdig shows: a path, an address tuple, a pipe or socket label.</summary>
    public string Name = "";
    public uint OpenFlags;
    public ulong Ino;
    public uint Dev;
    public FdRole Role;
    /// <summary>For sockets: layer-4 protocol (scap_l4_proto numbering).</summary>
    public L4Proto L4;
    /// <summary>IP endpoints: client (source) and server (destination); 4 or 16 bytes, network order.</summary>
    public byte[] SourceIp = [], DestIp = [];
    public ushort SourcePort, DestPort;
    public ulong UnixSource, UnixDest;
    /// <summary>Set while a socket's connect() is in progress (failed/non-blocking connects keep it).</summary>
    public bool ConnectPending;
    /// <summary>The socket is connected (sinsp's FLAGS_SOCKET_CONNECTED; fd.connected).</summary>
    public bool Connected;

    public bool IsSocket => Kind is FdKind.Ipv4Sock or FdKind.Ipv6Sock or FdKind.Ipv4ServSock or FdKind.Ipv6ServSock or FdKind.UnixSock;
    public bool IsIpSocket => Kind is FdKind.Ipv4Sock or FdKind.Ipv6Sock or FdKind.Ipv4ServSock or FdKind.Ipv6ServSock;
    public bool IsServerSocket => Kind is FdKind.Ipv4ServSock or FdKind.Ipv6ServSock;

    /// <summary>The one-letter type sysdig shows before an fd name ("&lt;f&gt;").</summary>
    public char TypeChar => Kind switch
    {
        FdKind.File or FdKind.FileV2 => 'f',
        FdKind.Directory => 'd',
        FdKind.Ipv4Sock or FdKind.Ipv4ServSock => '4',
        FdKind.Ipv6Sock or FdKind.Ipv6ServSock => '6',
        FdKind.Unknown => 'o',
        FdKind.Unsupported => 'X',
        FdKind.UnixSock => 'u',
        FdKind.Fifo => 'p',
        FdKind.Event => 'e',
        FdKind.SignalFd => 's',
        FdKind.EventPoll => 'l',
        FdKind.Inotify => 'i',
        FdKind.TimerFd => 't',
        FdKind.Netlink => 'n',
        FdKind.Bpf => 'b',
        FdKind.UserFaultFd => 'u',
        FdKind.IoUring => 'r',
        FdKind.MemFd => 'm',
        FdKind.PidFd => 'P',
        _ => '?',
    };

    public FdInfo Clone() => (FdInfo)MemberwiseClone();
}

/// <summary>Which end of a connection this process holds.</summary>
[Flags]
public enum FdRole : byte { None = 0, Client = 1, Server = 2 }

/// <summary>Layer-4 protocols as scap numbers them.</summary>
public enum L4Proto : byte { Unknown = 0, NotApplicable = 1, Tcp = 2, Udp = 3, Icmp = 4, Raw = 5 }
