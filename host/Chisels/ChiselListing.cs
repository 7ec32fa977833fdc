using System.Text;
using Sharpdig.Output;

namespace Sharpdig.Chisels;

/// <summary>-cl and -i, laid out as sysdig prints them (79-column text, descriptions from column 16).</summary>
public static class ChiselListing
{
    const int DescriptionStart = 16;
    const int LineLength = 79;

    /// <summary>-cl: the chisels grouped by category, each with its short description.</summary>
    public static void List(TextBuffer o, IEnumerable<ChiselInfo> chisels, bool verbose = true)
    {
        var lastCategory = "";
        foreach (var c in chisels.OrderBy(c => c.Category, StringComparer.Ordinal).ThenBy(c => c.Name, StringComparer.Ordinal))
        {
            if (c.IsView) continue;
            // As in sysdig, chisels without a category come first and get no heading.
            if (c.Category != lastCategory)
            {
                var heading = "Category: " + c.Category;
                o.Append((byte)'\n').Append(heading).Append((byte)'\n');
                for (int l = Encoding.UTF8.GetByteCount(heading); l > 0; l--) o.Append((byte)'-');
                o.Append((byte)'\n');
                lastCategory = c.Category;
            }
            o.Append(c.Name);
            int nameLength = Encoding.UTF8.GetByteCount(c.Name);
            if (nameLength >= DescriptionStart)
            {
                o.Append((byte)'\n');
                nameLength = 0;
            }
            Spaces(o, DescriptionStart - nameLength);
            var text = Encoding.UTF8.GetBytes(c.Origin == null ? c.ShortDescription : $"{c.ShortDescription} [{c.Origin}]");
            for (int l = 0; l < text.Length; l++)
            {
                if (l % (LineLength - DescriptionStart) == 0 && l != 0)
                {
                    o.Append((byte)'\n');
                    Spaces(o, DescriptionStart);
                }
                o.Append(text[l]);
            }
            o.Append((byte)'\n');
        }
        if (verbose) o.Append("\nUse the -i flag to get detailed information about a specific chisel\n");
    }

    /// <summary>-i: the chisel's -cl entry, its full description, and its arguments.</summary>
    public static void Info(TextBuffer o, ChiselInfo c)
    {
        List(o, [c], verbose: false);
        o.Append((byte)'\n');
        var description = Encoding.UTF8.GetBytes(c.Description);
        for (int l = 0; l < description.Length; l++)
        {
            if (l % LineLength == 0 && l != 0) o.Append((byte)'\n');
            o.Append(description[l]);
        }
        o.Append((byte)'\n');

        var args = new StringBuilder("Args:\n");
        foreach (var a in c.Arguments) args.Append($"[{a.Type}] {a.Name} - {a.Description}\n");
        if (c.Arguments.Count == 0) args.Append("(None)");
        var text = Encoding.UTF8.GetBytes(args.ToString());
        int column = 0;
        foreach (var b in text)
        {
            if (b == '\n') column = -1;
            else if (column % (LineLength - DescriptionStart) == 0 && column != 0)
            {
                o.Append((byte)'\n');
                Spaces(o, DescriptionStart);
            }
            o.Append(b);
            column++;
        }
        o.Append((byte)'\n');
    }

    static void Spaces(TextBuffer o, int n)
    {
        for (; n > 0; n--) o.Append((byte)' ');
    }
}
