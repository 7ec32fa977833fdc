using System.Runtime.Intrinsics;
using Sharpdig.Output;

namespace Sharpdig.Decode;

/// <summary>Renders byte buffers as sysdig does for each <see cref="BufferFormat"/>.</summary>
public static class BufferText
{
    public static void Append(TextBuffer o, ReadOnlySpan<byte> src, BufferFormat format)
    {
        if (src.IsEmpty) return;
        switch (format)
        {
            case BufferFormat.Hex or BufferFormat.HexAscii or BufferFormat.JsonHex or BufferFormat.JsonHexAscii:
                AppendHexRows(o, src, format is BufferFormat.HexAscii or BufferFormat.JsonHexAscii);
                break;
            case BufferFormat.Base64 or BufferFormat.JsonBase64:
                o.Append(Convert.ToBase64String(src));
                break;
            case BufferFormat.Ascii or BufferFormat.JsonAscii:
                AppendAsciiOnly(o, src);
                break;
            default:
                AppendDotted(o, src);
                break;
        }
    }

    /// <summary>Printable bytes as they are, others as '.': 16 bytes at a time, straight into the buffer.</summary>
    static void AppendDotted(TextBuffer o, ReadOnlySpan<byte> src)
    {
        var to = o.GetSpan(src.Length);
        int i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            var space = Vector128.Create((byte)0x20);
            var printableCount = Vector128.Create((byte)(0x7f - 0x20));
            var dot = Vector128.Create((byte)'.');
            for (; i + 16 <= src.Length; i += 16)
            {
                var v = Vector128.Create(src.Slice(i, 16));
                var printable = Vector128.LessThan(v - space, printableCount);
                Vector128.ConditionalSelect(printable, v, dot).CopyTo(to.Slice(i, 16));
            }
        }
        for (; i < src.Length; i++)
            to[i] = Sanitizer.IsValid(src[i]) ? src[i] : (byte)'.';
        o.Advance(src.Length);
    }

    /// <summary>-A: a leading newline, printable bytes, CR as newline, LF unless it follows CR.</summary>
    static void AppendAsciiOnly(TextBuffer o, ReadOnlySpan<byte> src)
    {
        o.Append((byte)'\n');
        for (int j = 0; j < src.Length; j++)
        {
            byte b = src[j];
            if (Sanitizer.IsValid(b)) o.Append(b);
            else if (b == (byte)'\r') o.Append((byte)'\n');
            else if (b == (byte)'\n' && j > 0 && src[j - 1] != (byte)'\r') o.Append(b);
        }
    }

    /// <summary>-x / -X: rows of 16 bytes as "\n\t0x0010: 4865 6c6c ..." with an optional ASCII column, then a newline.</summary>
    static void AppendHexRows(TextBuffer o, ReadOnlySpan<byte> src, bool ascii)
    {
        for (int j = 0; j < src.Length; j += 16)
        {
            o.Append("\n\t0x");
            AppendHex4(o, j);
            o.Append((byte)':');
            int chunks = 0;
            for (int p = j; chunks < 8 && p < src.Length; p += 2, chunks++)
            {
                o.Append((byte)' ');
                AppendHex2(o, src[p]);
                if (p + 1 < src.Length) AppendHex2(o, src[p + 1]);
            }
            if (ascii)
            {
                for (; chunks < 8; chunks++) o.Append("     ");
                o.Append("  ");
                for (int p = j; p < j + 16 && p < src.Length; p++)
                    o.Append(Sanitizer.IsValid(src[p]) ? src[p] : (byte)'.');
            }
        }
        o.Append((byte)'\n');
    }

    static void AppendHex4(TextBuffer o, int v)
    {
        AppendHex2(o, (byte)(v >> 8));
        AppendHex2(o, (byte)v);
    }

    static void AppendHex2(TextBuffer o, byte b)
    {
        const string digits = "0123456789abcdef";
        o.Append((byte)digits[b >> 4]).Append((byte)digits[b & 15]);
    }
}
