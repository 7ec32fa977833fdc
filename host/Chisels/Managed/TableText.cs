using System.Text;
using Sharpdig.Output;
using Sharpdig.Sdk;

namespace Sharpdig.Chisels.Managed;

/// <summary>
/// A chisel's table as sysdig's chisels print theirs (common.lua's print_sorted_table): 20-column cells,
/// the value first, a rule of 80 dashes, the largest values first; with -j, dkjson's indented JSON of
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
        Pad(o, Encoding.UTF8.GetBytes(table.Value.Heading));
        foreach (var key in table.Keys) Pad(o, Encoding.UTF8.GetBytes(key.Heading));
        o.Append((byte)'\n');
        for (int i = 0; i < 80; i++) o.Append((byte)'-');
        o.Append((byte)'\n');
        foreach (var row in table.Sorted())
        {
            Pad(o, Encoding.UTF8.GetBytes(ValueText(row.Value, table.Units, delta)));
            var key = row.Key.AsSpan();
            for (int at; (at = key.IndexOf(Table.Separator)) >= 0; key = key[(at + Table.Separator.Length)..])
                Pad(o, key[..Math.Min(at, Cell)]);
            o.Append(key).Append((byte)'\n');
        }
    }

    static string ValueText(double v, Units units, ulong delta) => units switch
    {
        Units.Bytes => NumberText.Bytes(v),
        Units.Time => NumberText.TimeInterval(v),
        Units.TimePercent => NumberText.Percent(v, delta),
        _ => NumberText.Lua(v),
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

    static void Json(TextBuffer o, Table table, ulong timestamp)
    {
        o.Append("{\n  \"ts\":\"").Append(timestamp / 1_000_000_000 * 1_000_000_000).Append("\",\n  \"data\":[");
        bool firstRow = true;
        foreach (var row in table.Sorted())
        {
            if (!firstRow) o.Append((byte)',');
            firstRow = false;
            o.Append((byte)'[');
            foreach (var column in row.Columns)
            {
                Quote(o, column);
                o.Append((byte)',');
            }
            o.Append(Number(row.Value)).Append((byte)']');
        }
        o.Append("],\n  \"info\":[");
        // As print_sorted_table: the value's description goes in third place, whatever the number of keys.
        var info = new List<(TableColumn Column, bool IsKey)?>();
        for (int i = 0; i < table.Keys.Count; i++) info.Add((table.Keys[i], true));
        while (info.Count < 3) info.Add(null);
        info[2] = (table.Value, false);
        for (int i = 0; i < info.Count; i++)
        {
            if (i > 0) o.Append((byte)',');
            if (info[i] is not { } entry)
            {
                o.Append("null");
                continue;
            }
            o.Append("{\n      \"name\":");
            Quote(o, entry.Column.Source);
            o.Append(",\n      \"desc\":");
            Quote(o, entry.Column.Heading);
            o.Append(",\n      \"is_key\":").Append(entry.IsKey ? "true" : "false").Append("\n    }");
        }
        o.Append("]\n}\n");
    }

    static string Number(double v) => double.IsFinite(v) ? NumberText.Lua(v) : "null";

    /// <summary>dkjson's quotestring: quotes, backslashes and control characters escaped.</summary>
    static void Quote(TextBuffer o, string s)
    {
        o.Append((byte)'"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': o.Append("\\\""); break;
                case '\\': o.Append("\\\\"); break;
                case '\b': o.Append("\\b"); break;
                case '\f': o.Append("\\f"); break;
                case '\n': o.Append("\\n"); break;
                case '\r': o.Append("\\r"); break;
                case '\t': o.Append("\\t"); break;
                default:
                    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == 0xad) o.Append($"\\u{(int)c:x4}");
                    else o.Append(c);
                    break;
            }
        }
        o.Append((byte)'"');
    }
}
