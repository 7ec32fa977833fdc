namespace Sharpdig.Fields;

/// <summary>Field arguments as sysdig reads them: numbers the way sscanf("%d%c") accepts them, "[...]" brackets.</summary>
static class Arguments
{
    /// <summary>A whole-string integer (leading blanks and a sign allowed); otherwise sysdig's "is not a valid number".</summary>
    public static long ParseInteger(string s)
    {
        if (TryParseInteger(s, out long v)) return v;
        throw new FieldException($"{s} is not a valid number");
    }

    public static bool TryParseInteger(string s, out long value)
    {
        value = 0;
        int i = 0;
        while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
        bool negative = i < s.Length && s[i] == '-';
        if (i < s.Length && s[i] is '-' or '+') i++;
        int digits = i;
        ulong v = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            v = unchecked(v * 10 + (ulong)(s[i] - '0'));
            i++;
        }
        if (i == digits || i != s.Length) return false;
        value = negative ? -(long)v : (long)v;
        return true;
    }

    public static int ParseInt32(string s) => unchecked((int)ParseInteger(s));

    /// <summary>
    /// The text inside the "[...]" that follows the field name. <paramref name="consumed"/> ends after the ']';
    /// without one, sysdig's position arithmetic wraps to 0 and the whole rest is the argument.
    /// </summary>
    public static string Bracket(FieldText t, out int consumed)
    {
        int open = t.NameLength;
        int close = t.Text.IndexOf(']', t.Start + open);
        if (close < 0)
        {
            consumed = 0;
            return t.From(open + 1);
        }
        consumed = close - t.Start + 1;
        return t.Text[(t.Start + open + 1)..close];
    }

    public static FieldException SyntaxError(FieldText t) => new($"filter syntax error: {t.Rest}");
}
