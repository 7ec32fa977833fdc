using Sharpdig.Decode;
using Sharpdig.Driver.Events;
using Sharpdig.Driver.Snapshot;
using Sharpdig.State;

namespace Sharpdig.Filter;

/// <summary>
/// The filter-only fields that look at both ends of the event's connection: fd.ip and fd.net match when
/// either address does ('!=' when neither does), fd.port and fd.proto when either port does. A server
/// socket has one address and port. sysdig refuses other operators when it meets a socket.
/// </summary>
static class EndpointChecks
{
    public static Func<Event, bool>? TryCompile(FilterCheck c) => c.Field.Text switch
    {
        "fd.ip" => Addresses(c.Op, Checks.AddressTest(c.Op, c.Values)),
        // sysdig checks 'in' against the first network only.
        "fd.net" => Addresses(c.Op, Checks.NetworkTest(c.Op == CompareOp.In ? CompareOp.Eq : c.Op, c.Values)),
        "fd.port" or "fd.proto" => Ports(c.Op, NumericKind.Of(ParamType.Port)!.Test(c.Op, c.Values)),
        _ => null,
    };

    const string IpOperators = "IP filter only supports '=' and '!=' operators";

    static Func<Event, bool> Addresses(CompareOp op, BytesTest test) => e =>
    {
        var fd = SocketOf(e);
        if (fd == null) return false;
        if (fd.IsServerSocket)
            return op is CompareOp.Eq or CompareOp.Ne or CompareOp.In ? test(Ip(fd, client: true)) : throw new FilterException(IpOperators);
        return op switch
        {
            CompareOp.Eq or CompareOp.In => test(Ip(fd, client: true)) || test(Ip(fd, client: false)),
            CompareOp.Ne => test(Ip(fd, client: true)) && test(Ip(fd, client: false)),
            _ => throw new FilterException(IpOperators),
        };
    };

    static Func<Event, bool> Ports(CompareOp op, Func<long, bool> test) => e =>
    {
        var fd = SocketOf(e);
        if (fd == null) return false;
        var (a, b) = PortsOf(fd);
        return op switch
        {
            CompareOp.Eq or CompareOp.Lt or CompareOp.Le or CompareOp.Gt or CompareOp.Ge or CompareOp.In => test(a) || test(b),
            CompareOp.Ne => test(a) && test(b),
            _ => throw new FilterException("unsupported port comparison operator"),
        };
    };

    /// <summary>One end's address, through sysdig's views of the socket union (a server socket has one address).</summary>
    static ReadOnlySpan<byte> Ip(FdInfo fd, bool client) => fd.Kind switch
    {
        FdKind.Ipv4Sock => client ? fd.Sock[..4] : fd.Sock.Slice(4, 4),
        FdKind.Ipv4ServSock => fd.Sock[..4],
        FdKind.Ipv6Sock => client ? fd.Ipv6Sip : fd.Ipv6Dip,
        _ => fd.Ipv6ServerIp,
    };

    static (ushort, ushort) PortsOf(FdInfo fd) => fd.Kind switch
    {
        FdKind.Ipv4Sock => (fd.Ipv4Sport, fd.Ipv4Dport),
        FdKind.Ipv4ServSock => (fd.Ipv4ServerPort, fd.Ipv4ServerPort),
        FdKind.Ipv6Sock => (fd.Ipv6Sport, fd.Ipv6Dport),
        _ => (fd.Ipv6ServerPort, fd.Ipv6ServerPort),
    };

    /// <summary>The event's fd when it is an IP socket and the event is one that uses an fd.</summary>
    static FdInfo? SocketOf(Event e)
    {
        if ((e.Info.Flags & (EventFlags.CreatesFd | EventFlags.UsesFd | EventFlags.DestroysFd)) == 0 || e.Thread == null) return null;
        var fd = e.Fd;
        return fd != null && fd.IsIpSocket ? fd : null;
    }
}
