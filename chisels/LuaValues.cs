namespace Sharpdig.BuiltinChisels;

/// <summary>Lua's conversions that sysdig's chisels rely on (key text is <see cref="KeyColumn"/>'s).</summary>
static class LuaValues
{
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
