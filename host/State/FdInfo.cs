using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Sharpdig.Driver.Snapshot;

namespace Sharpdig.State;

/// <summary>
/// One open fd of a process, as sysdig keeps it: its kind, flags, name and, for sockets, the
/// addresses. The socket part is one 40-byte area read through several views (IPv4 tuple, IPv6
/// tuple, IPv4/IPv6 server address, unix pair), exactly as sysdig's union: a socket that changes
/// kind keeps the bytes the other views wrote, and sysdig's output depends on that.
/// </summary>
public sealed class FdInfo
{
    public FdKind Kind = FdKind.Uninitialized;
    public FdFlags Flags;
    /// <summary>The name sysdig shows: a path, an address tuple, a pipe or socket label.</summary>
    public string Name = "";
    /// <summary>The name when the current event first looked the fd up (to tell whether parsing renamed it).</summary>
    public string OldName = "";
    /// <summary>For files: the PPM_O_* flags the file was opened with.</summary>
    public uint OpenFlags;
    public uint Dev;
    public uint MountId;
    public ulong Ino;
    SockBytes sock;

    [InlineArray(40)]
    struct SockBytes { byte b; }

    /// <summary>The raw socket area (network-order addresses, host-order ports at sysdig's offsets).</summary>
    public Span<byte> Sock => sock;

    // IPv4 tuple view: sip@0 dip@4 sport@8 dport@10 l4proto@12.
    public uint Ipv4Sip { get => U32(0); set => SetU32(0, value); }
    public uint Ipv4Dip { get => U32(4); set => SetU32(4, value); }
    public ushort Ipv4Sport { get => U16(8); set => SetU16(8, value); }
    public ushort Ipv4Dport { get => U16(10); set => SetU16(10, value); }
    public L4Proto Ipv4L4 { get => (L4Proto)sock[12]; set => sock[12] = (byte)value; }

    // IPv6 tuple view: sip@0 dip@16 sport@32 dport@34 l4proto@36.
    public ReadOnlySpan<byte> Ipv6Sip => Sock.Slice(0, 16);
    public ReadOnlySpan<byte> Ipv6Dip => Sock.Slice(16, 16);
    public ushort Ipv6Sport { get => U16(32); set => SetU16(32, value); }
    public ushort Ipv6Dport { get => U16(34); set => SetU16(34, value); }
    public L4Proto Ipv6L4 { get => (L4Proto)sock[36]; set => sock[36] = (byte)value; }
    public void SetIpv6Sip(ReadOnlySpan<byte> ip) => ip[..16].CopyTo(Sock);
    public void SetIpv6Dip(ReadOnlySpan<byte> ip) => ip[..16].CopyTo(Sock[16..]);

    // IPv4 server view: ip@0 port@4 l4proto@6.
    public uint Ipv4ServerIp { get => U32(0); set => SetU32(0, value); }
    public ushort Ipv4ServerPort { get => U16(4); set => SetU16(4, value); }
    public L4Proto Ipv4ServerL4 { get => (L4Proto)sock[6]; set => sock[6] = (byte)value; }

    // IPv6 server view: ip@0 port@16 l4proto@18.
    public ReadOnlySpan<byte> Ipv6ServerIp => Sock.Slice(0, 16);
    public ushort Ipv6ServerPort { get => U16(16); set => SetU16(16, value); }
    public L4Proto Ipv6ServerL4 { get => (L4Proto)sock[18]; set => sock[18] = (byte)value; }

    // Unix view: source@0 dest@8.
    public ulong UnixSource { get => BinaryPrimitives.ReadUInt64LittleEndian(Sock); set => BinaryPrimitives.WriteUInt64LittleEndian(Sock, value); }
    public ulong UnixDest { get => BinaryPrimitives.ReadUInt64LittleEndian(Sock[8..]); set => BinaryPrimitives.WriteUInt64LittleEndian(Sock[8..], value); }

    uint U32(int at) => BinaryPrimitives.ReadUInt32LittleEndian(Sock[at..]);
    void SetU32(int at, uint v) => BinaryPrimitives.WriteUInt32LittleEndian(Sock[at..], v);
    ushort U16(int at) => BinaryPrimitives.ReadUInt16LittleEndian(Sock[at..]);
    void SetU16(int at, ushort v) => BinaryPrimitives.WriteUInt16LittleEndian(Sock[at..], v);

    /// <summary>Zeroes the first <paramref name="length"/> bytes of the socket area.</summary>
    public void ClearSock(int length = 40) => Sock[..length].Clear();

    /// <summary>The client end's address of an IP socket (a server socket's own address); empty for other fds.</summary>
    public ReadOnlySpan<byte> SourceIp => Kind switch
    {
        FdKind.Ipv4Sock or FdKind.Ipv4ServSock => Sock[..4],
        FdKind.Ipv6Sock or FdKind.Ipv6ServSock => Sock[..16],
        _ => default,
    };

    /// <summary>The server end's address of a connected IP socket; empty for server sockets and other fds.</summary>
    public ReadOnlySpan<byte> DestIp => Kind switch
    {
        FdKind.Ipv4Sock => Sock.Slice(4, 4),
        FdKind.Ipv6Sock => Sock.Slice(16, 16),
        _ => default,
    };

