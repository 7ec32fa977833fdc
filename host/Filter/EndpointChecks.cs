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
            return op is CompareOp.Eq or CompareOp.Ne or CompareOp.In ? test(fd.SourceIp) : throw new FilterException(IpOperators);
        return op switch
        {
            CompareOp.Eq or CompareOp.In => test(fd.SourceIp) || test(fd.DestIp),
            CompareOp.Ne => test(fd.SourceIp) && test(fd.DestIp),
            _ => throw new FilterException(IpOperators),
        };
    };

    static Func<Event, bool> Ports(CompareOp op, Func<long, bool> test) => e =>
    {
        var fd = SocketOf(e);
        if (fd == null) return false;
        ushort a = fd.SourcePort, b = fd.IsServerSocket ? fd.SourcePort : fd.DestPort;
        return op switch
        {
            CompareOp.Eq or CompareOp.Lt or CompareOp.Le or CompareOp.Gt or CompareOp.Ge or CompareOp.In => test(a) || test(b),
            CompareOp.Ne => test(a) && test(b),
            _ => throw new FilterException("unsupported port comparison operator"),
        };
    };

    /// <summary>The event's fd when it is an IP socket and the event is one that uses an fd.</summary>
    static FdInfo? SocketOf(Event e)
    {
        if ((e.Info.Flags & (EventFlags.CreatesFd | EventFlags.UsesFd | EventFlags.DestroysFd)) == 0 || e.Thread == null) return null;
        var fd = e.Fd;
        return fd != null && fd.IsIpSocket && fd.SourceIp.Length is 4 or 16 ? fd : null;
    }
}
