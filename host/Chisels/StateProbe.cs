using Sharpdig.Decode;
using Sharpdig.Driver;
using Sharpdig.Driver.Events;
using Sharpdig.Driver.Snapshot;
using Sharpdig.Engine;
using Sharpdig.Fields;
using Sharpdig.State;

namespace Sharpdig.Chisels;

/// <summary>What chisels see of the engine's state, whatever their kind: threads' fds through stand-in events, sockets' ends, containers.</summary>
static class StateProbe
{
    /// <summary>The engine's containers: id, name, image and runtime as chisels name it ("docker", "cri-o"...).</summary>
    public static IEnumerable<(string Id, string Name, string Image, string Type)> Containers(Inspector? inspector) =>
        inspector?.Containers.All.Select(c => (c.Id, c.Name, c.Image, c.Type switch
        {
            ContainerType.LibvirtLxc => "libvirt_lxc",
            ContainerType.Docker or ContainerType.Lxc or ContainerType.Mesos or ContainerType.Rkt or ContainerType.Cri
                or ContainerType.Containerd or ContainerType.Crio or ContainerType.Bpm => c.TypeName,
            _ => "unknown",
        })) ?? [];
}

/// <summary>
/// A socket's ends as sysdig's thread table shows them (its own addresses: fd.sip and friends differ for
/// server sockets); a listening socket has no client end.
/// </summary>
readonly record struct SocketEnds(string? ClientIp, ushort ClientPort, string ServerIp, ushort ServerPort, bool IsServer, string L4Proto)
{
    public static SocketEnds? Of(FdInfo fd)
    {
        bool server = fd.IsServerSocket || fd.IsRoleServer;
        var l4 = fd.L4 switch
        {
            Sharpdig.State.L4Proto.Tcp => "tcp",
            Sharpdig.State.L4Proto.Udp => "udp",
            Sharpdig.State.L4Proto.Icmp => "icmp",
            Sharpdig.State.L4Proto.Raw => "raw",
            _ => "<NA>",
        };
        return fd.Kind switch
        {
            FdKind.Ipv4Sock => new(Ipv4(fd.Ipv4Sip), fd.Ipv4Sport, Ipv4(fd.Ipv4Dip), fd.Ipv4Dport, server, l4),
            FdKind.Ipv6Sock => new(NetText.Ipv6String(fd.Ipv6Sip), fd.Ipv6Sport, NetText.Ipv6String(fd.Ipv6Dip), fd.Ipv6Dport, server, l4),
            FdKind.Ipv4ServSock => new(null, 0, Ipv4(fd.Ipv4ServerIp), fd.Ipv4ServerPort, server, l4),
            FdKind.Ipv6ServSock => new(null, 0, NetText.Ipv6String(fd.Ipv6ServerIp), fd.Ipv6ServerPort, server, l4),
            _ => null,
        };
    }

    /// <summary>Dotted quad of an address held in network order in a little-endian u32.</summary>
    static string Ipv4(uint ip) => $"{ip & 0xff}.{(ip >> 8) & 0xff}.{(ip >> 16) & 0xff}.{ip >> 24}";
}

/// <summary>A read event of a given thread on a given fd (its last-used fd while probed), at the time of the last event, for fields and filters.</summary>
sealed class FdProbe
{
    static readonly ushort ReadExit = (ushort)EventTable.Events.ToList().FindIndex(e => e.Name == "read" && !e.IsEnter);

    readonly byte[] header = new byte[RawEvent.HeaderSize];
    readonly Event e = new();
    readonly Output.TextBuffer text = new();
    public readonly Field UserName = FieldRegistry.Create("user.name"), FdType = FieldRegistry.Create("fd.type");

    public FdProbe(Inspector inspector)
    {
        e.Inspector = inspector;
        var h = header.AsSpan();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(h, inspector.LastEventTs);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(h[16..], RawEvent.HeaderSize);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(h[20..], ReadExit);
    }

    Event For(ThreadInfo t, FdInfo? fd)
    {
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(8), t.Tid);
        e.Load(new RawEvent(header, 0, header.Length, 0, false, 0), 0);
        e.StateThread = t;
        e.Fd = fd;
        return e;
    }

    public bool Matches(ThreadInfo t, long number, FdInfo fd, Func<Event, bool> filter)
    {
        long saved = t.LastEventFd;
        t.LastEventFd = number;
        bool match = filter(For(t, fd));
        t.LastEventFd = saved;
        return match;
    }

    public string? Text(ThreadInfo t, long number, FdInfo? fd, Field field)
    {
        long saved = t.LastEventFd;
        t.LastEventFd = number;
        text.Clear();
        bool has = field.Render(For(t, fd), text);
        t.LastEventFd = saved;
        return has ? text.ToString() : null;
    }
}
