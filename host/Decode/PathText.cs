using System.Text;
using Sharpdig.Output;

namespace Sharpdig.Decode;

/// <summary>Joins and normalizes paths as sysdig does: "." and ".." resolved, "//" collapsed, a trailing "/" dropped.</summary>
public static class PathText
{
    /// <summary>
    /// Appends <paramref name="baseDir"/> + <paramref name="path"/> normalized when the path is relative;
    /// appends nothing for absolute paths (sysdig shows no resolved form for those).
    /// </summary>
    public static void AppendResolved(TextBuffer o, string baseDir, ReadOnlySpan<byte> path)
    {
        if (path.IsEmpty || path[0] == (byte)'/') return;
        o.Append(Join(baseDir, path));
    }

    /// <summary>The absolute form of <paramref name="path"/> relative to <paramref name="baseDir"/>.</summary>
    public static string Join(string baseDir, ReadOnlySpan<byte> path)
    {
        var target = new List<byte>(baseDir.Length + path.Length);
        if (path.IsEmpty || path[0] != (byte)'/')
        {
            target.AddRange(Encoding.UTF8.GetBytes(baseDir));
            CopySanitized(target, 0, path, target.Count);
        }
        else
            CopySanitized(target, 0, path, 0);
        return Encoding.UTF8.GetString(target.ToArray());
    }

    public static string Join(string baseDir, string path) => Join(baseDir, Encoding.UTF8.GetBytes(path));

    /// <summary>Normalizes <paramref name="path"/> onto <paramref name="target"/> starting at <paramref name="start"/>; never rewinds before <paramref name="baseIndex"/>.</summary>
    static void CopySanitized(List<byte> target, int baseIndex, ReadOnlySpan<byte> path, int start)
    {
        int pc = 0;
        byte At(ReadOnlySpan<byte> p, int i) => i < p.Length ? p[i] : (byte)0;
        while (true)
        {
            byte c = At(path, pc);
            if (c == 0)
            {
                if (target.Count > baseIndex + 1 && target[^1] == (byte)'/') target.RemoveAt(target.Count - 1);
                return;
            }
            if (!Sanitizer.IsValid(c))
            {
                target.Add((byte)'.');
                pc++;
            }
            else if (c == '.' && At(path, pc + 1) == '.' && At(path, pc + 2) == '/')
                pc = Rewind(target, baseIndex, pc, 3);
            else if (c == '.' && At(path, pc + 1) == '.')
            {
                if (At(path, pc + 2) == 0) pc = Rewind(target, baseIndex, pc, 2);
                else { target.Add((byte)'.'); target.Add((byte)'.'); pc += 2; }
            }
            else if (c == '.' && At(path, pc + 1) == '/')
                pc += 2;
            else if (c == '.')
            {
                if (At(path, pc + 1) == 0) pc++;
                else { target.Add(c); pc++; }
            }
            else if (c == '/')
            {
                if (target.Count > baseIndex && target[^1] == (byte)'/') pc++;
                else { target.Add(c); pc++; }
            }
            else
            {
                target.Add(c);
                pc++;
            }
        }
    }

    /// <summary>Moves back to the previous '/' (keeping it), as following "..".</summary>
    static int Rewind(List<byte> target, int baseIndex, int pc, int delta)
    {
        int tc = target.Count;
        if (tc <= baseIndex + 1) return pc + delta;
        tc--;
        while (tc >= baseIndex + 1 && target[tc - 1] != (byte)'/') tc--;
        target.RemoveRange(tc, target.Count - tc);
        return pc + delta;
    }
}
