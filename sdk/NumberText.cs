using System.Globalization;

namespace Sharpdig.Sdk;

/// <summary>
/// Numbers written as sysdig's chisels write them (C's printf, and the helpers of sysdig's common.lua), so
/// that a C# chisel prints the same text as the Lua one it replaces.
/// </summary>
public static class NumberText
{
    static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>C's "%.Nf": <paramref name="decimals"/> digits after the point, exact ties rounded to even as glibc does.</summary>
    public static string Fixed(double value, int decimals)
    {
        if (double.IsNaN(value)) return double.IsNegative(value) ? "-nan" : "nan";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        var text = value.ToString("F" + decimals, C);
        // .NET rounds exact ties away from zero; glibc rounds them to even.
        if (Math.Abs(value) < 1e13 && IsExactTie(value, decimals, out decimal down))
        {
            var even = decimal.Round(down, decimals, MidpointRounding.ToEven);
            text = even.ToString("F" + decimals, C);
            if (even == 0 && double.IsNegative(value)) text = "-" + text;
        }
        return text;
    }

    static bool IsExactTie(double value, int decimals, out decimal exact)
    {
        exact = (decimal)value;
        if ((double)exact != value) return false;
        decimal scaled = exact * Pow10(decimals);
        return Math.Abs(scaled - decimal.Truncate(scaled)) == 0.5m;
    }

    static decimal Pow10(int n)
    {
        decimal p = 1;
        for (; n > 0; n--) p *= 10;
        return p;
    }

    /// <summary>C's "%.Ng" (what Lua's tostring is for numbers, with N = 14): N significant digits, trailing zeros dropped.</summary>
    public static string General(double value, int precision = 14)
    {
        if (double.IsNaN(value)) return double.IsNegative(value) ? "-nan" : "nan";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        if (value == 0) return double.IsNegative(value) ? "-0" : "0";
        // Rounding to the precision can carry into the next power of ten, so the exponent is the rounded one.
        string e = value.ToString("E" + (precision - 1), C);
        int exp = int.Parse(e.AsSpan(e.IndexOf('E') + 1), NumberStyles.AllowLeadingSign, C);
        if (exp < -4 || exp >= precision)
            return TrimZeros(e[..e.IndexOf('E')]) + "e" + (exp < 0 ? "-" : "+") + Math.Abs(exp).ToString("00", C);
        return TrimZeros(Fixed(value, Math.Max(0, precision - 1 - exp)));
    }

    static string TrimZeros(string s)
    {
        if (!s.Contains('.')) return s;
        s = s.TrimEnd('0');
        return s.EndsWith('.') ? s[..^1] : s;
    }

    /// <summary>A number as Lua prints it (tostring): whole numbers plainly, others as "%.14g".</summary>
    public static string Lua(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < 1e15 && !(value == 0 && double.IsNegative(value))
            ? ((long)value).ToString(C) : General(value);

    /// <summary>C's "%d"/"%u" of a double as LuaJIT passes it: truncated toward zero.</summary>
    public static string Integer(double value) => double.IsFinite(value) ? Math.Truncate(value).ToString("F0", C) : "0";

    /// <summary>A byte count as common.lua's format_bytes writes it: "512B", "1.50KB", "2.00M", "3.10G", "1.00T", "1.00P".</summary>
    public static string Bytes(double value)
    {
        const double K = 1024, M = K * K, G = M * K, T = G * K, P = T * K;
        if (value > P) return Fixed(value / P, 2) + "P";
        if (value > T) return Fixed(value / T, 2) + "T";
        if (value > G) return Fixed(value / G, 2) + "G";
        if (value > M) return Fixed(value / M, 2) + "M";
        if (value > K) return Fixed(value / K, 2) + "KB";
        return Integer(value) + "B";
    }

    /// <summary>A duration in ns as common.lua's format_time_interval writes it: "1.10s", "15ms", "1.25ms", "20us", "1.50us", "300ns".</summary>
    public static string TimeInterval(double ns)
    {
        const double S = 1e9, Ms = 1e6, Us = 1e3;
        if (ns >= S) return Integer(Math.Floor(ns / S)) + "." + TwoDigits(LuaMod(ns, S) / 1e7) + "s";
        if (ns >= S / 100) return Integer(Math.Floor(ns / Ms)) + "ms";
        if (ns >= S / 1000) return Integer(Math.Floor(ns / Ms)) + "." + TwoDigits(LuaMod(ns, Ms) / 1e4) + "ms";
        if (ns >= S / 100000) return Integer(Math.Floor(ns / Us)) + "us";
        if (ns >= S / 1000000) return Integer(Math.Floor(ns / Us)) + "." + TwoDigits(LuaMod(ns, Us) / 10) + "us";
        return Integer(ns) + "ns";
    }

    /// <summary>A share of <paramref name="total"/> as a percentage, "%.2f%%" ("0.00%" when the total is 0).</summary>
    public static string Percent(double value, double total) => total > 0 ? Fixed(value / total * 100, 2) + "%" : "0.00%";

    static string TwoDigits(double value) => Integer(value).PadLeft(2, '0');

    static double LuaMod(double a, double b) => a - Math.Floor(a / b) * b;
}
