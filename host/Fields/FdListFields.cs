using System.Buffers.Binary;
using Sharpdig.Decode;
using Sharpdig.Driver.Snapshot;
using Sharpdig.Output;
using Sharpdig.State;

namespace Sharpdig.Fields;

/// <summary>fdlist.*: the fds of a poll/ppoll call's "fds" argument, as comma-separated lists.</summary>
static class FdListFields
{
    public static void Register(Dictionary<string, FieldImplementation> d)
    {
        d.Add("fdlist.nums", i => new FdListField(i, (o, fd, info) => { o.Append(fd); return true; }));
        d.Add("fdlist.names", i => new FdListField(i, (o, _, info) =>
        {
            o.Append(info is { Name.Length: > 0 } ? info.Name : "<NA>");
            return true;
        }));
        d.Add("fdlist.cips", i => new FdListField(i, (o, _, info) => info is { Kind: FdKind.Ipv4Sock or FdKind.Ipv6Sock } && Ip(o, info.SourceIp)));
        d.Add("fdlist.sips", i => new FdListField(i, (o, _, info) => info?.Kind switch
        {
            FdKind.Ipv4Sock or FdKind.Ipv6Sock => Ip(o, info.DestIp),
            FdKind.Ipv4ServSock => Ip(o, info.SourceIp),
            // sysdig prints a listening IPv6 socket's address as IPv4 (its first four bytes).
            FdKind.Ipv6ServSock => Ip(o, info.SourceIp[..Math.Min(4, info.SourceIp.Length)]),
            _ => false,
        }));
        d.Add("fdlist.cports", i => new FdListField(i, (o, _, info) => info is { Kind: FdKind.Ipv4Sock or FdKind.Ipv6Sock } && Port(o, info.SourcePort)));
        d.Add("fdlist.sports", i => new FdListField(i, (o, _, info) => info is { Kind: FdKind.Ipv4Sock or FdKind.Ipv6Sock } && Port(o, info.DestPort)));
    }

    static bool Ip(TextBuffer o, ReadOnlySpan<byte> ip)
    {
        if (ip.Length is not (4 or 16)) return false;
        ValueText.AppendIp(o, ip);
        return true;
    }

    static bool Port(TextBuffer o, ushort port)
    {
        o.Append((ulong)port);
        return true;
    }
}

/// <summary>One entry per fd of a poll's list (entries the writer declines are left out); no value when the list is empty.</summary>
sealed class FdListField(FieldInfo info, Func<TextBuffer, long, FdInfo?, bool> entry) : TextField(info)
{
    protected override bool Write(Event e, TextBuffer o)
    {
        int param = e.Type switch
        {
            EventTypes.PollE or EventTypes.PpollE => 0,
            EventTypes.PollX or EventTypes.PpollX => 1,
            _ => -1,
        };
        var t = e.Thread;
        if (param < 0 || t == null) return false;
        var p = e.Param(param);
        if (p.Length < 2) return false;
        int count = BinaryPrimitives.ReadUInt16LittleEndian(p);
        int start = o.Length;
        for (int j = 0, pos = 2; j < count && pos + 8 <= p.Length; j++, pos += 10)
        {
            long fd = BinaryPrimitives.ReadInt64LittleEndian(p[pos..]);
            if (entry(o, fd, t.GetFd(fd))) o.Append((byte)',');
        }
        if (o.Length == start) return false;
        o.Length--;   // the last comma
        return true;
    }
}
