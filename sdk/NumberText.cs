using System.Globalization;
using System.Text;

namespace Sharpdig.Sdk;

/// <summary>
/// Numbers written as sysdig's Lua chisels write them, so that a C# chisel prints the same text as the Lua
/// one it replaces: LuaJIT's <c>tostring</c> and <c>string.format</c> ("%.14g", "%.2f", "%d"), and the
/// helpers of sysdig's common.lua (format_bytes, format_time_interval). LuaJIT formats numbers itself and
/// rounds a value exactly halfway between two results away from zero ("%.2f" of 1.125 is "1.13", not
/// glibc's or .NET's "1.12").
/// </summary>
/// <remarks>
/// Each format comes twice: writing UTF-8 into a span (returns the length; allocates nothing; a span of
/// <see cref="MaxLength"/> bytes always suffices), and as a string.
/// </remarks>
public static class NumberText
{
    /// <summary>The longest text any of these formats writes.</summary>
    public const int MaxLength = 400;

    static readonly CultureInfo C = CultureInfo.InvariantCulture;
    static readonly string[] ExponentFormats = Formats('E'), FixedFormats = Formats('F');

    /// <summary>C's "%.Ng" as LuaJIT writes it: <paramref name="precision"/> significant digits, trailing zeros dropped, "1e+15" exponents.</summary>
    public static int General(double value, int precision, Span<byte> destination)
    {
        if (!double.IsFinite(value) || value == 0) return Special(value, destination);
        precision = Math.Max(precision, 1);
        Span<char> text = stackalloc char[MaxLength];
        // 21 significant digits of a double never round up into the next power of ten: this is its own exponent.
        value.TryFormat(text, out int n, "E20", C);
        int decimals = precision - 1 - Exponent(text[..n]);
        int exponent;
        if (decimals >= 0)
        {
            n = RoundedFixed(value, decimals, text);
            exponent = Digits(text[..n], out n);
        }
        else if (value == Math.Floor(value) && Math.Abs(value) < long.MaxValue)
        {
            n = RoundedInteger((long)value, -decimals, text);
            exponent = Digits(text[..n], out n);
        }
        else
        {
            // Not a whole number at this size, or beyond 2^63: no exact tie to round, .NET's digits are right.
            value.TryFormat(text, out n, Format(ExponentFormats, precision - 1), C);
            exponent = Exponent(text[..n]);
            Digits(text[..text[..n].IndexOf('E')], out n);
        }
        return GeneralLayout(value < 0, text[..n].TrimEnd('0'), exponent, precision, destination);
    }

    /// <summary>C's "%.Nf": <paramref name="decimals"/> digits after the point.</summary>
    public static int Fixed(double value, int decimals, Span<byte> destination)
    {
        if (!double.IsFinite(value)) return Special(value, destination);
        Span<char> text = stackalloc char[MaxLength];
        return Ascii(text[..RoundedFixed(value, decimals, text)], destination);
    }

    /// <summary>C's "%d" or "%u" of a Lua number: truncated toward zero.</summary>
    public static int Integer(double value, Span<byte> destination)
    {
        if (!double.IsFinite(value)) value = 0;
        double whole = Math.Truncate(value);
        // Whole numbers a long holds (counts, sizes: the common case) need no rounding; -0 and 0 take the general path.
        if (Math.Abs(whole) is >= 1 and < 1e18 && ((long)whole).TryFormat(destination, out int written, default, C))
            return written;
        return Fixed(whole, 0, destination);
    }

    /// <summary>A number as Lua's tostring writes it ("%.14g": 3, 0.5, 1e+15).</summary>
    public static int Lua(double value, Span<byte> destination) => General(value, 14, destination);

    /// <summary>A byte count as common.lua's format_bytes writes it: "512B", "1.50KB", "2.00M", "3.10G", "1.00T", "1.00P".</summary>
    public static int Bytes(double value, Span<byte> destination)
    {
        const double K = 1024, M = K * K, G = M * K, T = G * K, P = T * K;
        if (value > P) return Append(Fixed(value / P, 2, destination), "P"u8, destination);
        if (value > T) return Append(Fixed(value / T, 2, destination), "T"u8, destination);
        if (value > G) return Append(Fixed(value / G, 2, destination), "G"u8, destination);
        if (value > M) return Append(Fixed(value / M, 2, destination), "M"u8, destination);
        if (value > K) return Append(Fixed(value / K, 2, destination), "KB"u8, destination);
        return Append(Integer(value, destination), "B"u8, destination);
    }

