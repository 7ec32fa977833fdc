using Sharpdig.Sdk;

namespace Sharpdig.BuiltinChisels;

/// <summary>Field values as sysdig's Lua chisels turn them into text (tostring, "..", string.format("%s")).</summary>
static class LuaValues
{
    /// <summary>Lua numbers are doubles printed with "%.14g": from 1e14 on, in exponent form.</summary>
    const double IntegerLimit = 1e14;

    /// <summary>Appends the current value of <paramref name="field"/> as a key column; false when the event has none.</summary>
    public static bool AppendTo(TableKey key, Field field)
    {
        switch (field)
        {
            case Int64Field i:
                if (!i.TryGet(out long l)) return false;
                if (Math.Abs(l) < IntegerLimit) key.Append(l);
                else key.Append(NumberText.General(l));
                return true;
            case UInt64Field u:
                if (!u.TryGet(out ulong v)) return false;
                if (v < IntegerLimit) key.Append((long)v);
                else key.Append(NumberText.General(v));
                return true;
            case DoubleField d:
                if (!d.TryGet(out double x)) return false;
                key.Append(NumberText.Lua(x));
                return true;
            case BoolField b:
                if (!b.TryGet(out bool flag)) return false;
                key.Append(flag ? "true"u8 : "false"u8);
                return true;
            case TextField t:
                if (!t.TryGet(out var bytes)) return false;
                key.Append(bytes);
                return true;
            default:
                return false;
        }
    }

    /// <summary>The value as Lua's tostring writes it; null when the event has none.</summary>
    public static string? Text(Field field)
    {
        var key = new TableKey();
        return AppendTo(key, field) ? System.Text.Encoding.UTF8.GetString(key.Span) : null;
    }

    /// <summary>Lua's tonumber: decimal (or 0x hex) text with surrounding spaces; null when it is not a number.</summary>
    public static double? ToNumber(string text)
    {
        var t = text.Trim(' ', '\t', '\n', '\r', '\f', '\v');
        if (t.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && ulong.TryParse(t.AsSpan(2), System.Globalization.NumberStyles.AllowHexSpecifier, null, out ulong hex))
            return hex;
        return double.TryParse(t, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double d)
            && !t.Contains("Infinity", StringComparison.OrdinalIgnoreCase) && !t.Contains("NaN", StringComparison.OrdinalIgnoreCase)
            ? d : null;
    }
}
