using Sharpdig.Output;

namespace Sharpdig.State;

/// <summary>The names sysdig gives socket fds: "ip:port->ip:port" tuples and "ip:port" servers.</summary>
public static class FdNames
{
    [ThreadStatic] static TextBuffer? scratch;

    static string Build(Action<TextBuffer> write)
    {
        var b = scratch ??= new TextBuffer();
        b.Clear();
        write(b);
        return b.ToString();
    }

    public static string Ipv4Tuple(FdInfo fd) => Build(b =>
    {
        Decode.NetText.AppendIpv4Endpoint(b, fd.SourceIp, fd.SourcePort);
        b.Append("->");
        Decode.NetText.AppendIpv4Endpoint(b, fd.DestIp, fd.DestPort);
    });

    public static string Ipv4Server(FdInfo fd) => Build(b => Decode.NetText.AppendIpv4Endpoint(b, fd.SourceIp, fd.SourcePort));

    public static string Ipv6Tuple(FdInfo fd) => Build(b =>
    {
        Decode.NetText.AppendIpv6Endpoint(b, fd.SourceIp, fd.SourcePort);
        b.Append("->");
        Decode.NetText.AppendIpv6Endpoint(b, fd.DestIp, fd.DestPort);
    });

    public static string Ipv6Server(FdInfo fd) => Build(b => Decode.NetText.AppendIpv6Endpoint(b, fd.SourceIp, fd.SourcePort));
}
