using System.Text;
using Sharpdig.Driver.Events;

namespace Sharpdig.Filter;

/// <summary>
/// One operand of a comparison, parsed for the field's type as sysdig's string_to_rawval does.
/// <see cref="Int"/> holds numbers, booleans, ports and IPv4 addresses; <see cref="Text"/> strings;
/// <see cref="Bytes"/> byte buffers and IP addresses/networks, laid out as sysdig stores them
/// (zero padded to 16 bytes, so mixed IPv4/IPv6 comparisons read what sysdig reads).
/// </summary>
public sealed class FilterValue
{
    public long Int { get; private init; }
    public string Text { get; private init; } = "";
    public byte[] Bytes { get; private init; } = [];
    /// <summary>For addresses and networks: how many bytes the operand parsed to (4, 16, or 8 for an IPv4 network).</summary>
    public int AddressLength { get; private init; }

    /// <summary>sysdig keeps operands in 256-byte buffers: longer strings are refused.</summary>
    const int StorageSize = 256;

    public static FilterValue Parse(byte[] operand, ParamType type)
    {
        switch (type)
        {
            case ParamType.ByteBuf:
                if (operand.Length >= StorageSize) throw TooLong(operand);
                return new FilterValue { Bytes = operand, Text = Decode(operand) };
            case ParamType.CharBuf or ParamType.SockAddr or ParamType.SockFamily or ParamType.FsPath or ParamType.FsRelPath:
                int nul = Array.IndexOf(operand, (byte)0);
                var cstring = nul < 0 ? operand : operand[..nul];
                if (cstring.Length >= StorageSize) throw TooLong(cstring);
                return new FilterValue { Text = Decode(cstring), Bytes = cstring };
        }
        string text = Decode(operand);
        return type switch
        {
            ParamType.Int8 => Number((sbyte)(int)Numbers.Signed(text)),
            ParamType.Int16 => Number((short)(int)Numbers.Signed(text)),
            ParamType.Int32 => Number((int)Numbers.Signed(text)),
            ParamType.Int64 or ParamType.Fd or ParamType.Errno => Number(Numbers.Signed(text)),
            ParamType.L4Proto or ParamType.Flags8 or ParamType.UInt8 => Number((byte)(uint)Numbers.Unsigned(text)),
            ParamType.Flags16 or ParamType.UInt16 => Number((ushort)(uint)Numbers.Unsigned(text)),
            ParamType.Flags32 or ParamType.UInt32 or ParamType.Mode => Number((uint)Numbers.Unsigned(text)),
            ParamType.UInt64 or ParamType.RelTime or ParamType.AbsTime => Number((long)Numbers.Unsigned(text)),
            ParamType.Port => Number(Numbers.Port(text)),
            ParamType.Bool => text switch
            {
                "true" => Number(1),
                "false" => Number(0),
                _ => throw new FilterException($"filter error: unrecognized boolean value {text}"),
            },
            ParamType.Ipv4Addr => Address(IpText.ParseV4(text) ?? throw new FilterException($"unrecognized IPv4 address {text}")),
            ParamType.Ipv6Addr => Address(V6(text)),
            ParamType.IpAddr => Address(text.Contains('.') ? IpText.ParseV4(text) ?? throw new FilterException($"unrecognized IPv4 address {text}") : V6(text)),
            // sysdig 0.29.3 reads an IPv6 "network" as a plain address (its /64 subnet is what matches).
            ParamType.IpNet or ParamType.Ipv4Net or ParamType.Ipv6Net => Address(text.Contains('.') ? V4Net(text) : V6(text)),
            _ => throw new FilterException($"wrong parameter type {(int)type}"),
        };
    }

    static FilterValue Number(long v) => new() { Int = v };

    static FilterValue Address(byte[] raw)
    {
        var storage = new byte[16];
        raw.CopyTo(storage, 0);
        return new FilterValue { Bytes = storage, Int = BitConverter.ToUInt32(storage), AddressLength = raw.Length };
    }

    static byte[] V6(string text) => IpText.ParseV6(text) ?? throw new FilterException($"unrecognized IPv6 address {text}");

    /// <summary>a.b.c.d/len as sysdig's ipv4net: the address, then the mask, both in network order.</summary>
    static byte[] V4Net(string text)
    {
        int slash = text.IndexOf('/');
        if (slash < 0) throw new FilterException($"unrecognized IP network {text}");
        var ip = IpText.ParseV4(text[..slash]) ?? throw new FilterException($"unrecognized IP address {text}");
        string maskText = text[(slash + 1)..];
        // The prefix length goes through an 8-bit parse, so /288 is /32 as in sysdig.
        uint bits = (byte)(uint)Numbers.Unsigned(maskText);
        if (bits > 32) throw new FilterException($"invalid netmask {maskText}");
        uint mask = bits == 0 ? 0 : uint.MaxValue << (int)(32 - bits);
        var raw = new byte[8];
        ip.CopyTo(raw, 0);
        raw[4] = (byte)(mask >> 24); raw[5] = (byte)(mask >> 16); raw[6] = (byte)(mask >> 8); raw[7] = (byte)mask;
        return raw;
    }

    static string Decode(byte[] b) => Encoding.UTF8.GetString(b);

    static FilterException TooLong(byte[] b) => new($"filter parameter too long:{Decode(b)}");
}
