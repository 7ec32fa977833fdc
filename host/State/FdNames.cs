using System.Buffers.Binary;
using Sharpdig.Decode;
using Sharpdig.Driver.Snapshot;
using Sharpdig.Output;

namespace Sharpdig.State;

/// <summary>
/// The names sysdig gives socket fds. sysdig has several renderings (for fds read from the capture,
/// for tuples learned from events, for parameters) that differ in small ways; each is kept here.
/// </summary>
public static class FdNames
{
    [ThreadStatic] static TextBuffer? scratch;

    static TextBuffer Scratch()
    {
        var b = scratch ??= new TextBuffer();
        b.Clear();
        return b;
    }

    static void Ipv4(TextBuffer b, uint ip)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, ip);
        NetText.AppendIpv4(b, bytes);
    }

    /// <summary>":port", named under -R after the protocol the socket view records.</summary>
    static TextBuffer Port(TextBuffer b, ushort port, L4Proto l4)
    {
        b.Append((byte)':');
        Services.AppendPort(b, port, l4);
        return b;
    }

    /// <summary>"a.b.c.d:p->e.f.g.h:q" from the IPv4 tuple view (sysdig's ipv4tuple_to_string).</summary>
    public static string Ipv4Tuple(FdInfo fd)
    {
        var b = Scratch();
        Ipv4(b, fd.Ipv4Sip);
        Port(b, fd.Ipv4Sport, fd.Ipv4L4).Append("->");
        Ipv4(b, fd.Ipv4Dip);
        Port(b, fd.Ipv4Dport, fd.Ipv4L4);
        return b.ToString();
    }

    /// <summary>"a.b.c.d:p" from the IPv4 server view.</summary>
    public static string Ipv4Server(FdInfo fd)
    {
        var b = Scratch();
        Ipv4(b, fd.Ipv4ServerIp);
        Port(b, fd.Ipv4ServerPort, fd.Ipv4ServerL4);
        return b.ToString();
    }

    /// <summary>"sip:p->dip:q" from the IPv6 tuple view (sysdig's ipv6tuple_to_string).</summary>
    public static string Ipv6Tuple(FdInfo fd)
    {
        var b = Scratch();
        NetText.AppendIpv6(b, fd.Ipv6Sip);
        Port(b, fd.Ipv6Sport, fd.Ipv6L4).Append("->");
        NetText.AppendIpv6(b, fd.Ipv6Dip);
        Port(b, fd.Ipv6Dport, fd.Ipv6L4);
        return b.ToString();
    }

    /// <summary>"ip:p" from the IPv6 server view.</summary>
    public static string Ipv6Server(FdInfo fd)
    {
        var b = Scratch();
        NetText.AppendIpv6(b, fd.Ipv6ServerIp);
        Port(b, fd.Ipv6ServerPort, fd.Ipv6ServerL4);
        return b.ToString();
    }

    /// <summary>The name of a connected IP socket as sysdig renders it after learning its tuple (sockinfo_to_str).</summary>
    public static string Connected(FdInfo fd)
    {
        if (fd.Kind == FdKind.Ipv4Sock)
        {
            var l4 = fd.Ipv4L4;
            if (l4 is L4Proto.Tcp or L4Proto.Udp) return Ipv4Tuple(fd);
            if (l4 is L4Proto.Icmp or L4Proto.Raw)
            {
                var b = Scratch();
                Ipv4(b, fd.Ipv4Sip);
                b.Append("->");
                Ipv4(b, fd.Ipv4Dip);
                return b.ToString();
            }
            return "<unknown>";
        }
        if (fd.Kind == FdKind.Ipv6Sock)
        {
            var l4 = fd.Ipv6L4;
            bool mapped = NetText.IsIpv4Mapped(fd.Ipv6Sip) && NetText.IsIpv4Mapped(fd.Ipv6Dip);
            if (l4 is L4Proto.Tcp or L4Proto.Udp)
            {
                if (!mapped) return Ipv6Tuple(fd);
                // sysdig reads the ports of this case through the IPv4 view (bytes 8-11 of the source).
                var b = Scratch();
                NetText.AppendIpv4(b, fd.Ipv6Sip[12..]);
                Port(b, fd.Ipv4Sport, fd.Ipv4L4).Append("->");
                NetText.AppendIpv4(b, fd.Ipv6Dip[12..]);
                Port(b, fd.Ipv4Dport, fd.Ipv4L4);
                return b.ToString();
            }
            if (l4 == L4Proto.Icmp)
            {
                var b = Scratch();
                if (mapped)
                {
                    NetText.AppendIpv4(b, fd.Ipv6Sip[12..]);
                    b.Append("->");
                    NetText.AppendIpv4(b, fd.Ipv6Dip[12..]);
                }
                else
                {
                    NetText.AppendIpv6(b, fd.Ipv6Sip);
                    b.Append("->");
                    NetText.AppendIpv6(b, fd.Ipv6Dip);
                }
                return b.ToString();
            }
            return "<unknown>";
        }
        return "";
    }

    /// <summary>
    /// A sockaddr or socktuple parameter as sysdig prints it (the name bind, accept and unix sockets get);
    /// <paramref name="l4"/> is the protocol of the event's fd.
    /// </summary>
    public static string Param(ReadOnlySpan<byte> payload, bool tuple, L4Proto l4)
    {
        var b = Scratch();
        if (payload.IsEmpty) b.Append("NULL");
        else if (tuple) NetText.AppendSockTuple(b, payload, l4);
        else NetText.AppendSockAddr(b, payload, l4);
        return b.ToString();
    }
}
