using System.Globalization;

namespace Sharpdig.Decode;

/// <summary>printf formats sysdig relies on that .NET lacks: %g and localtime timestamps.</summary>
public static class CFormat
{
    /// <summary>C's "%g" (6 significant digits, trailing zeros dropped, exponent as e+XX).</summary>
    public static string G(double v, int precision = 6)
    {
        if (double.IsNaN(v)) return "nan";
        if (double.IsInfinity(v)) return v > 0 ? "inf" : "-inf";
        if (v == 0) return double.IsNegative(v) ? "-0" : "0";
        int exp = (int)Math.Floor(Math.Log10(Math.Abs(v)));
        // Rounding to the precision can carry into the next power of ten.
        string e = v.ToString("E" + (precision - 1), CultureInfo.InvariantCulture);
        exp = int.Parse(e[(e.IndexOf('E') + 1)..], CultureInfo.InvariantCulture);
        if (exp < -4 || exp >= precision)
        {
            string mantissa = TrimZeros(e[..e.IndexOf('E')]);
            return mantissa + "e" + (exp < 0 ? "-" : "+") + Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture);
        }
        return TrimZeros(v.ToString("F" + Math.Max(0, precision - 1 - exp), CultureInfo.InvariantCulture));
    }

    static string TrimZeros(string s)
    {
        if (!s.Contains('.')) return s;
        s = s.TrimEnd('0');
        return s.EndsWith('.') ? s[..^1] : s;
    }

    /// <summary>"%Y-%m-%d %H:%M:%S.nnnnnnnnn %z" in local time (TZ).</summary>
    public static string LocalTime(ulong ns)
    {
        var t = DateTimeOffset.FromUnixTimeMilliseconds((long)(ns / 1_000_000)).ToLocalTime();
        var offset = t.Offset;
        string sign = offset < TimeSpan.Zero ? "-" : "+";
        return $"{t:yyyy-MM-dd HH:mm:ss}.{ns % 1_000_000_000:D9} {sign}{Math.Abs(offset.Hours):D2}{Math.Abs(offset.Minutes):D2}";
    }
}
