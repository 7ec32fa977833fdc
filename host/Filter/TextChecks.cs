using Sharpdig.Decode;
using Sharpdig.Fields;

namespace Sharpdig.Filter;

/// <summary>
/// String checks on fields that build their text as UTF-8 (fd.name, evt.arg.*...): compared as bytes, the
/// way sysdig's strcmp/strstr do, so filtering such a field allocates nothing per event.
/// </summary>
static class TextChecks
{
    /// <summary>The byte-wise check, or null for operators that work on strings (glob, pmatch).</summary>
    public static Func<Event, bool>? TryCompile(TextField f, CompareOp op, IReadOnlyList<FilterValue> values)
    {
        byte[] v = values.Count > 0 ? values[0].Bytes : [];
        byte[][] all = values.Select(x => x.Bytes).ToArray();
        BytesTest? test = op switch
        {
            CompareOp.Eq => b => b.SequenceEqual(v),
            CompareOp.Ne => b => !b.SequenceEqual(v),
            CompareOp.Lt => b => b.SequenceCompareTo(v) < 0,
            CompareOp.Le => b => b.SequenceCompareTo(v) <= 0,
            CompareOp.Gt => b => b.SequenceCompareTo(v) > 0,
            CompareOp.Ge => b => b.SequenceCompareTo(v) >= 0,
            CompareOp.Contains => b => b.IndexOf(v) >= 0,
            CompareOp.IContains => b => ContainsIgnoreAsciiCase(b, v),
            CompareOp.StartsWith => b => b.StartsWith(v),
            CompareOp.EndsWith => b => b.EndsWith(v),
            CompareOp.In => b => AnyEqual(all, b),
            CompareOp.Exists => static _ => true,
            _ => null,
        };
        if (test is null) return null;
        return e => f.TryGetBytes(e, out var b) && test(b);
    }

    static bool AnyEqual(byte[][] candidates, ReadOnlySpan<byte> b)
    {
        foreach (var c in candidates)
            if (b.SequenceEqual(c)) return true;
        return false;
    }

    /// <summary>strcasestr: only ASCII letters fold.</summary>
    static bool ContainsIgnoreAsciiCase(ReadOnlySpan<byte> s, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= s.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && Fold(s[i + j]) == Fold(needle[j])) j++;
            if (j == needle.Length) return true;
        }
        return false;
    }

    static byte Fold(byte c) => c is >= (byte)'A' and <= (byte)'Z' ? (byte)(c + 32) : c;
}
