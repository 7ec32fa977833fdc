using Sharpdig.Decode;
using Sharpdig.Driver.Events;
using Sharpdig.Output;

namespace Sharpdig.Fields;

/// <summary>Default rendering of field values by type and print format, as sysdig's rawval_to_string.</summary>
public static class ValueText
{
    public static bool Render(Field field, Event e, TextBuffer o)
    {
        switch (field.Type)
        {
            case ParamType.CharBuf or ParamType.FsPath or ParamType.FsRelPath:
                if (!field.TryGetString(e, out var s)) return false;
                o.Append(s);
                return true;
            case ParamType.ByteBuf:
                if (!field.TryGetBytes(e, out var b)) return false;
                o.Append(b);
                return true;
            case ParamType.Double:
                if (!field.TryGetDouble(e, out double d)) return false;
                o.Append(d.ToString("0.000000", System.Globalization.CultureInfo.InvariantCulture));
                return true;
            case ParamType.Bool:
                if (!field.TryGetInt(e, out long flag)) return false;
                o.Append(flag != 0 ? "true" : "false");
                return true;
            case ParamType.Ipv4Addr:
                if (!field.TryGetInt(e, out long ip)) return false;
                AppendIpv4(o, (uint)ip);
                return true;
            default:
                if (!field.TryGetInt(e, out long v)) return false;
                AppendNumber(o, field.Type, field.Info.Format, v);
                return true;
        }
    }

    /// <summary>An integer as sysdig prints a field of this type and format.</summary>
    public static void AppendNumber(TextBuffer o, ParamType type, PrintFormat format, long v)
    {
        bool unsigned = type is ParamType.UInt8 or ParamType.UInt16 or ParamType.UInt32 or ParamType.UInt64
            or ParamType.RelTime or ParamType.AbsTime or ParamType.Port or ParamType.Flags8 or ParamType.Flags16
            or ParamType.Flags32 or ParamType.Uid or ParamType.Gid or ParamType.Mode;
        switch (format)
        {
            case PrintFormat.Hex:
                o.AppendHex((ulong)v);
                break;
            case PrintFormat.Oct:
                o.AppendOctalAlt((ulong)v);
                break;
            case PrintFormat.PaddedDec:
                o.AppendPadded((ulong)v, 9);
                break;
            default:
                if (unsigned) o.Append((ulong)v); else o.Append(v);
                break;
        }
    }

    /// <summary>Dotted quad of an address stored in network order in a little-endian u32.</summary>
    public static void AppendIpv4(TextBuffer o, uint ip)
    {
        o.Append((ulong)(ip & 0xff)).Append((byte)'.').Append((ulong)((ip >> 8) & 0xff)).Append((byte)'.')
         .Append((ulong)((ip >> 16) & 0xff)).Append((byte)'.').Append((ulong)(ip >> 24));
    }
}
