using Sharpdig.Decode;
using Sharpdig.Driver.Events;
using Sharpdig.Fields;
using Sharpdig.Output;

namespace Sharpdig.Format;

/// <summary>JSON as sysdig's -j writes it (jsoncpp's compact writer).</summary>
public static class JsonText
{
    [ThreadStatic] static TextBuffer? scratch;

    /// <summary>
    /// A field's JSON value: integers in decimal/id format as numbers, booleans as true/false, everything
    /// else (strings, addresses, hex/octal numbers) as the string sysdig prints.
    /// </summary>
    public static bool RenderField(Field field, Event e, TextBuffer o)
    {
        var format = field.Info.Format;
        switch (field.Type)
        {
            case ParamType.Int8 or ParamType.Int16 or ParamType.Int32 or ParamType.Int64 or ParamType.Pid
                or ParamType.UInt8 or ParamType.UInt16 or ParamType.UInt32 or ParamType.UInt64 or ParamType.Port
                or ParamType.L4Proto or ParamType.RelTime or ParamType.AbsTime
                when format is PrintFormat.Dec or PrintFormat.Id:
                if (!field.TryGetInt(e, out long v)) return false;
                if (field.IsUnsigned) o.Append((ulong)v); else o.Append(v);
                return true;
            case ParamType.Bool:
                if (!field.TryGetInt(e, out long b)) return false;
                o.Append(b != 0 ? "true"u8 : "false"u8);
                return true;
            default:
                var text = scratch ??= new TextBuffer();
                text.Clear();
                if (!field.Render(e, text)) return false;
                AppendString(o, text.Span);
                return true;
        }
    }

    public static void AppendString(TextBuffer o, string text) => AppendString(o, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>A quoted JSON string: quote, backslash and control characters escaped; other UTF-8 as \u escapes.</summary>
    public static void AppendString(TextBuffer o, ReadOnlySpan<byte> utf8)
    {
        o.Append((byte)'"');
        Span<char> units = stackalloc char[2];
        int i = 0;
        while (i < utf8.Length)
        {
            byte b = utf8[i];
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
            if (b < 0x20)
            {
                AppendUnicodeEscape(o, b);
                i++;
                continue;
            }
            if (b < 0x80)
            {
                o.Append(b);
                i++;
                continue;
            }
            var status = System.Text.Rune.DecodeFromUtf8(utf8[i..], out var rune, out int consumed);
            if (status != System.Buffers.OperationStatus.Done) rune = System.Text.Rune.ReplacementChar;
            int n = rune.EncodeToUtf16(units);
            for (int k = 0; k < n; k++) AppendUnicodeEscape(o, units[k]);
            i += Math.Max(consumed, 1);
        }
        o.Append((byte)'"');
    }

    static void AppendUnicodeEscape(TextBuffer o, int unit)
    {
        o.Append("\\u"u8);
        const string digits = "0123456789abcdef";
        for (int shift = 12; shift >= 0; shift -= 4) o.Append((byte)digits[(unit >> shift) & 15]);
    }
}
