using System.Buffers.Binary;
using System.Net;
using Sharpdig.Output;
using Sharpdig.State;

namespace Sharpdig.Decode;

/// <summary>Addresses and ports as sysdig prints them (addresses numeric; ports named only under -R).</summary>
public static class NetText
{
    public static void AppendIpv4(TextBuffer o, ReadOnlySpan<byte> ip)
    {
        o.Append((ulong)ip[0]).Append((byte)'.').Append((ulong)ip[1]).Append((byte)'.')
         .Append((ulong)ip[2]).Append((byte)'.').Append((ulong)ip[3]);
    }

    public static void AppendIpv4Endpoint(TextBuffer o, ReadOnlySpan<byte> ip, ushort port, L4Proto l4)
    {
        AppendIpv4(o, ip);
        o.Append((byte)':');
        Services.AppendPort(o, port, l4);
    }

    /// <summary>inet_ntop's text for a 16-byte address.</summary>
    public static void AppendIpv6(TextBuffer o, ReadOnlySpan<byte> ip) => o.Append(Ipv6String(ip));

    public static string Ipv6String(ReadOnlySpan<byte> ip)
    {
        // inet_ntop prints IPv4-mapped and IPv4-compatible addresses with a dotted tail.
        var text = new IPAddress(ip).ToString();
        int scope = text.IndexOf('%');
        return scope >= 0 ? text[..scope] : text;
    }

    public static void AppendIpv6Endpoint(TextBuffer o, ReadOnlySpan<byte> ip, ushort port, L4Proto l4)
    {
        AppendIpv6(o, ip);
        o.Append((byte)':');
        Services.AppendPort(o, port, l4);
    }

    /// <summary>::ffff:a.b.c.d, or the all-zero address, which sysdig treats as IPv4.</summary>
    public static bool IsIpv4Mapped(ReadOnlySpan<byte> a)
    {
        for (int i = 0; i < 10; i++) if (a[i] != 0) return false;
        if (a[10] == 0xff && a[11] == 0xff) return true;
        for (int i = 10; i < 16; i++) if (a[i] != 0) return false;
        return true;
    }

    /// <summary>A sockaddr parameter as sysdig prints it; <paramref name="l4"/> is the protocol of the event's fd (its port's name under -R).</summary>
    public static void AppendSockAddr(TextBuffer o, ReadOnlySpan<byte> p, L4Proto l4)
    {
        switch (p[0])
        {
            case 1:
                Sanitizer.Append(o, CString(p[1..]));
                break;
            case 2 when p.Length == 7:
                NetText.AppendIpv4Endpoint(o, p.Slice(1, 4), BinaryPrimitives.ReadUInt16LittleEndian(p[5..]), l4);
                break;
            case 2:
                o.Append("INVALID IPv4");
                break;
            case 10 when p.Length == 19:
                NetText.AppendIpv6Endpoint(o, p.Slice(1, 16), BinaryPrimitives.ReadUInt16LittleEndian(p[17..]), l4);
                break;
            case 10:
                o.Append("INVALID IPv6");
                break;
            default:
                o.Append("family ").Append((long)(sbyte)p[0]);
                break;
        }
    }

    /// <summary>A socket tuple parameter as sysdig prints it; <paramref name="l4"/> as for <see cref="AppendSockAddr"/>.</summary>
    public static void AppendSockTuple(TextBuffer o, ReadOnlySpan<byte> p, L4Proto l4)
    {
        switch (p[0])
        {
            case 2 when p.Length == 13:
                NetText.AppendIpv4Endpoint(o, p.Slice(1, 4), BinaryPrimitives.ReadUInt16LittleEndian(p[5..]), l4);
                o.Append("->");
                NetText.AppendIpv4Endpoint(o, p.Slice(7, 4), BinaryPrimitives.ReadUInt16LittleEndian(p[11..]), l4);
                break;
            case 2:
                o.Append("INVALID IPv4");
                break;
            case 10 when p.Length == 37:
            {
                var sip = p.Slice(1, 16);
                var dip = p.Slice(19, 16);
                ushort sport = BinaryPrimitives.ReadUInt16LittleEndian(p[17..]), dport = BinaryPrimitives.ReadUInt16LittleEndian(p[35..]);
                if (NetText.IsIpv4Mapped(sip) && NetText.IsIpv4Mapped(dip))
                {
                    NetText.AppendIpv4Endpoint(o, sip[12..], sport, l4);
                    o.Append("->");
                    NetText.AppendIpv4Endpoint(o, dip[12..], dport, l4);
                }
                else
                {
                    NetText.AppendIpv6Endpoint(o, sip, sport, l4);
                    o.Append("->");
                    NetText.AppendIpv6Endpoint(o, dip, dport, l4);
                }
                break;
            }
            case 10:
                o.Append("INVALID IPv6");
                break;
            case 1 when p.Length > 17:
                o.AppendHex(BinaryPrimitives.ReadUInt64LittleEndian(p[1..]), upper: false).Append("->")
                    .AppendHex(BinaryPrimitives.ReadUInt64LittleEndian(p[9..]), upper: false).Append((byte)' ');
                Sanitizer.Append(o, CString(p[17..]));
                break;
            default:
                o.Append("family ").Append((long)(sbyte)p[0]);
                break;
        }
    }

    static ReadOnlySpan<byte> CString(ReadOnlySpan<byte> p)
    {
        int nul = p.IndexOf((byte)0);
        return nul >= 0 ? p[..nul] : p;
    }
}
