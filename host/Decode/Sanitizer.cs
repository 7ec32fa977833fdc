using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Sharpdig.Output;

namespace Sharpdig.Decode;

/// <summary>sysdig drops non-printable characters from names it prints (paths, fd names).</summary>
public static class Sanitizer
{
    /// <summary>Printable ASCII (0x20-0x7e): what names keep and data buffers print as themselves.</summary>
    public static bool IsValid(int c) => (uint)(c - 0x20) < 0x7f - 0x20;

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
        // Straight into the buffer. Clean stretches (nearly all of a name) are checked and narrowed
        // 16 characters at a time; from the first dirty one on, character by character.
        var to = o.GetSpan(s.Length);
        var chars = MemoryMarshal.Cast<char, ushort>(s.AsSpan());
        int n = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            var space = Vector128.Create((ushort)0x20);
            var printableCount = Vector128.Create((ushort)(0x7f - 0x20));
            for (; n + 16 <= chars.Length; n += 16)
            {
                var low = Vector128.Create(chars.Slice(n, 8));
                var high = Vector128.Create(chars.Slice(n + 8, 8));
                if (!Vector128.LessThanAll(low - space, printableCount) || !Vector128.LessThanAll(high - space, printableCount)) break;
                Vector128.Narrow(low, high).CopyTo(to.Slice(n, 16));
            }
        }
        int written = n;
        for (int i = n; i < chars.Length; i++)
            if (IsValid(chars[i])) to[written++] = (byte)chars[i];
        o.Advance(written);
    }

    public static string Clean(string s)
    {
        foreach (char c in s)
            if (!IsValid(c)) return string.Concat(s.Where(ch => IsValid(ch)));
        return s;
    }
}
