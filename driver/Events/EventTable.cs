using System.Reflection;

namespace Sharpdig.Driver.Events;

/// <summary>
/// The event table: every event type with its parameters, and the syscall names for generic events.
/// It is loaded from the embedded *.table files (see tools/gen-event-table.py), which mirror the
/// table compiled into sysdig 0.29.3 so that decoding and printing match it.
/// </summary>
public static class EventTable
{
    public static readonly EventInfo[] Events;
    public static readonly SyscallInfo[] Syscalls;
    static readonly Dictionary<string, List<EventInfo>> ByName = new();

    static EventTable()
    {
        var flagTables = LoadFlagTables(out var dynamicTables);
        Events = LoadEvents(flagTables, dynamicTables);
        Syscalls = LoadSyscalls();
        foreach (var e in Events)
        {
            if (!ByName.TryGetValue(e.Name, out var list)) ByName[e.Name] = list = new List<EventInfo>();
            list.Add(e);
        }
    }

    public static int Count => Events.Length;

    /// <summary>The event type for an id, or null for ids this table does not know.</summary>
    public static EventInfo? Get(int id) => (uint)id < (uint)Events.Length ? Events[id] : null;

    /// <summary>All event types (enter, exit, old versions) with a name.</summary>
    public static IReadOnlyList<EventInfo> Named(string name) =>
        ByName.TryGetValue(name, out var list) ? list : [];

