using Sharpdig.Output;
using Sharpdig.State;

namespace Sharpdig.Decode;

/// <summary>
/// /etc/services, as getservbyname and getservbyport read it: ports by service name (filters), and with
/// -R the names ports print as.
/// </summary>
public static class Services
{
    sealed record Table(Dictionary<string, ushort> ByName, Dictionary<(ushort, string), string> ByPortAndProto, Dictionary<ushort, string> ByPort);

    static Table? table;

    /// <summary>-R: ports print as service names (sysdig's port resolution; addresses stay numeric).</summary>
    public static bool ResolvePorts { get; set; }

    public static ushort? Lookup(string name) => Load().ByName.TryGetValue(name, out var port) ? port : null;

    /// <summary>A port as sysdig prints it: its service name for the socket's protocol under -R (any protocol when that is neither TCP nor UDP), else its number.</summary>
    public static void AppendPort(TextBuffer o, ushort port, L4Proto l4)
    {
        if (ResolvePorts && Name(port, l4) is { } name) o.Append(name);
        else o.Append((ulong)port);
    }

    public static string PortText(ushort port, L4Proto l4) =>
        (ResolvePorts ? Name(port, l4) : null) ?? port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    static string? Name(ushort port, L4Proto l4)
    {
        var t = Load();
        string? proto = l4 == L4Proto.Tcp ? "tcp" : l4 == L4Proto.Udp ? "udp" : null;
        return proto != null
            ? t.ByPortAndProto.GetValueOrDefault((port, proto))
            : t.ByPort.GetValueOrDefault(port);
    }

    static Table Load() => table ??= Read("/etc/services");

    static Table Read(string path)
    {
        var t = new Table(new(StringComparer.Ordinal), new(), new());
        if (!File.Exists(path)) return t;
        foreach (var raw in File.ReadLines(path))
        {
            int hash = raw.IndexOf('#');
            var words = (hash >= 0 ? raw[..hash] : raw).Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length < 2) continue;
            int slash = words[1].IndexOf('/');
            if (slash < 0 || !ushort.TryParse(words[1][..slash], out var port)) continue;
            // The first entry wins, as the C library's sequential scan finds it.
            t.ByName.TryAdd(words[0], port);
            foreach (var alias in words.AsSpan(2)) t.ByName.TryAdd(alias, port);
            t.ByPortAndProto.TryAdd((port, words[1][(slash + 1)..]), words[0]);
            t.ByPort.TryAdd(port, words[0]);
        }
        return t;
    }
}
