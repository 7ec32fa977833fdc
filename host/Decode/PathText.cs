using System.Text;
using Sharpdig.Output;

namespace Sharpdig.Decode;

/// <summary>Joins and normalizes paths as sysdig does: "." and ".." resolved, "//" collapsed, a trailing "/" dropped.</summary>
public static class PathText
{
    [ThreadStatic] static TextBuffer? scratch;

    /// <summary>
    /// Appends <paramref name="baseDir"/> + <paramref name="path"/> normalized when the path is relative;
    /// appends nothing for absolute paths (sysdig shows no resolved form for those). An empty path
    /// resolves to the base directory itself.
    /// </summary>
    public static void AppendResolved(TextBuffer o, string baseDir, ReadOnlySpan<byte> path)
    {
        if (!path.IsEmpty && path[0] == (byte)'/') return;
        AppendJoined(o, baseDir, path);
    }

    /// <summary>The absolute form of <paramref name="path"/> relative to <paramref name="baseDir"/>.</summary>
    public static string Join(string baseDir, ReadOnlySpan<byte> path)
    {
        var b = scratch ??= new TextBuffer(256);
        b.Clear();
        AppendJoined(b, baseDir, path);
        return Encoding.UTF8.GetString(b.Span);
    }

    public static string Join(string baseDir, string path) => Join(baseDir, Encoding.UTF8.GetBytes(path));

    /// <summary>Appends the joined, normalized path; nothing before the buffer's current end is touched.</summary>
    static void AppendJoined(TextBuffer o, string baseDir, ReadOnlySpan<byte> path)
    {
        int baseIndex = o.Length;
        if (path.IsEmpty || path[0] != (byte)'/') o.Append(baseDir);
        CopySanitized(o, baseIndex, path);
    }

    /// <summary>Normalizes <paramref name="path"/> onto the end of <paramref name="o"/>; never rewinds before <paramref name="baseIndex"/>.</summary>
    static void CopySanitized(TextBuffer o, int baseIndex, ReadOnlySpan<byte> path)
    {
        int pc = 0;
        byte At(ReadOnlySpan<byte> p, int i) => i < p.Length ? p[i] : (byte)0;
        byte Last() => o.RawArray[o.Length - 1];
        while (true)
        {
            byte c = At(path, pc);
            if (c == 0)
            {
                if (o.Length > baseIndex + 1 && Last() == (byte)'/') o.Length--;
                return;
            }
            if (!Sanitizer.IsValid(c))
            {
                o.Append((byte)'.');
                pc++;
            }
            else if (c == '.' && At(path, pc + 1) == '.' && At(path, pc + 2) == '/')
                pc = Rewind(o, baseIndex, pc, 3);
            else if (c == '.' && At(path, pc + 1) == '.')
            {
                if (At(path, pc + 2) == 0) pc = Rewind(o, baseIndex, pc, 2);
                else { o.Append((byte)'.').Append((byte)'.'); pc += 2; }
            }
            else if (c == '.' && At(path, pc + 1) == '/')
                pc += 2;
            else if (c == '.')
            {
                if (At(path, pc + 1) != 0) o.Append(c);
                pc++;
            }
            else if (c == '/')
            {
                if (!(o.Length > baseIndex && Last() == (byte)'/')) o.Append(c);
                pc++;
            }
            else
            {
                o.Append(c);
                pc++;
            }
        }
    }

    /// <summary>Moves back to the previous '/' (keeping it), as following "..".</summary>
    static int Rewind(TextBuffer o, int baseIndex, int pc, int delta)
    {
        int tc = o.Length;
        if (tc <= baseIndex + 1) return pc + delta;
        tc--;
        while (tc >= baseIndex + 1 && o.RawArray[tc - 1] != (byte)'/') tc--;
        o.Length = tc;
        return pc + delta;
    }
}
