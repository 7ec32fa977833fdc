using Sharpdig.Driver.Events;
using Sharpdig.Fields;
using Sharpdig.Output;

namespace Sharpdig.Cli;

/// <summary>-l, -lv and --list-markdown: the field catalog laid out as sysdig prints it.</summary>
public static class FieldListing
{
    // sysdig's listing: names in a 30-column block, descriptions wrapped so lines stay within 120 columns.
    const int RightBlock = 30, Width = 120;

    public static void Text(TextBuffer o, bool verbose)
    {
        foreach (var c in FieldRegistry.Classes)
        {
            o.Append("-------------------------------\n");
            Pad(o, "Field Class:").Append(c.Title).Append((byte)'\n');
            Pad(o, "Description:");
            Wrap(o, c.Description);
            o.Append("\n\n");
            foreach (var f in Listed(c))
            {
                if (f.Name.Length > RightBlock) Pad(o.Append(f.Name).Append((byte)'\n'), "");
                else Pad(o, f.Name);
                var text = f.Description;
                if ((f.Flags & FieldFlags.FilterOnly) != 0) text = "(FILTER ONLY) " + text;
                if (verbose) text = $"(Type: {TypeName(f)}) {text}";
                Wrap(o, text);
                o.Append((byte)'\n');
            }
            o.Append((byte)'\n');
        }
    }

    public static void Markdown(TextBuffer o)
    {
        foreach (var c in FieldRegistry.Classes)
        {
            // The markdown heading names the class without its parenthesised short description.
            int paren = c.Title.IndexOf(" (", StringComparison.Ordinal);
            o.Append("\n## Field Class: ").Append(paren > 0 ? c.Title[..paren] : c.Title).Append("\n\n");
            o.Append(c.Description).Append("\n\n");
            o.Append("Name | Type | Description\n:----|:-----|:-----------\n");
            foreach (var f in Listed(c))
                o.Append((byte)'`').Append(f.Name).Append("` | ").Append(TypeName(f)).Append(" | ").Append(f.Description).Append((byte)'\n');
        }
    }

    /// <summary>Print-only and table-only fields are not listed.</summary>
    static IEnumerable<FieldInfo> Listed(FieldClass c) =>
        c.Fields.Select(d => d.Info).Where(f => (f.Flags & (FieldFlags.PrintOnly | FieldFlags.TableOnly)) == 0);

    static string TypeName(FieldInfo f) => EventTable.TypeName(f.Type);

    static TextBuffer Pad(TextBuffer o, string s)
    {
        o.Append(s);
        for (int k = s.Length; k < RightBlock; k++) o.Append((byte)' ');
        return o;
    }

    /// <summary>Words, each followed by a space; a word that would pass the width starts a new, indented line.</summary>
    static void Wrap(TextBuffer o, string text)
    {
        int length = 0;
        foreach (var word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            int wordLength = word.Length + 1;
            if (length + wordLength <= Width - RightBlock) length += wordLength;
            else
            {
                Pad(o.Append((byte)'\n'), "");
                length = wordLength;
            }
            o.Append(word).Append((byte)' ');
        }
    }
}
