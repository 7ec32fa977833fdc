using Sharpdig.Output;

namespace Sharpdig.Decode;

/// <summary>sysdig drops non-printable characters from names it prints (paths, fd names).</summary>
public static class Sanitizer
{
    public static bool IsValid(byte b) => b >= 0x20 && b < 0x7f;

    public static void Append(TextBuffer o, ReadOnlySpan<byte> s)
    {
        // Valid runs are copied whole: names are rarely dirty.
        while (!s.IsEmpty)
        {
            int run = s.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7e);
            if (run < 0)
            {
                o.Append(s);
                return;
            }
            o.Append(s[..run]);
            s = s[(run + 1)..];
        }
    }

    public static void Append(TextBuffer o, string s)
    {
        // Straight into the buffer: one check per character, no growth check per byte.
        var to = o.GetSpan(s.Length);
        int n = 0;
        foreach (char c in s)
            if (c >= 0x20 && c < 0x7f) to[n++] = (byte)c;
        o.Advance(n);
    }

    public static string Clean(string s)
    {
        foreach (char c in s)
            if (c < 0x20 || c >= 0x7f) return string.Concat(s.Where(ch => ch >= 0x20 && ch < 0x7f));
        return s;
    }
}
