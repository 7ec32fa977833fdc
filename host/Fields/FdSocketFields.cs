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
        byte[]? ip = (end, fd.Kind) switch
        {
            (Endpoint.Client, FdKind.Ipv4Sock or FdKind.Ipv6Sock) => fd.SourceIp,
            (Endpoint.Server, FdKind.Ipv4Sock or FdKind.Ipv6Sock) => fd.DestIp,
            (Endpoint.Server, FdKind.Ipv4ServSock or FdKind.Ipv6ServSock) => fd.SourceIp,
            (Endpoint.Local or Endpoint.Remote, FdKind.Ipv4Sock or FdKind.Ipv6Sock) =>
                LocalAddresses.Of(e.Inspector).IsLocal(fd.SourceIp, t!) == (end == Endpoint.Local) ? fd.SourceIp : fd.DestIp,
            _ => null,
        };
        if (ip == null || ip.Length is not (4 or 16)) return false;
        value = ip;
        return true;
    }
}

/// <summary>fd.cport... (numbers) and fd.cproto... (the same port as text, as sysdig prints it without name resolution).</summary>
sealed class FdPortField(FieldInfo info, Endpoint end, bool text) : Field(info)
{
    public override bool TryGetInt(Event e, out long value)
    {
        bool has = Port(e, out int port);
        value = port;
        return has && port >= 0;
    }

    public override bool TryGetString(Event e, out string value)
    {
        bool has = Port(e, out int port);
        value = has ? port >= 0 ? port.ToString(System.Globalization.CultureInfo.InvariantCulture) : "" : "";
        return has;
    }

    public override bool Render(Event e, TextBuffer o)
    {
        if (!Port(e, out int port)) return false;
        if (port >= 0) o.Append((ulong)port);
        return true;
    }

    /// <summary>The port; -1 where sysdig yields an empty text (or, for a number field, a zero read from it).</summary>
    bool Port(Event e, out int port)
    {
        port = -1;
        var fd = FdFields.Fd(e, out var t);
        if (fd == null) return false;
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
                bool local = LocalAddresses.Of(e.Inspector).IsLocal(fd.SourceIp, t!);
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

/// <summary>Which addresses are this machine's: the capture's interfaces, or the container's address.</summary>
sealed class LocalAddresses
{
    static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Engine.Inspector, LocalAddresses> cache = new();

    readonly List<byte[]> v4 = new(), v6 = new();
    readonly ContainerTable containers;

    LocalAddresses(Engine.Inspector inspector)
    {
        containers = inspector.Containers;
        foreach (var i in inspector.Snapshot.Interfaces)
            (i.IsIpv6 ? v6 : v4).Add(i.Address);
    }

    public static LocalAddresses Of(Engine.Inspector inspector) => cache.GetValue(inspector, i => new LocalAddresses(i));

    /// <summary>sinsp's is_ipv4/6addr_in_local_machine for the thread's view of the machine.</summary>
    public bool IsLocal(byte[] ip, ThreadInfo t)
    {
        if (ip.Length == 16)
        {
            // sinsp has no IPv6 for containers; on the host an address is local if it shares an interface's /64.
            if (t.ContainerId.Length > 0) return false;
            foreach (var a in v6)
                if (a.AsSpan(0, 8).SequenceEqual(ip.AsSpan(0, 8))) return true;
            return false;
        }
        if (ip.Length != 4) return false;
        uint addr = BitConverter.ToUInt32(ip);
        if (t.ContainerId.Length > 0 && containers.Find(t.ContainerId) is { } c)
        {
            if (c.Ip != 0)
            {
                if (c.Ip == addr) return true;
            }
            else
            {
                foreach (var other in containers.All)
                    if (other.Ip == addr) return true;
            }
        }
        foreach (var a in v4)
            if (BitConverter.ToUInt32(a) == addr) return true;
        return false;
    }
}
