using System.Globalization;
using Sharpdig.Decode;
using Sharpdig.Driver.Events;
using Sharpdig.Output;

namespace Sharpdig.Fields;

/// <summary>
/// Field values as text, by type and print format, following sysdig's rawval_to_string: some
/// type/format pairs print nothing (shown as &lt;NA&gt;), hex prints unsigned 32-bit values in decimal,
/// "10_PADDED_DEC" pads to 9 digits, doubles get one decimal.
/// </summary>
public static class ValueText
{
    public static bool Render(Field field, Event e, TextBuffer o)
    {
        var type = field.Type;
        switch (type)
        {
            case ParamType.CharBuf or ParamType.FsPath or ParamType.FsRelPath or ParamType.ByteBuf:
            {
                if (!field.TryGetBytes(e, out var s)) return false;
                o.Append(s);
                return true;
            }
            case ParamType.Bool:
            {
                if (!field.TryGetInt(e, out long flag)) return false;
                o.Append(flag != 0 ? "true"u8 : "false"u8);
                return true;
            }
            case ParamType.Ipv4Addr or ParamType.Ipv6Addr or ParamType.IpAddr:
            {
                if (!field.TryGetBytes(e, out var ip)) return false;
                AppendIp(o, ip);
                return true;
            }
            case ParamType.Double:
            {
                if (!field.TryGetDouble(e, out double d)) return false;
                o.Append(d.ToString("F1", CultureInfo.InvariantCulture));
                return true;
            }
            case ParamType.SockAddr or ParamType.SockFamily:
                return false;
        }
        if (!IsPrintable(type, field.Info.Format))
        {
            // A value of a type sysdig has no text for (evt.rawarg of an fd, flags...) ends the run.
            if (!IsNumeric(type) && field.TryGetInt(e, out _)) throw Unprintable(type);
            return false;
        }
        if (!field.TryGetInt(e, out long v)) return false;
        AppendNumber(o, type, field.Info.Format, v);
        return true;
    }

    public static FieldException Unprintable(ParamType type) => new($"wrong event type {(int)type}");

    static bool IsNumeric(ParamType t) => t is ParamType.Int8 or ParamType.Int16 or ParamType.Int32 or ParamType.Int64
        or ParamType.Pid or ParamType.Errno or ParamType.UInt8 or ParamType.L4Proto or ParamType.UInt16 or ParamType.Port
        or ParamType.UInt32 or ParamType.UInt64 or ParamType.RelTime or ParamType.AbsTime;

    /// <summary>Whether sysdig has a printf format for this numeric type and print format.</summary>
    static bool IsPrintable(ParamType t, PrintFormat f) => t switch
    {
        ParamType.Int64 or ParamType.Pid or ParamType.Errno => true,
        ParamType.Int8 or ParamType.Int16 or ParamType.Int32 or ParamType.UInt8 or ParamType.L4Proto or ParamType.UInt16
            or ParamType.Port or ParamType.UInt32 => f is PrintFormat.Oct or PrintFormat.Dec or PrintFormat.Id or PrintFormat.Hex,
        ParamType.UInt64 or ParamType.RelTime or ParamType.AbsTime => f is PrintFormat.Oct or PrintFormat.Dec
            or PrintFormat.Id or PrintFormat.Hex or PrintFormat.PaddedDec,
        _ => false,
    };

    /// <summary>An integer as sysdig prints a field of this type and format.</summary>
    public static void AppendNumber(TextBuffer o, ParamType type, PrintFormat format, long v)
    {
        bool wide = type is ParamType.Int64 or ParamType.Pid or ParamType.Errno or ParamType.UInt64
            or ParamType.RelTime or ParamType.AbsTime;
        bool signed = type is ParamType.Int8 or ParamType.Int16 or ParamType.Int32 or ParamType.Int64
            or ParamType.Pid or ParamType.Errno;
        // Narrow values reach printf promoted to int: hex and octal see their 32 bits.
        ulong bits = wide ? (ulong)v : (uint)v;
        switch (format)
        {
            case PrintFormat.Oct:
                AppendOctal(o, bits);
                break;
            case PrintFormat.Hex when signed || wide:
                o.AppendHex(bits);
                break;
            case PrintFormat.PaddedDec when signed && v < 0:
                o.Append((byte)'-').AppendPadded((ulong)-v, 8);
                break;
            case PrintFormat.PaddedDec:
                o.AppendPadded((ulong)v, 9);
                break;
            default:
                if (signed) o.Append(v); else o.Append((ulong)v);
                break;
        }
    }

    static void AppendOctal(TextBuffer o, ulong value)
    {
        Span<byte> digits = stackalloc byte[22];
        int i = digits.Length;
        do { digits[--i] = (byte)('0' + (value & 7)); value >>= 3; } while (value != 0);
        o.Append(digits[i..]);
    }

    /// <summary>4 bytes as a dotted quad, 16 as inet_ntop prints them.</summary>
    public static void AppendIp(TextBuffer o, ReadOnlySpan<byte> ip)
    {
        if (ip.Length == 4) NetText.AppendIpv4(o, ip);
        else NetText.AppendIpv6(o, ip);
    }
}
