using System.Text;
using Sharpdig.Decode;
using Sharpdig.Driver.Events;
using Sharpdig.Output;

namespace Sharpdig.Fields;

/// <summary>
/// Field values as JSON, following sysdig's rawval_to_json: decimal integers as numbers, hex and octal
/// ones as strings, text and addresses as strings, booleans as true/false, and no value as null.
/// </summary>
public static class JsonText
{
    /// <summary>Appends the value as JSON; false, with nothing written, for null.</summary>
    public static bool Render(Field field, Event e, TextBuffer o)
    {
        var type = field.Type;
        var format = field.Info.Format;
        switch (type)
        {
            case ParamType.Bool:
                if (!field.TryGetInt(e, out long flag)) return false;
                o.Append(flag != 0 ? "true"u8 : "false"u8);
                return true;
            case ParamType.CharBuf or ParamType.FsPath or ParamType.FsRelPath or ParamType.ByteBuf or ParamType.Ipv4Addr
                or ParamType.Ipv6Addr or ParamType.IpAddr:
                return AsString(field, e, o);
            case ParamType.SockAddr or ParamType.SockFamily:
                return false;
            // Unlike the text form, errno values have no JSON form.
            case ParamType.Int8 or ParamType.Int16 or ParamType.Int32 or ParamType.Int64 or ParamType.Pid
                or ParamType.UInt8 or ParamType.L4Proto or ParamType.UInt16 or ParamType.Port or ParamType.UInt32
                or ParamType.UInt64 or ParamType.RelTime or ParamType.AbsTime:
                bool signed64 = type is ParamType.Int64 or ParamType.Pid;
                bool number = format is PrintFormat.Dec or PrintFormat.Id
                    || (format == PrintFormat.PaddedDec && type is ParamType.UInt64 or ParamType.RelTime or ParamType.AbsTime);
                if (!number) return format is PrintFormat.Oct or PrintFormat.Hex || signed64 ? AsString(field, e, o) : false;
                if (!field.TryGetInt(e, out long v)) return false;
                if (field.IsUnsigned && type is not (ParamType.RelTime or ParamType.AbsTime)) o.Append((ulong)v);
                else o.Append(v);
                return true;
            default:
                if (field.HasValue(e)) throw ValueText.Unprintable(type);
                return false;
        }
    }

    /// <summary>The value's text form (as -p prints it) as a JSON string.</summary>
    static bool AsString(Field field, Event e, TextBuffer o)
    {
        var text = Scratch;
        text.Clear();
        if (!ValueText.Render(field, e, text)) return false;
        AppendString(o, text.Span);
        return true;
    }

    [ThreadStatic] static TextBuffer? scratch;
    static TextBuffer Scratch => scratch ??= new TextBuffer();

    /// <summary>A JSON string as jsoncpp writes it: control characters and all non-ASCII as \u escapes.</summary>
    public static void AppendString(TextBuffer o, ReadOnlySpan<byte> s)
    {
        o.Append((byte)'"');
        int i = 0;
        while (i < s.Length)
        {
            byte b = s[i];
            switch (b)
            {
                case (byte)'"': o.Append("\\\""u8); i++; continue;
                case (byte)'\\': o.Append("\\\\"u8); i++; continue;
                case (byte)'\b': o.Append("\\b"u8); i++; continue;
                case (byte)'\f': o.Append("\\f"u8); i++; continue;
                case (byte)'\n': o.Append("\\n"u8); i++; continue;
                case (byte)'\r': o.Append("\\r"u8); i++; continue;
                case (byte)'\t': o.Append("\\t"u8); i++; continue;
            }
            if (b < 0x20) { Escape(o, b); i++; continue; }
            if (b < 0x80) { o.Append(b); i++; continue; }
            uint codepoint = DecodeUtf8(s, ref i);
            if (codepoint < 0x10000) Escape(o, codepoint);
            else
            {
                codepoint -= 0x10000;
                Escape(o, 0xd800 + ((codepoint >> 10) & 0x3ff));
                Escape(o, 0xdc00 + (codepoint & 0x3ff));
            }
        }
        o.Append((byte)'"');
    }

    public static void AppendString(TextBuffer o, string s) => AppendString(o, Encoding.UTF8.GetBytes(s));

    static void Escape(TextBuffer o, uint codepoint)
    {
        o.Append("\\u"u8);
        const string Hex = "0123456789abcdef";
        for (int shift = 12; shift >= 0; shift -= 4) o.Append((byte)Hex[(int)((codepoint >> shift) & 0xf)]);
    }

    /// <summary>
    /// jsoncpp's UTF-8 decoding: continuation bytes are not checked; a truncated sequence, an overlong form or
    /// a surrogate reads as U+FFFD.
    /// </summary>
    static uint DecodeUtf8(ReadOnlySpan<byte> s, ref int i)
    {
        const uint Replacement = 0xfffd;
        uint first = s[i];
        int length = first < 0xe0 ? 2 : first < 0xf0 ? 3 : first < 0xf8 ? 4 : 0;
        if (length == 0 || s.Length - i < length)
        {
            i++;
            return Replacement;
        }
        uint cp = first & (length == 2 ? 0x1fu : length == 3 ? 0x0fu : 0x07u);
        for (int k = 1; k < length; k++) cp = (cp << 6) | (s[i + k] & 0x3fu);
        i += length;
        return length switch
        {
            2 => cp < 0x80 ? Replacement : cp,
            3 => cp < 0x800 || cp is >= 0xd800 and <= 0xdfff ? Replacement : cp,
            _ => cp < 0x10000 ? Replacement : cp,
        };
    }
}