    /// <summary>A duration in ns as common.lua's format_time_interval writes it: "1.10s", "15ms", "1.25ms", "20us", "1.50us", "300ns".</summary>
    public static int TimeInterval(double ns, Span<byte> destination)
    {
        const double S = 1e9, Ms = 1e6, Us = 1e3;
        if (ns >= S) return Split(Math.Floor(ns / S), LuaMod(ns, S) / 1e7, "s"u8, destination);
        if (ns >= S / 100) return Append(Integer(Math.Floor(ns / Ms), destination), "ms"u8, destination);
        if (ns >= S / 1000) return Split(Math.Floor(ns / Ms), LuaMod(ns, Ms) / 1e4, "ms"u8, destination);
        if (ns >= S / 100000) return Append(Integer(Math.Floor(ns / Us), destination), "us"u8, destination);
        if (ns >= S / 1000000) return Split(Math.Floor(ns / Us), LuaMod(ns, Us) / 10, "us"u8, destination);
        return Append(Integer(ns, destination), "ns"u8, destination);
    }

    /// <summary>
    /// <paramref name="value"/> as a percentage of <paramref name="total"/>, "%.2f%%", as common.lua's
    /// "timepct" tables show it ("0.00%" when the total is 0).
    /// </summary>
    public static int Percent(double value, double total, Span<byte> destination)
    {
        if (total <= 0) return Append(0, "0.00%"u8, destination);
        return Append(Fixed(value / total * 100, 2, destination), "%"u8, destination);
    }

    /// <summary>As <see cref="General(double, int, Span{byte})"/>, as a string.</summary>
    public static string General(double value, int precision = 14) => Text(General(value, precision, Buffer()));

    /// <summary>As <see cref="Fixed(double, int, Span{byte})"/>, as a string.</summary>
    public static string Fixed(double value, int decimals) => Text(Fixed(value, decimals, Buffer()));

    /// <summary>As <see cref="Integer(double, Span{byte})"/>, as a string.</summary>
    public static string Integer(double value) => Text(Integer(value, Buffer()));

    /// <summary>As <see cref="Lua(double, Span{byte})"/>, as a string.</summary>
    public static string Lua(double value) => Text(Lua(value, Buffer()));

    /// <summary>As <see cref="Bytes(double, Span{byte})"/>, as a string.</summary>
    public static string Bytes(double value) => Text(Bytes(value, Buffer()));

    /// <summary>As <see cref="TimeInterval(double, Span{byte})"/>, as a string.</summary>
    public static string TimeInterval(double ns) => Text(TimeInterval(ns, Buffer()));

    /// <summary>As <see cref="Percent(double, double, Span{byte})"/>, as a string.</summary>
    public static string Percent(double value, double total) => Text(Percent(value, total, Buffer()));

    /// <summary>
    /// "%.Nf" with LuaJIT's rounding: like .NET's, correct, except that a value exactly halfway between two
    /// results rounds away from zero (.NET rounds it to even).
    /// </summary>
    static int RoundedFixed(double value, int decimals, Span<char> text)
    {
        // Exactly halfway only if the value is a multiple of 2^-(decimals+1): then one more decimal is exact and ends in 5.
        double scaled = Math.ScaleB(value, decimals + 1);
        if (scaled == Math.Floor(scaled) && decimals + 1 < FixedFormats.Length)
        {
            value.TryFormat(text, out int exact, FixedFormats[decimals + 1], C);
            if (text[exact - 1] == '5') return RoundLastDigitAway(text, exact);
        }
        value.TryFormat(text, out int n, Format(FixedFormats, decimals), C);
        return n;
    }

    /// <summary>Drops the last digit of a decimal number (a 5) and rounds the rest away from zero.</summary>
    static int RoundLastDigitAway(Span<char> text, int length)
    {
        length--;
        if (text[length - 1] == '.') length--;
        for (int i = length - 1; i >= 0; i--)
        {
            char c = text[i];
            if (c == '.') continue;
            if (c == '-') break;
            if (c != '9')
            {
                text[i]++;
                return length;
            }
            text[i] = '0';
        }
        int first = text[0] == '-' ? 1 : 0;
        text[first..length].CopyTo(text[(first + 1)..]);
        text[first] = '1';
        return length + 1;
    }

