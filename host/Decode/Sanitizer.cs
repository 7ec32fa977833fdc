using Sharpdig.Output;

namespace Sharpdig.Decode;

/// <summary>sysdig drops non-printable characters from names it prints (paths, fd names).</summary>
public static class Sanitizer
{
    public static bool IsValid(byte b) => b >= 0x20 && b < 0x7f;

    public static void Append(TextBuffer o, ReadOnlySpan<byte> s)
    {
        foreach (byte b in s)
            if (IsValid(b)) o.Append(b);
    }

    public static void Append(TextBuffer o, string s)
    {
        foreach (char c in s)
            if (c >= 0x20 && c < 0x7f) o.Append((byte)c);
    }

    public static string Clean(string s)
    {
        foreach (char c in s)
            if (c < 0x20 || c >= 0x7f) return string.Concat(s.Where(ch => ch >= 0x20 && ch < 0x7f));
        return s;
    }
}
