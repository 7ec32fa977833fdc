using System.Buffers.Binary;
using Sharpdig.Decode;
using Sharpdig.Driver.Events;
using Sharpdig.Driver.Snapshot;
using static Sharpdig.State.EventIds;

namespace Sharpdig.State;

/// <summary>Sockets: bind, connect, accept, and the tuples datagram reads and writes reveal.</summary>
public sealed partial class StateParser
{
    const byte FamilyUnix = 1, FamilyInet = 2, FamilyInet6 = 10;

    static uint U32(ReadOnlySpan<byte> p, int at) => BinaryPrimitives.ReadUInt32LittleEndian(p[at..]);

    void ParseBindExit(Event e)
    {
        if (e.Fd is not { } fd || e.ParamInt64(0) < 0) return;
        var address = e.Param(1);
        if (address.IsEmpty) return;
        if (address[0] == FamilyInet && address.Length >= 7)
        {
            ushort port = Port(address, 5);
            if (port > 0)
            {
                fd.Kind = FdKind.Ipv4ServSock;
                var l4 = fd.Ipv4L4;
                fd.Ipv4ServerIp = U32(address, 1);
                fd.Ipv4ServerPort = port;
                fd.Ipv4ServerL4 = l4;
                fd.SetRoleServer();
            }
        }
        else if (address[0] == FamilyInet6 && address.Length >= 19)
        {
            ushort port = Port(address, 17);
            if (port > 0)
            {
                var ip = address.Slice(1, 16);
                if (NetText.IsIpv4Mapped(ip))
                {
                    fd.Kind = FdKind.Ipv4ServSock;
                    fd.Ipv4ServerL4 = fd.Ipv6L4;
                    fd.Ipv4ServerIp = U32(address, 13);
                    fd.Ipv4ServerPort = port;
                }
                else
                {
                    fd.Kind = FdKind.Ipv6ServSock;
                    fd.Ipv6ServerPort = port;
                    fd.SetIpv6Sip(ip);
                    fd.Ipv6ServerL4 = fd.Ipv6L4;
                }
                fd.SetRoleServer();
            }
        }
        fd.Name = FdNames.Param(address, tuple: false, e.FdL4);
    }

    void ParseConnectEnter(Event e)
    {
        if (e.Fd is not { } fd || e.ParamCount < 2) return;
        var address = e.Param(1);
        if (address.IsEmpty) return;
        if (address[0] == FamilyInet && address.Length >= 7)
        {
            fd.Kind = FdKind.Ipv4Sock;
            fd.Ipv4Dip = U32(address, 1);
            fd.Ipv4Dport = Port(address, 5);
        }
        else if (address[0] == FamilyInet6 && address.Length >= 19)
        {
            ushort port = Port(address, 17);
            var ip = address.Slice(1, 16);
            if (NetText.IsIpv4Mapped(ip))
            {
                fd.Kind = FdKind.Ipv4Sock;
                fd.Ipv4Dip = U32(address, 13);
                fd.Ipv4Dport = port;
            }
            else
            {
                fd.Kind = FdKind.Ipv6Sock;
                fd.Ipv6Dport = port;
                fd.SetIpv6Dip(ip);
            }
        }
        else
        {
            fd.Name = FdNames.Param(address, tuple: false, e.FdL4);
            SetUnixInfo(fd, address);
        }
    }

    static void SetUnixInfo(FdInfo fd, ReadOnlySpan<byte> packed)
    {
        if (packed.Length < 17) return;
        fd.UnixSource = BinaryPrimitives.ReadUInt64LittleEndian(packed[1..]);
        fd.UnixDest = BinaryPrimitives.ReadUInt64LittleEndian(packed[9..]);
    }

    void ParseConnectExit(Event e)
    {
        if (e.Fd is not { } fd) return;
        long res = e.ParamInt64(0);
        const long inProgress = -115;
        if (res < 0 && res != inProgress) return;
        fd.SetConnected();
        var tuple = e.Param(1);
        if (tuple.IsEmpty) return;
        FillClientSocket(e, fd, tuple);
    }

    /// <summary>sinsp's fill_client_socket_info: the connected tuple, the fd's name, and the client role unless known.</summary>
    void FillClientSocket(Event e, FdInfo fd, ReadOnlySpan<byte> tuple)
    {
        byte family = tuple[0];
        if (family is FamilyInet or FamilyInet6)
        {
            if (tuple.Length < (family == FamilyInet ? 13 : 37)) return;
            bool changed;
            if (family == FamilyInet6)
            {
                if (!(NetText.IsIpv4Mapped(tuple.Slice(1, 16)) && NetText.IsIpv4Mapped(tuple.Slice(19, 16))))
                {
                    fd.Kind = FdKind.Ipv6Sock;
                    changed = SetIpv6Tuple(fd, tuple);
                }
                else
                {
                    fd.Kind = FdKind.Ipv4Sock;
                    changed = SetIpv4MappedTuple(fd, tuple);
                }
            }
            else
            {
                fd.Kind = FdKind.Ipv4Sock;
                changed = SetIpv4Tuple(fd, tuple);
            }
            if (changed && fd.IsRoleServer && fd.IsUdpSocket) SwapAddresses(fd);
            fd.Name = FdNames.Connected(fd);
        }
        else
        {
            fd.Name = FdNames.Param(tuple, tuple: true, e.FdL4);
            SetUnixInfo(fd, tuple);
        }
        if (fd.IsRoleNone) fd.SetRoleClient();
    }