    /// <summary>The digits of a whole number rounded to a multiple of 10^<paramref name="places"/> (halves away from zero), without the sign.</summary>
    static int RoundedInteger(long value, int places, Span<char> text)
    {
        ulong magnitude = value < 0 ? (ulong)-(value + 1) + 1 : (ulong)value;
        ulong unit = 1;
        for (int i = 0; i < places && unit <= ulong.MaxValue / 10; i++) unit *= 10;
        ulong rest = magnitude % unit;
        magnitude -= rest;
        if (rest >= unit - rest) magnitude += unit;
        magnitude.TryFormat(text, out int n, default, C);
        return n;
    }

    /// <summary>The exponent of .NET's "E" format ("1.5E+003": 3).</summary>
    static int Exponent(ReadOnlySpan<char> e) => int.Parse(e[(e.IndexOf('E') + 1)..], NumberStyles.AllowLeadingSign, C);

    /// <summary>
    /// Rewrites a decimal number in place as its significant digits (no sign, point or leading zeros) and
    /// returns the power of ten of the first one.
    /// </summary>
    static int Digits(Span<char> number, out int length)
    {
        int point = number.IndexOf('.');
        int integerDigits = point < 0 ? number.Length : point;
        length = 0;
        int exponent = 0;
        bool leading = true;
        for (int i = 0; i < number.Length; i++)
        {
            char c = number[i];
            if (c is < '0' or > '9') continue;
            int power = i < integerDigits ? integerDigits - 1 - i : integerDigits - i;
            if (leading && c == '0') continue;
            if (leading) exponent = power;
            leading = false;
            number[length++] = c;
        }
        return exponent;
    }

    /// <summary>%g's layout of significant <paramref name="digits"/> whose first is at 10^<paramref name="exponent"/>.</summary>
    static int GeneralLayout(bool negative, ReadOnlySpan<char> digits, int exponent, int precision, Span<byte> destination)
    {
        int n = 0;
        if (negative) destination[n++] = (byte)'-';
        if (exponent < -4 || exponent >= precision)
        {
            destination[n++] = (byte)digits[0];
            if (digits.Length > 1)
            {
                destination[n++] = (byte)'.';
                n += Ascii(digits[1..], destination[n..]);
            }
            destination[n++] = (byte)'e';
            destination[n++] = exponent < 0 ? (byte)'-' : (byte)'+';
            Math.Abs(exponent).TryFormat(destination[n..], out int written, "00", C);
            return n + written;
        }
        if (exponent < 0)
        {
            n += Ascii("0.", destination[n..]);
            for (int i = -1; i > exponent; i--) destination[n++] = (byte)'0';
            return n + Ascii(digits, destination[n..]);
        }
        for (int i = 0; i <= exponent; i++) destination[n++] = i < digits.Length ? (byte)digits[i] : (byte)'0';
        if (digits.Length > exponent + 1)
        {
            destination[n++] = (byte)'.';
            n += Ascii(digits[(exponent + 1)..], destination[n..]);
        }
        return n;
    }

    static string[] Formats(char kind) => Enumerable.Range(0, 32).Select(n => kind + n.ToString(C)).ToArray();

    static string Format(string[] cached, int digits) => digits < cached.Length ? cached[digits] : cached[0][0] + digits.ToString(C);

    [ThreadStatic] static byte[]? buffer;

    static byte[] Buffer() => buffer ??= new byte[MaxLength];

    static string Text(int length) => Encoding.ASCII.GetString(buffer!, 0, length);

    /// <summary>"%u.%02u" and a unit: a whole part and a two-digit fraction, each truncated.</summary>
    static int Split(double whole, double fraction, ReadOnlySpan<byte> unit, Span<byte> destination)
    {
        int n = Integer(whole, destination);
        destination[n++] = (byte)'.';
        int digits = Integer(fraction, destination[n..]);
        if (digits == 1)
        {
            destination[n + 1] = destination[n];
            destination[n] = (byte)'0';
            digits = 2;
        }
        return Append(n + digits, unit, destination);
    }

    static int Append(int length, ReadOnlySpan<byte> text, Span<byte> destination)
    {
        text.CopyTo(destination[length..]);
        return length + text.Length;
    }

    static int Special(double value, Span<byte> destination) => Append(0, value switch
    {
        double.NaN => "nan"u8,
        double.PositiveInfinity => "inf"u8,
        double.NegativeInfinity => "-inf"u8,
        _ => double.IsNegative(value) ? "-0"u8 : "0"u8,
    }, destination);

    static int Ascii(ReadOnlySpan<char> text, Span<byte> destination)
    {
        for (int i = 0; i < text.Length; i++) destination[i] = (byte)text[i];
        return text.Length;
    }

    static double LuaMod(double a, double b) => a - Math.Floor(a / b) * b;
}
