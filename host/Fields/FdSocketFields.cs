using Sharpdig.Decode;
using Sharpdig.Driver.Events;
using Sharpdig.Driver.Snapshot;
using Sharpdig.Output;
using Sharpdig.State;

namespace Sharpdig.Fields;

/// <summary>fd.cip, fd.sip, fd.lip, fd.rip (and the filter-only fd.*net forms): an address of a connection.</summary>
sealed class FdAddressField(FieldInfo info, Endpoint end) : Field(info)
{
    public override bool TryGetBytes(Event e, out ReadOnlySpan<byte> value)
    {
        value = default;
        var fd = FdFields.Fd(e, out var t);
        if (fd == null || fd.Role == FdRole.None) return false;
        ReadOnlySpan<byte> ip = (end, fd.Kind) switch
        {
            (Endpoint.Client, FdKind.Ipv4Sock or FdKind.Ipv6Sock) => fd.SourceIp,
            (Endpoint.Server, FdKind.Ipv4Sock or FdKind.Ipv6Sock) => fd.DestIp,
            (Endpoint.Server, FdKind.Ipv4ServSock or FdKind.Ipv6ServSock) => fd.SourceIp,
            (Endpoint.Local or Endpoint.Remote, FdKind.Ipv4Sock or FdKind.Ipv6Sock) =>
                e.Inspector.Interfaces.IsLocal(e.Inspector.Containers, fd.SourceIp, t!) == (end == Endpoint.Local) ? fd.SourceIp : fd.DestIp,
            _ => default,
        };
        if (ip.Length is not (4 or 16)) return false;
        value = ip;
        return true;
    }
}

/// <summary>fd.cport... (numbers) and fd.cproto... (the same port as text: its service name under -R).</summary>
sealed class FdPortField(FieldInfo info, Endpoint end, bool text) : Field(info)
{
    public override bool TryGetInt(Event e, out long value)
    {
        bool has = Port(e, out int port, out _);
        value = port;
        return has && port >= 0;
    }

    public override bool TryGetString(Event e, out string value)
    {
        bool has = Port(e, out int port, out var l4);
        value = !has || port < 0 ? "" : text ? Services.PortText((ushort)port, l4) : port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return has;
    }

    public override bool Render(Event e, TextBuffer o)
    {
        if (!Port(e, out int port, out var l4)) return false;
        if (port < 0) return true;
        if (text) Services.AppendPort(o, (ushort)port, l4);
        else o.Append((ulong)port);
        return true;
    }

    /// <summary>The port and its socket's protocol; -1 where sysdig yields an empty text (or, for a number field, a zero read from it).</summary>
    bool Port(Event e, out int port, out L4Proto l4)
    {
        port = -1;
        l4 = L4Proto.Unknown;
        var fd = FdFields.Fd(e, out var t);
        if (fd == null) return false;
        l4 = fd.L4;
        bool connected = fd.Kind is FdKind.Ipv4Sock or FdKind.Ipv6Sock;
        bool server = fd.Kind is FdKind.Ipv4ServSock or FdKind.Ipv6ServSock;
        switch (end)
        {
            case Endpoint.Client:
                if (fd.Role == FdRole.None) return false;
                if (connected) port = fd.SourcePort;
                // sysdig falls through from the port to the protocol case here: an empty text, read as 0.
                else if (!text) port = 0;
                return true;
            case Endpoint.Server:
                if (server)
                {
                    if (!text) port = fd.SourcePort;
                    return true;
                }
                if (!connected || fd.Role == FdRole.None) return false;
                port = fd.DestPort;
                return true;
            default:
                if (!connected || fd.Role == FdRole.None) return false;
                bool local = e.Inspector.Interfaces.IsLocal(e.Inspector.Containers, fd.SourceIp, t!);
                port = local == (end == Endpoint.Local) ? fd.SourcePort : fd.DestPort;
                return true;
        }
    }

    public override ParamType Type => text ? ParamType.CharBuf : ParamType.Port;
}

/// <summary>
/// fd.ip / fd.net and fd.port / fd.proto (filter-only): both ends of a connection, a listening socket's own
/// address. A filter matches when any of them does.
/// </summary>
sealed class FdEndpointsField(FieldInfo info, bool ports) : Field(info)
{
    int current = -1;

    public override bool NotEqualsMeansNoneEqual => true;

    public override bool TryGetBytes(Event e, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (ports || current < 0 || FdFields.Fd(e, out _) is not { } fd) return false;
        var ip = current == 0 || fd.Kind is FdKind.Ipv4ServSock or FdKind.Ipv6ServSock ? fd.SourceIp : fd.DestIp;
        value = ip;
        return ip.Length is 4 or 16;
    }

    public override bool TryGetInt(Event e, out long value)
    {
        value = 0;
        if (!ports || current < 0 || FdFields.Fd(e, out _) is not { } fd) return false;
        value = current == 0 || fd.Kind is FdKind.Ipv4ServSock or FdKind.Ipv6ServSock ? fd.SourcePort : fd.DestPort;
        return true;
    }

    public override bool AnyValue(Event e, Predicate<Field> match)
    {
        if (FdFields.Fd(e, out _) is not { IsIpSocket: true }) return false;
        try
        {
            for (current = 0; current < 2; current++)
                if (HasValue(e) && match(this)) return true;
            return false;
        }
        finally
        {
            current = -1;
        }
    }
}
