using System.Net;
using Sharpdig.Output;

namespace Sharpdig.Decode;

/// <summary>Addresses and ports as sysdig prints them (no name resolution).</summary>
public static class NetText
{
    public static void AppendIpv4(TextBuffer o, ReadOnlySpan<byte> ip)
    {
        o.Append((ulong)ip[0]).Append((byte)'.').Append((ulong)ip[1]).Append((byte)'.')
         .Append((ulong)ip[2]).Append((byte)'.').Append((ulong)ip[3]);
    }

    public static void AppendIpv4Endpoint(TextBuffer o, ReadOnlySpan<byte> ip, ushort port)
    {
        AppendIpv4(o, ip);
        o.Append((byte)':').Append((ulong)port);
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

    public static void AppendIpv6Endpoint(TextBuffer o, ReadOnlySpan<byte> ip, ushort port)
    {
        AppendIpv6(o, ip);
        o.Append((byte)':').Append((ulong)port);
    }

    /// <summary>::ffff:a.b.c.d, or the all-zero address, which sysdig treats as IPv4.</summary>
    public static bool IsIpv4Mapped(ReadOnlySpan<byte> a)
    {
        for (int i = 0; i < 10; i++) if (a[i] != 0) return false;
        if (a[10] == 0xff && a[11] == 0xff) return true;
        for (int i = 10; i < 16; i++) if (a[i] != 0) return false;
        return true;
    }
}