    void ParseAcceptExit(Event e)
    {
        if (e.StateThread is not { } t) return;
        long fdNumber = e.ParamInt64(0);
        if (fdNumber < 0) return;
        t.LastEventFd = fdNumber;
        var tuple = e.Param(1);
        if (tuple.IsEmpty) return;
        var info = NewFd(FdKind.Uninitialized);
        switch (tuple[0])
        {
            case FamilyInet when tuple.Length >= 13:
                SetIpv4Tuple(info, tuple);
                info.Kind = FdKind.Ipv4Sock;
                info.Ipv4L4 = L4Proto.Tcp;
                break;
            case FamilyInet6 when tuple.Length >= 37:
                if (NetText.IsIpv4Mapped(tuple.Slice(1, 16)) && NetText.IsIpv4Mapped(tuple.Slice(19, 16)))
                {
                    SetIpv4MappedTuple(info, tuple);
                    info.Kind = FdKind.Ipv4Sock;
                    info.Ipv4L4 = L4Proto.Tcp;
                }
                else
                {
                    SetIpv6Tuple(info, tuple);
                    info.Kind = FdKind.Ipv6Sock;
                    info.Ipv6L4 = L4Proto.Tcp;
                }
                break;
            case FamilyUnix:
                info.Kind = FdKind.UnixSock;
                SetUnixInfo(info, tuple);
                break;
            default:
                return;
        }
        info.Name = FdNames.Param(tuple, tuple: true, e.FdL4);
        info.Flags = FdFlags.RoleServer;
        info.SetConnected();
        AddFd(e, t, fdNumber, info);
    }

    /// <summary>
    /// Stores a tuple unless the fd already holds it (either way round); a known destination is
    /// kept. Returns whether anything changed (sinsp's update_ipv4_addresses_and_ports).
    /// </summary>
    static bool UpdateIpv4(FdInfo fd, uint sip, ushort sport, uint dip, ushort dport)
    {
        if (fd.Kind == FdKind.Ipv4Sock
            && ((sip == fd.Ipv4Sip && sport == fd.Ipv4Sport && dip == fd.Ipv4Dip && dport == fd.Ipv4Dport)
                || (dip == fd.Ipv4Sip && dport == fd.Ipv4Sport && sip == fd.Ipv4Dip && sport == fd.Ipv4Dport)))
            return false;
        bool changed = false;
        if (fd.Ipv4Sip != sip) { fd.Ipv4Sip = sip; changed = true; }
        if (fd.Ipv4Sport != sport) { fd.Ipv4Sport = sport; changed = true; }
        if (fd.Ipv4Dip == 0) { fd.Ipv4Dip = dip; changed = true; }
        if (fd.Ipv4Dport == 0) { fd.Ipv4Dport = dport; changed = true; }
        return changed;
    }

    static bool SetIpv4Tuple(FdInfo fd, ReadOnlySpan<byte> p) => UpdateIpv4(fd, U32(p, 1), Port(p, 5), U32(p, 7), Port(p, 11));

    static bool SetIpv4MappedTuple(FdInfo fd, ReadOnlySpan<byte> p) => UpdateIpv4(fd, U32(p, 13), Port(p, 17), U32(p, 31), Port(p, 35));

    static bool SetIpv6Tuple(FdInfo fd, ReadOnlySpan<byte> p)
    {
        var sip = p.Slice(1, 16);
        ushort sport = Port(p, 17);
        var dip = p.Slice(19, 16);
        ushort dport = Port(p, 35);
        if (fd.Kind == FdKind.Ipv6Sock
            && ((sip.SequenceEqual(fd.Ipv6Sip) && sport == fd.Ipv6Sport && dip.SequenceEqual(fd.Ipv6Dip) && dport == fd.Ipv6Dport)
                || (dip.SequenceEqual(fd.Ipv6Sip) && dport == fd.Ipv6Sport && sip.SequenceEqual(fd.Ipv6Dip) && sport == fd.Ipv6Dport)))
            return false;
        bool changed = false;
        if (!sip.SequenceEqual(fd.Ipv6Sip)) { fd.SetIpv6Sip(sip); changed = true; }
        if (fd.Ipv6Sport != sport) { fd.Ipv6Sport = sport; changed = true; }
        if (fd.Ipv6Dip.IndexOfAnyExcept((byte)0) < 0) { fd.SetIpv6Dip(dip); changed = true; }
        if (fd.Ipv6Dport == 0) { fd.Ipv6Dport = dport; changed = true; }
        return changed;
    }