    public ushort SourcePort => Kind switch
    {
        FdKind.Ipv4Sock => Ipv4Sport, FdKind.Ipv4ServSock => Ipv4ServerPort,
        FdKind.Ipv6Sock => Ipv6Sport, FdKind.Ipv6ServSock => Ipv6ServerPort, _ => 0,
    };

    public ushort DestPort => Kind switch { FdKind.Ipv4Sock => Ipv4Dport, FdKind.Ipv6Sock => Ipv6Dport, _ => 0 };

    public bool Connected => (Flags & FdFlags.SocketConnected) != 0;

    public bool IsRoleClient => (Flags & FdFlags.RoleClient) != 0;
    public bool IsRoleServer => (Flags & FdFlags.RoleServer) != 0;
    public bool IsRoleNone => (Flags & (FdFlags.RoleClient | FdFlags.RoleServer)) == 0;
    public void SetRoleClient() => Flags |= FdFlags.RoleClient;
    public void SetRoleServer() => Flags |= FdFlags.RoleServer;

    public void SetConnected() => Flags = (Flags & ~(FdFlags.ConnectionPending | FdFlags.ConnectionFailed)) | FdFlags.SocketConnected;
    public void SetPending() => Flags = (Flags & ~(FdFlags.SocketConnected | FdFlags.ConnectionFailed)) | FdFlags.ConnectionPending;
    public void SetFailed() => Flags = (Flags & ~(FdFlags.SocketConnected | FdFlags.ConnectionPending)) | FdFlags.ConnectionFailed;

    /// <summary>sysdig only calls IPv4 sockets UDP or TCP (IPv6 ones never are).</summary>
    public bool IsUdpSocket => Kind == FdKind.Ipv4Sock && Ipv4L4 == L4Proto.Udp;
    public bool IsTcpSocket => Kind == FdKind.Ipv4Sock && Ipv4L4 == L4Proto.Tcp;
    public bool IsFile => Kind is FdKind.File or FdKind.FileV2;
    public bool IsSocket => Kind is FdKind.Ipv4Sock or FdKind.Ipv6Sock or FdKind.Ipv4ServSock or FdKind.Ipv6ServSock or FdKind.UnixSock;
    public bool IsIpSocket => Kind is FdKind.Ipv4Sock or FdKind.Ipv6Sock or FdKind.Ipv4ServSock or FdKind.Ipv6ServSock;
    public bool IsServerSocket => Kind is FdKind.Ipv4ServSock or FdKind.Ipv6ServSock;

    /// <summary>The layer-4 protocol as sysdig reports it: unknown ("NA") for connected sockets without a role yet.</summary>
    public L4Proto L4 => Kind switch
    {
        FdKind.Ipv4Sock => Ipv4L4 == L4Proto.Raw ? L4Proto.Raw : IsRoleNone ? L4Proto.NotApplicable : Ipv4L4,
        FdKind.Ipv4ServSock => Ipv4ServerL4,
        FdKind.Ipv6Sock => Ipv6L4 == L4Proto.Raw ? L4Proto.Raw : IsRoleNone ? L4Proto.NotApplicable : Ipv6L4,
        FdKind.Ipv6ServSock => Ipv6ServerL4,
        _ => L4Proto.NotApplicable,
    };

    /// <summary>Which end of a connection this process holds.</summary>
    public FdRole Role => (IsRoleClient ? FdRole.Client : 0) | (IsRoleServer ? FdRole.Server : 0);

    /// <summary>The server port of a connected socket (0 for other kinds).</summary>
    public ushort ServerPort => Kind switch { FdKind.Ipv4Sock => Ipv4Dport, FdKind.Ipv6Sock => Ipv6Dport, _ => 0 };

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
        _ => '?',
    };

    /// <summary>Back to a fresh, uninitialized entry (all zero).</summary>
    public void Reset()
    {
        Kind = FdKind.Uninitialized;
        Flags = FdFlags.None;
        Name = OldName = "";
        OpenFlags = Dev = MountId = 0;
        Ino = 0;
        sock = default;
    }

    public void CopyFrom(FdInfo o)
    {
        Kind = o.Kind;
        Flags = o.Flags;
        Name = o.Name;
        OldName = o.OldName;
        OpenFlags = o.OpenFlags;
        Dev = o.Dev;
        MountId = o.MountId;
        Ino = o.Ino;
        sock = o.sock;
    }

    public FdInfo Clone()
    {
        var c = new FdInfo();
        c.CopyFrom(this);
        return c;
    }
}

/// <summary>sysdig's per-fd flags (sinsp_fdinfo FLAGS_*).</summary>
[Flags]
public enum FdFlags : uint
{
    None = 0, FromProc = 1 << 0, RoleClient = 1 << 2, RoleServer = 1 << 3, CloseInProgress = 1 << 4,
    CloseCanceled = 1 << 5, SocketPipe = 1 << 6, TracerFile = 1 << 7, TracerFd = 1 << 8, NotTracerFd = 1 << 9,
    SocketConnected = 1 << 13, Cloned = 1 << 14, ConnectionPending = 1 << 15, ConnectionFailed = 1 << 16,
}

/// <summary>Which end of a connection this process holds.</summary>
[Flags]
public enum FdRole : byte { None = 0, Client = 1, Server = 2 }

/// <summary>Layer-4 protocols as scap numbers them.</summary>
public enum L4Proto : byte { Unknown = 0, NotApplicable = 1, Tcp = 2, Udp = 3, Icmp = 4, Raw = 5 }
