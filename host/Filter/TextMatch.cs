namespace Sharpdig.Filter;

/// <summary>String operators with C semantics: strcasestr's ASCII-only case folding and fnmatch(3) globs.</summary>
static class TextMatch
{
    public static bool ContainsIgnoreAsciiCase(string s, string needle)
    {
        for (int i = 0; i + needle.Length <= s.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && Fold(s[i + j]) == Fold(needle[j])) j++;
            if (j == needle.Length) return true;
        }
        return false;
    }

    static char Fold(char c) => c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;

    /// <summary>fnmatch(pattern, s, 0): * and ? match any characters ('/' and leading '.' included), [...] sets, \ escapes.</summary>
    public static bool Glob(string pattern, string s) => Glob(pattern, 0, s, 0);

    static bool Glob(string p, int pi, string s, int si)
    {
        while (pi < p.Length)
        {
            char c = p[pi++];
            switch (c)
            {
                case '*':
                    while (pi < p.Length && p[pi] == '*') pi++;
                    if (pi == p.Length) return true;
                    for (int k = si; k <= s.Length; k++)
                        if (Glob(p, pi, s, k)) return true;
                    return false;
                case '?':
                    if (si == s.Length) return false;
                    si++;
                    break;
                case '[':
                    if (si == s.Length) return false;
                    int matched = MatchSet(p, pi, s[si], out int next);
                    if (matched < 0)
                    {
                        // No closing ']': the '[' is an ordinary character.
                        if (s[si] != '[') return false;
                        si++;
                        break;
                    }
                    if (matched == 0) return false;
                    pi = next;
                    si++;
                    break;
                case '\\':
                    if (pi == p.Length) return false;
                    if (si == s.Length || s[si] != p[pi]) return false;
                    pi++;
                    si++;
                    break;
                default:
                    if (si == s.Length || s[si] != c) return false;
                    si++;
                    break;
            }
        }
        return si == s.Length;
    }

    /// <summary>Matches <paramref name="c"/> against the set starting after '['; 1/0 for match/no match, -1 for an unterminated set.</summary>
    static int MatchSet(string p, int i, char c, out int next)
    {
        next = i;
        bool negate = i < p.Length && p[i] is '!' or '^';
        if (negate) i++;
        bool found = false;
        bool first = true;
        while (i < p.Length && (first || p[i] != ']'))
        {
            first = false;
            if (p[i] == '[' && i + 1 < p.Length && p[i + 1] == ':')
            {
                int close = p.IndexOf(":]", i + 2, StringComparison.Ordinal);
                if (close < 0) return -1;
                if (InClass(p[(i + 2)..close], c)) found = true;
                i = close + 2;
                continue;
            }
            char lo = p[i];
            if (lo == '\\' && i + 1 < p.Length) lo = p[++i];
            i++;
            char hi = lo;
            if (i + 1 < p.Length && p[i] == '-' && p[i + 1] != ']')
            {
                hi = p[i + 1];
                if (hi == '\\' && i + 2 < p.Length) hi = p[++i + 1];
                i += 2;
            }
            if (c >= lo && c <= hi) found = true;
        }
        if (i >= p.Length) return -1;
        next = i + 1;
        return found != negate ? 1 : 0;
    }

    static bool InClass(string name, char c) => name switch
    {
        "alnum" => char.IsAsciiLetterOrDigit(c),
        "alpha" => char.IsAsciiLetter(c),
        "digit" => char.IsAsciiDigit(c),
        "lower" => char.IsAsciiLetterLower(c),
        "upper" => char.IsAsciiLetterUpper(c),
        "space" => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r',
        "blank" => c is ' ' or '\t',
        "punct" => c is > ' ' and < (char)127 && !char.IsAsciiLetterOrDigit(c),
        "print" => c is >= ' ' and < (char)127,
        "graph" => c is > ' ' and < (char)127,
        "cntrl" => c < ' ' || c == (char)127,
        "xdigit" => char.IsAsciiHexDigit(c),
        _ => false,
    };

    /// <summary>
    /// pmatch: whether a path lies under one of the prefixes, compared by '/'-separated components
    /// (empty components ignored), as sysdig's path_prefix_search.
    /// </summary>
    public static Func<string, bool> PathPrefixes(IEnumerable<string> prefixes)
    {
        var split = prefixes.Select(p => p.Split('/', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        return path =>
        {
            foreach (var prefix in split)
                if (StartsWithComponents(path, prefix)) return true;
            return false;
        };
    }

    static bool StartsWithComponents(string path, string[] prefix)
    {
        int at = 0;
        foreach (var component in prefix)
        {
            while (at < path.Length && path[at] == '/') at++;
            int end = path.IndexOf('/', at);
            if (end < 0) end = path.Length;
            if (!path.AsSpan(at, end - at).SequenceEqual(component)) return false;
            at = end;
        }
        return true;
    }
}
