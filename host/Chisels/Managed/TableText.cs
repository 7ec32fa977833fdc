using Sharpdig.Output;
using Sharpdig.Sdk;

namespace Sharpdig.Chisels.Managed;

/// <summary>
/// A chisel's table as sysdig's chisels print theirs (common.lua's print_sorted_table): 20-byte cells, the
/// value first, a rule of 80 dashes, the largest values first; with -j, dkjson's indented JSON of
/// {ts, data: [[key..., value]...], info: [{name, desc, is_key}...]}.
/// </summary>
static class TableText
{
    const int Cell = 20;

    public static void Print(TextBuffer o, Table table, ulong timestamp, ulong delta, bool json)
    {
        if (json) Json(o, table, timestamp);
        else Text(o, table, delta);
    }

    static void Text(TextBuffer o, Table table, ulong delta)
    {
        Pad(o, Utf8(table.Value.Heading));
        foreach (var key in table.Keys) Pad(o, Utf8(key.Heading));
        o.Append((byte)'\n');
        for (int i = 0; i < 80; i++) o.Append((byte)'-');
        o.Append((byte)'\n');
        Span<byte> number = stackalloc byte[NumberText.MaxLength];
        foreach (var row in table.Sorted())
        {
            Pad(o, number[..ValueText(row.Value, table.Units, delta, number)]);
            // Every column but the last is cut to its cell; the last runs on.
            var key = row.Key.AsSpan();
            for (int at; (at = key.IndexOf(Table.Separator)) >= 0; key = key[(at + Table.Separator.Length)..])
                Pad(o, key[..Math.Min(at, Cell)]);
            o.Append(key).Append((byte)'\n');
        }
    }

    static int ValueText(double v, Units units, ulong delta, Span<byte> destination) => units switch
    {
        Units.Bytes => NumberText.Bytes(v, destination),
        Units.Time => NumberText.TimeInterval(v, destination),
        Units.TimePercent => NumberText.Percent(v, delta, destination),
        _ => NumberText.Lua(v, destination),
    };

    /// <summary>common.lua's extend_string: pad to the cell, or cut to one less and a space.</summary>
    static void Pad(TextBuffer o, ReadOnlySpan<byte> text)
    {
        if (text.Length < Cell)
        {
            o.Append(text);
            for (int i = text.Length; i < Cell; i++) o.Append((byte)' ');
        }
        else o.Append(text[..(Cell - 1)]).Append((byte)' ');
    }

    static byte[] Utf8(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    static void Json(TextBuffer o, Table table, ulong timestamp)
    {
        o.Append("{\n  \"ts\":\"").Append(timestamp / 1_000_000_000 * 1_000_000_000).Append("\",\n  \"data\":[");
        Span<byte> number = stackalloc byte[NumberText.MaxLength];
        bool firstRow = true;
        foreach (var row in table.Sorted())
        {
            if (!firstRow) o.Append((byte)',');
            firstRow = false;
            o.Append((byte)'[');
            var key = row.Key.AsSpan();
            for (int at; (at = key.IndexOf(Table.Separator)) >= 0; key = key[(at + Table.Separator.Length)..])
                Quote(o, key[..at]).Append((byte)',');
            Quote(o, key).Append((byte)',');
            // dkjson writes numbers that are not finite as null.
            if (double.IsFinite(row.Value)) o.Append(number[..NumberText.Lua(row.Value, number)]);
            else o.Append("null");
            o.Append((byte)']');
        }
        o.Append("],\n  \"info\":[");
        // As print_sorted_table: the value's entry goes in third place whatever the number of keys,
        // and dkjson fills the holes of an array with null.
        int entries = Math.Max(3, table.Keys.Count);
        for (int i = 0; i < entries; i++)
        {
            if (i > 0) o.Append((byte)',');
            var (column, isKey) = i == 2 ? (table.Value, false) : i < table.Keys.Count ? (table.Keys[i], true) : (null, false);
            if (column == null)
            {
                o.Append("null");
                continue;
            }
            o.Append("{\n      \"name\":");
            Quote(o, Utf8(column.Source));
            o.Append(",\n      \"desc\":");
            Quote(o, Utf8(column.Heading));
            o.Append(",\n      \"is_key\":").Append(isKey ? "true" : "false").Append("\n    }");
        }
        o.Append("]\n}\n");
    }

    /// <summary>
    /// dkjson's quotestring, on the bytes: quotes, backslashes, control bytes and DEL escaped, and the UTF-8
    /// sequences of the invisible or line-breaking characters it escapes (U+0080-009F, U+00AD, U+0600-0604,
    /// U+070F, U+17B4-17B5, U+200C-200F, U+2028-202F, U+2060-206F, U+FEFF, U+FFF0-FFFF) as \uXXXX.
    /// </summary>
    static TextBuffer Quote(TextBuffer o, ReadOnlySpan<byte> s)
    {
        o.Append((byte)'"');
        for (int i = 0; i < s.Length; i++)
        {
            byte b = s[i];
            switch (b)
            {
                case (byte)'"': o.Append("\\\""); continue;
                case (byte)'\\': o.Append("\\\\"); continue;
                case (byte)'\b': o.Append("\\b"); continue;
                case (byte)'\f': o.Append("\\f"); continue;
                case (byte)'\n': o.Append("\\n"); continue;
                case (byte)'\r': o.Append("\\r"); continue;
                case (byte)'\t': o.Append("\\t"); continue;
            }
            if (b < 0x20 || b == 0x7f)
            {
                Escape(o, b);
                continue;
            }
            int length = EscapedSequence(s[i..]);
            if (length == 0)
            {
                o.Append(b);
                continue;
            }
            int codePoint = length == 2 ? (b & 0x1f) << 6 | s[i + 1] & 0x3f : (b & 0x0f) << 12 | (s[i + 1] & 0x3f) << 6 | s[i + 2] & 0x3f;
            Escape(o, codePoint);
            i += length - 1;
        }
        return o.Append((byte)'"');
    }

    /// <summary>The length of the UTF-8 sequence dkjson escapes at the start of <paramref name="s"/>, or 0.</summary>
    static int EscapedSequence(ReadOnlySpan<byte> s)
    {
        if (s.Length < 2) return 0;
        byte b1 = s[1];
        switch (s[0])
        {
            case 0xc2: return b1 is >= 0x80 and <= 0x9f or 0xad ? 2 : 0;
            case 0xd8: return b1 is >= 0x80 and <= 0x84 ? 2 : 0;
            case 0xdc: return b1 == 0x8f ? 2 : 0;
        }
        if (s.Length < 3) return 0;
        byte b2 = s[2];
        return s[0] switch
        {
            0xe1 => b1 == 0x9e && b2 is 0xb4 or 0xb5 ? 3 : 0,
            0xe2 => b1 == 0x80 && b2 is >= 0x8c and <= 0x8f or >= 0xa8 and <= 0xaf || b1 == 0x81 && b2 is >= 0xa0 and <= 0xaf ? 3 : 0,
            0xef => b1 == 0xbb && b2 == 0xbf || b1 == 0xbf && b2 is >= 0xb0 and <= 0xbf ? 3 : 0,
            _ => 0,
        };
    }

    static void Escape(TextBuffer o, int codePoint)
    {
        const string Hex = "0123456789abcdef";
        o.Append("\\u");
        for (int shift = 12; shift >= 0; shift -= 4) o.Append((byte)Hex[codePoint >> shift & 0xf]);
    }
}
