namespace Sharpdig.BuiltinChisels;

/// <summary>Lua's string.find for the patterns users give chisels: plain text, unless it has pattern characters (then translated to a regular expression: '.', classes such as %d, repetitions, anchors).</summary>
static class LuaPattern
{
    public static bool Contains(string text, string pattern)
    {
        if (pattern.IndexOfAny(['.', '%', '[', ']', '*', '+', '-', '?', '^', '$', '(', ')']) < 0)
            return text.Contains(pattern, StringComparison.Ordinal);
        var regex = new System.Text.StringBuilder();
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '%' && i + 1 < pattern.Length) regex.Append(Class(pattern[++i]));
            else if (c == '.') regex.Append('.');
            else if (c is '*' or '+' or '?') regex.Append(c);
            else if (c == '-') regex.Append("*?");
            else if (c == '^' && i == 0) regex.Append('^');
            else if (c == '$' && i == pattern.Length - 1) regex.Append('$');
            else regex.Append(System.Text.RegularExpressions.Regex.Escape(c.ToString()));
        }
        return System.Text.RegularExpressions.Regex.IsMatch(text, regex.ToString(), System.Text.RegularExpressions.RegexOptions.Singleline);
    }

    static string Class(char c) => c switch
    {
        'a' => "[A-Za-z]", 'd' => "[0-9]", 'l' => "[a-z]", 'u' => "[A-Z]", 's' => @"[\s]", 'w' => "[A-Za-z0-9]",
        'x' => "[0-9A-Fa-f]", 'p' => @"[!-/:-@\[-`{-~]", 'g' => "[!-~]", 'c' => @"[\x00-\x1f\x7f]",
        _ => System.Text.RegularExpressions.Regex.Escape(c.ToString()),
    };
}
