namespace Sharpdig.Filter;

/// <summary>Port numbers by service name, from /etc/services (what getservbyname reads).</summary>
static class Services
{
    static Dictionary<string, ushort>? byName;

    public static ushort? Lookup(string name)
    {
        byName ??= Load("/etc/services");
        return byName.TryGetValue(name, out var port) ? port : null;
    }

    static Dictionary<string, ushort> Load(string path)
    {
        var d = new Dictionary<string, ushort>(StringComparer.Ordinal);
        if (!File.Exists(path)) return d;
        foreach (var raw in File.ReadLines(path))
        {
            int hash = raw.IndexOf('#');
            var words = (hash >= 0 ? raw[..hash] : raw).Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length < 2) continue;
            int slash = words[1].IndexOf('/');
            if (slash < 0 || !ushort.TryParse(words[1][..slash], out var port)) continue;
            // The first entry naming a service wins, whatever its protocol.
            d.TryAdd(words[0], port);
            foreach (var alias in words.AsSpan(2)) d.TryAdd(alias, port);
        }
        return d;
    }
}