    static IEnumerable<string[]> Rows(string resource)
    {
        using var stream = typeof(EventTable).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"missing resource {resource}");
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
            if (line.Length > 0 && line[0] != '#')
                yield return line.Split('\t');
    }

    static Dictionary<string, FlagTable> LoadFlagTables(out Dictionary<string, ParamInfo[]> dynamicTables)
    {
        var flags = new Dictionary<string, FlagTable>();
        dynamicTables = new Dictionary<string, ParamInfo[]>();
        string? current = null;
        var entries = new List<(uint, string)>();
        var alternatives = new List<ParamInfo>();
        void Flush(Dictionary<string, ParamInfo[]> dyn)
        {
            if (current == null) return;
            if (alternatives.Count > 0) dyn[current] = alternatives.ToArray();
            else flags[current] = new FlagTable(current, entries.ToArray());
            entries.Clear();
            alternatives.Clear();
        }
        foreach (var row in Rows("flags.table"))
        {
            switch (row[0])
            {
                case "T": Flush(dynamicTables); current = row[1]; break;
                case "V": entries.Add((uint.Parse(row[1]), row[2])); break;
                case "D": alternatives.Add(new ParamInfo("", ParseType(row[1]), ParseFormat(row[2]))); break;
            }
        }
        Flush(dynamicTables);
        return flags;
    }

    static EventInfo[] LoadEvents(Dictionary<string, FlagTable> flags, Dictionary<string, ParamInfo[]> dynamicTables)
    {
        var events = new List<EventInfo>();
        (int Id, string Name, uint Category, uint Flags)? pending = null;
        var parameters = new List<ParamInfo>();
        void Flush()
        {
            if (pending is { } e)
                events.Add(new EventInfo(e.Id, e.Name, (EventCategory)e.Category, (EventFlags)e.Flags, parameters.ToArray()));
            parameters.Clear();
        }
        foreach (var row in Rows("events.table"))
        {
            if (row[0] == "E")
            {
                Flush();
                pending = (int.Parse(row[1]), row[2], uint.Parse(row[3]), uint.Parse(row[4]));
                continue;
            }
            var type = ParseType(row[2]);
            var info = row[4];
            parameters.Add(new ParamInfo(row[1], type, ParseFormat(row[3]))
            {
                Flags = flags.GetValueOrDefault(info),
                Alternatives = dynamicTables.GetValueOrDefault(info),
                DirFdParam = type == ParamType.FsRelPath ? int.Parse(info) : -1,
            });
        }
        Flush();
        return events.ToArray();
    }

    static SyscallInfo[] LoadSyscalls()
    {
        var list = new List<SyscallInfo>(400);
        foreach (var r in Rows("syscalls.table")) list.Add(new SyscallInfo(r[3], (EventCategory)uint.Parse(r[1])));
        return list.ToArray();
    }

    static readonly Dictionary<string, ParamType> TypeNames = new()
    {
        ["NONE"] = ParamType.None, ["INT8"] = ParamType.Int8, ["INT16"] = ParamType.Int16, ["INT32"] = ParamType.Int32,
        ["INT64"] = ParamType.Int64, ["UINT8"] = ParamType.UInt8, ["UINT16"] = ParamType.UInt16,
        ["UINT32"] = ParamType.UInt32, ["UINT64"] = ParamType.UInt64, ["CHARBUF"] = ParamType.CharBuf,
        ["BYTEBUF"] = ParamType.ByteBuf, ["ERRNO"] = ParamType.Errno, ["SOCKADDR"] = ParamType.SockAddr,
        ["SOCKTUPLE"] = ParamType.SockTuple, ["FD"] = ParamType.Fd, ["PID"] = ParamType.Pid,
        ["FDLIST"] = ParamType.FdList, ["FSPATH"] = ParamType.FsPath, ["SYSCALLID"] = ParamType.SyscallId,
        ["SIGTYPE"] = ParamType.SigType, ["RELTIME"] = ParamType.RelTime, ["ABSTIME"] = ParamType.AbsTime,
        ["PORT"] = ParamType.Port, ["L4PROTO"] = ParamType.L4Proto, ["SOCKFAMILY"] = ParamType.SockFamily,
        ["BOOL"] = ParamType.Bool, ["IPV4ADDR"] = ParamType.Ipv4Addr, ["DYNAMIC"] = ParamType.Dynamic,
        ["FLAGS8"] = ParamType.Flags8, ["FLAGS16"] = ParamType.Flags16, ["FLAGS32"] = ParamType.Flags32,
        ["UID"] = ParamType.Uid, ["GID"] = ParamType.Gid, ["DOUBLE"] = ParamType.Double, ["SIGSET"] = ParamType.SigSet,
        ["CHARBUFARRAY"] = ParamType.CharBufArray, ["CHARBUF_PAIR_ARRAY"] = ParamType.CharBufPairArray,
        ["IPV4NET"] = ParamType.Ipv4Net, ["IPV6ADDR"] = ParamType.Ipv6Addr, ["IPV6NET"] = ParamType.Ipv6Net,
        ["IPADDR"] = ParamType.IpAddr, ["IPNET"] = ParamType.IpNet, ["MODE"] = ParamType.Mode,
        ["FSRELPATH"] = ParamType.FsRelPath,
    };

    static readonly string[] NamesByType = BuildNamesByType();

    static string[] BuildNamesByType()
    {
        var names = new string[(int)ParamType.FsRelPath + 1];
        foreach (var (name, type) in TypeNames) names[(int)type] = name;
        return names;
    }

    /// <summary>The type's name as sysdig prints it (in -L and -l).</summary>
    public static string TypeName(ParamType type) => NamesByType[(int)type];

    /// <summary>The type called <paramref name="name"/> (as -L prints it).</summary>
    public static ParamType ParseType(string name) => TypeNames[name];

    static PrintFormat ParseFormat(string name) => name switch
    {
        "NA" => PrintFormat.NA, "DEC" => PrintFormat.Dec, "HEX" => PrintFormat.Hex,
        "10_PADDED_DEC" => PrintFormat.PaddedDec, "ID" => PrintFormat.Id, "DIR" => PrintFormat.Dir,
        "OCT" => PrintFormat.Oct, _ => throw new InvalidDataException($"unknown print format {name}"),
    };
}

/// <summary>A syscall known by id, for events that carry a syscall id (generic events).</summary>
public sealed record SyscallInfo(string Name, EventCategory Category)
{
    public byte[] NameUtf8 { get; } = System.Text.Encoding.UTF8.GetBytes(Name);
}
