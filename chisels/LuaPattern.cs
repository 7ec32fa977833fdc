using System.Text;
using System.Text.RegularExpressions;

namespace Sharpdig.BuiltinChisels;

/// <summary>Lua's string.find for the patterns users give chisels, translated to a regular expression (classes, sets, quantifiers, anchors).</summary>
static class LuaPattern
{
    public static bool Contains(string text, string pattern) => Regex.IsMatch(text, Translate(pattern), RegexOptions.Singleline | RegexOptions.CultureInvariant);

    static string Translate(string pattern)
    {
        var regex = new StringBuilder();
        int i = 0;
        if (pattern.StartsWith('^'))
        {
            regex.Append('^');
            i = 1;
        }
        while (i < pattern.Length)
        {
            if (pattern[i] == '$' && i == pattern.Length - 1)
            {
                regex.Append('$');
                break;
            }
            regex.Append(SingleClass(pattern, ref i));
            // A quantifier only follows a single-character class; elsewhere '*', '+', '-', '?' are plain.
            if (i < pattern.Length && pattern[i] is '*' or '+' or '-' or '?')
            {
                regex.Append(pattern[i] == '-' ? "*?" : pattern[i].ToString());
                i++;
            }
        }
        return regex.ToString();
    }

    static string SingleClass(string p, ref int i)
    {
        char c = p[i++];
        if (c == '.') return ".";
        if (c == '%' && i < p.Length) return Class(p[i++]);
        if (c != '[') return Regex.Escape(c.ToString());
        var set = new StringBuilder("[");
        if (i < p.Length && p[i] == '^') set.Append(p[i++]);
        for (bool first = true; i < p.Length && (first || p[i] != ']'); first = false)
        {
            char s = p[i++];
            if (s == '%' && i < p.Length) set.Append(Class(p[i++]).Trim('[', ']'));
            else if (s is '\\' or '[' or '^') set.Append('\\').Append(s);
            else set.Append(s);
        }
        i++;
        return set.Append(']').ToString();
    }

    static string Class(char c) => c switch
    {
        'a' => "[A-Za-z]", 'd' => "[0-9]", 'l' => "[a-z]", 'u' => "[A-Z]", 's' => @"[\s]", 'w' => "[A-Za-z0-9]",
        'x' => "[0-9A-Fa-f]", 'p' => @"[!-/:-@\[-`{-~]", 'g' => "[!-~]", 'c' => @"[\x00-\x1f\x7f]",
        _ => Regex.Escape(c.ToString()),
    };
}
