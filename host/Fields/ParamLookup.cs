using Sharpdig.Decode;
using Sharpdig.Driver.Events;

namespace Sharpdig.Fields;

/// <summary>Finds a parameter by name in events of any type, caching the index per event type.</summary>
sealed class ParamLookup(string name)
{
    readonly int[] indexes = NewCache();

    static int[] NewCache()
    {
        var a = new int[EventTable.Events.Length];
        Array.Fill(a, -2);
        return a;
    }

    public string Name => name;

    /// <summary>The index of the first parameter with this name that the event carries, or -1.</summary>
    public int Index(Event e)
    {
        ref int cached = ref indexes[e.Type];
        if (cached == -2) cached = e.Info.ParamIndex(name);
        return cached < e.ParamCount ? cached : -1;
    }
}

/// <summary>Event parameter names across the whole event table, for "evt.arg.NAME"-style arguments.</summary>
static class ParamNames
{
    static readonly (string Name, ParamInfo Info)[] all = EventTable.Events
        .SelectMany(e => e.Params).Select(p => (p.Name, p)).ToArray();

    /// <summary>
    /// The parameter with the longest name that <paramref name="text"/> starts with (the first such in
    /// table order, which decides evt.rawarg's type), or null.
    /// </summary>
    public static ParamInfo? LongestPrefixOf(string text)
    {
        ParamInfo? best = null;
        foreach (var (name, info) in all)
            if (name.Length > (best?.Name.Length ?? 0) && text.StartsWith(name, StringComparison.Ordinal))
                best = info;
        return best;
    }
}