    static void SwapAddresses(FdInfo fd)
    {
        if (fd.Kind == FdKind.Ipv4Sock)
        {
            (fd.Ipv4Sip, fd.Ipv4Dip) = (fd.Ipv4Dip, fd.Ipv4Sip);
            (fd.Ipv4Sport, fd.Ipv4Dport) = (fd.Ipv4Dport, fd.Ipv4Sport);
            return;
        }
        Span<byte> ip = stackalloc byte[16];
        fd.Ipv6Sip.CopyTo(ip);
        fd.SetIpv6Sip(fd.Ipv6Dip);
        fd.SetIpv6Dip(ip);
        (fd.Ipv6Sport, fd.Ipv6Dport) = (fd.Ipv6Dport, fd.Ipv6Sport);
    }

    /// <summary>Takes a datagram's tuple into the fd (sinsp's update_fd); false when there was nothing new.</summary>
    bool UpdateFromTuple(FdInfo fd, ReadOnlySpan<byte> tuple)
    {
        if (tuple.IsEmpty) return false;
        byte family = tuple[0];
        if (family == FamilyInet && tuple.Length >= 13)
        {
            if (fd.Kind == FdKind.Ipv4ServSock) fd.Ipv4L4 = fd.Ipv4ServerL4;
            fd.Kind = FdKind.Ipv4Sock;
            if (!SetIpv4Tuple(fd, tuple)) return false;
        }
        else if (family == FamilyInet6 && tuple.Length >= 37)
        {
            if (NetText.IsIpv4Mapped(tuple.Slice(1, 16)) && NetText.IsIpv4Mapped(tuple.Slice(19, 16)))
            {
                fd.Kind = FdKind.Ipv4Sock;
                if (!SetIpv4MappedTuple(fd, tuple)) return false;
            }
            else if (!SetIpv6Tuple(fd, tuple)) return false;
        }
        else if (family == FamilyUnix)
        {
            fd.Kind = FdKind.UnixSock;
            SetUnixInfo(fd, tuple);
            fd.Name = tuple.Length > 17 ? System.Text.Encoding.UTF8.GetString(CString(tuple[17..])) : "";
            return true;
        }
        if (fd.Kind == FdKind.Ipv4Sock && fd.Ipv4L4 == L4Proto.Unknown) fd.Ipv4L4 = L4Proto.Udp;
        else if (fd.Kind == FdKind.Ipv6Sock && fd.Ipv6L4 == L4Proto.Unknown) fd.Ipv6L4 = L4Proto.Udp;
        interfaces.CompleteTuple(fd);
        return true;
    }

    /// <summary>
    /// sinsp's role guess for a socket first seen in a read or write: the owner of the destination
    /// port is the server, unless it also uses the source port; then reads suggest a server.
    /// </summary>
    static void GuessRole(ThreadInfo t, FdInfo fd, bool incoming)
    {
        if (!t.IsBoundToPort(fd.Ipv4Dport))
        {
            fd.SetRoleClient();
            return;
        }
        if (!t.UsesClientPort(fd.Ipv4Sport))
        {
            fd.SetRoleServer();
            return;
        }
        if (fd.IsRoleNone)
        {
            if (incoming) fd.SetRoleServer();
            else fd.SetRoleClient();
        }
    }

    void ParseReadWriteExit(Event e)
    {
        if (e.Fd is not { } fd || e.StateThread is not { } t) return;
        long res = e.ParamInt64(0);
        if (res < 0) return;
        if (fd.Kind is FdKind.Ipv4Sock or FdKind.Ipv6Sock) fd.SetConnected();
        ushort type = e.Type;
        bool incoming = (e.Info.Flags & EventFlags.ReadsFromFd) != 0;
        int tupleParam = type switch
        {
            RecvFromE + 1 => 2,
            RecvMsgE + 1 => 3,
            SendToE + 1 or SendMsgE + 1 => 2,
            _ => -1,
        };
        if (tupleParam < 0 || (fd.Name.Length != 0 && fd.IsTcpSocket)) return;
        ReadOnlySpan<byte> tuple;
        if (incoming) tuple = e.Param(tupleParam);
        else if (!EnterParam(e, tupleParam, out tuple)) return;
        if (!UpdateFromTuple(fd, tuple)) return;
        if (fd.Kind is FdKind.Ipv4Sock or FdKind.Ipv6Sock)
        {
            if (fd.IsRoleNone) GuessRole(t, fd, incoming);
            if (incoming ? fd.IsRoleClient : fd.IsRoleServer) SwapAddresses(fd);
            fd.Name = FdNames.Connected(fd);
        }
        else fd.Name = FdNames.Param(tuple, tuple: true, e.FdL4);
    }
}
