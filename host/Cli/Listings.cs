using Sharpdig.Driver.Events;
using Sharpdig.Output;

namespace Sharpdig.Cli;

/// <summary>-L: the event table as sysdig lists it.</summary>
public static class Listings
{
    public static void Events(TextBuffer o)
    {
        foreach (var e in EventTable.Events)
        {
            if ((e.Flags & (EventFlags.Unused | EventFlags.OldVersion)) != 0 || (e.Category & EventCategory.Internal) != 0) continue;
            o.Append(e.IsEnter ? "> " : "< ").Append(e.Name).Append((byte)'(');
            for (int i = 0; i < e.Params.Length; i++)
            {
                if (i > 0) o.Append(", ");
                o.Append(EventTable.TypeName(e.Params[i].Type)).Append((byte)' ').Append(e.Params[i].Name);
            }
            o.Append(")\n");
        }
    }
}
