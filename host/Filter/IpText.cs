using System.Globalization;

namespace Sharpdig.Filter;

/// <summary>IP address text as inet_pton reads it (strict: no leading zeros in IPv4 octets, one "::" in IPv6).</summary>
static class IpText
{
    /// <summary>Four bytes in network order, or null.</summary>
    public static byte[]? ParseV4(string s)
    {
        var parts = s.Split('.');
        if (parts.Length != 4) return null;
        var b = new byte[4];
        for (int i = 0; i < 4; i++)
        {
            var p = parts[i];
            if (p.Length is 0 or > 3 || (p.Length > 1 && p[0] == '0') || !p.All(char.IsAsciiDigit)) return null;
            int v = int.Parse(p, CultureInfo.InvariantCulture);
            if (v > 255) return null;
            b[i] = (byte)v;
        }
        return b;
    }

    /// <summary>Sixteen bytes in network order, or null. Dotted forms never get here (they are read as IPv4).</summary>
    public static byte[]? ParseV6(string s)
    {
        int gap = s.IndexOf("::", StringComparison.Ordinal);
        if (gap >= 0 && s.IndexOf("::", gap + 1, StringComparison.Ordinal) >= 0) return null;
        var head = Groups(gap < 0 ? s : s[..gap]);
        var tail = gap < 0 ? [] : Groups(s[(gap + 2)..]);
        if (head == null || tail == null) return null;
        int count = head.Count + tail.Count;
        if (gap < 0 ? count != 8 : count > 7) return null;
        var b = new byte[16];
        for (int i = 0; i < head.Count; i++) { b[2 * i] = (byte)(head[i] >> 8); b[2 * i + 1] = (byte)head[i]; }
        for (int i = 0; i < tail.Count; i++)
        {
            int at = 8 - tail.Count + i;
            b[2 * at] = (byte)(tail[i] >> 8);
            b[2 * at + 1] = (byte)tail[i];
        }
        return b;
    }

    static List<ushort>? Groups(string s)
    {
        var groups = new List<ushort>();
        if (s.Length == 0) return groups;
        foreach (var g in s.Split(':'))
        {
            if (g.Length is 0 or > 4 || !ushort.TryParse(g, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v))
                return null;
            groups.Add(v);
        }
        return groups;
    }
}
