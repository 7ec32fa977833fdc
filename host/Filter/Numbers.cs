using Sharpdig.Decode;

namespace Sharpdig.Filter;

/// <summary>
/// Numbers as sysdig reads filter operands: sscanf("%ld%c") / ("%lu%c"), so decimal only, leading
/// whitespace and a sign allowed, nothing after the digits, and out-of-range values clamped as strtol/strtoul do.
/// </summary>
static class Numbers
{
    public static long Signed(string s)
    {
        if (!Scan(s, out bool negative, out ulong magnitude, out bool overflow))
            throw NotANumber(s);
        if (negative)
            return overflow || magnitude > 1UL << 63 ? long.MinValue : unchecked(-(long)magnitude);
        return overflow || magnitude > long.MaxValue ? long.MaxValue : (long)magnitude;
    }

    public static ulong Unsigned(string s)
    {
        if (!Scan(s, out bool negative, out ulong magnitude, out bool overflow))
            throw NotANumber(s);
        if (overflow) return ulong.MaxValue;
        return negative ? unchecked(0 - magnitude) : magnitude;
    }

    /// <summary>A port: digits (as std::stoi, then cut to 16 bits) or a service name from /etc/services.</summary>
    public static ushort Port(string s)
    {
        if (s.Length == 0) return 0;
        if (s.All(char.IsAsciiDigit))
        {
            if (!int.TryParse(s, out int port))
                throw new FilterException("error parsing the filter string");
            return (ushort)port;
        }
        return Services.Lookup(s) ?? throw new FilterException($"unrecognized protocol {s}");
    }

    static bool Scan(string s, out bool negative, out ulong magnitude, out bool overflow)
    {
        negative = false;
        magnitude = 0;
        overflow = false;
        int i = 0;
        while (i < s.Length && s[i] is ' ' or '\t' or '\n' or '\v' or '\f' or '\r') i++;
        if (i < s.Length && s[i] is '+' or '-') negative = s[i++] == '-';
        int digits = i;
        for (; i < s.Length && char.IsAsciiDigit(s[i]); i++)
        {
            ulong d = (ulong)(s[i] - '0');
            if (magnitude > (ulong.MaxValue - d) / 10) overflow = true;
            else magnitude = magnitude * 10 + d;
        }
        return i > digits && i == s.Length;
    }

    static FilterException NotANumber(string s) => new($"{s} is not a valid number");
}
