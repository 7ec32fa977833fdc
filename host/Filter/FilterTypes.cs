using Sharpdig.Driver.Events;
using Sharpdig.Fields;

namespace Sharpdig.Filter;

/// <summary>How a field's values compare, by its type.</summary>
public enum ValueKind { String, Bytes, Number, Double, Address, Network, Other }

/// <summary>Type questions the filter asks about fields.</summary>
static class FilterTypes
{
    static readonly HashSet<string> EventTypeNames =
        EventTable.Events.Select(e => e.Name).Concat(EventTable.Syscalls.Select(s => s.Name)).ToHashSet(StringComparer.Ordinal);

    /// <summary>evt.type itself (not evt.type.is): its operands must name an event or a syscall.</summary>
    public static bool IsEventType(Field f) => f.Name == "evt.type" && f.Text == f.Name;

    public static bool IsEventTypeName(string name) => EventTypeNames.Contains(name);

    /// <summary>
    /// The type operands are parsed and compared as. evt.rawarg is typed by the parameter it names: the
    /// first event type with a parameter of that name, as sysdig binds it.
    /// </summary>
    public static ParamType ValueType(Field f)
    {
        if (f.Type != ParamType.Dynamic) return f.Type;
        string key = f.Text.Length > f.Name.Length ? f.Text[(f.Name.Length + 1)..].TrimEnd(']') : "";
        foreach (var e in EventTable.Events)
            foreach (var p in e.Params)
                if (p.Name == key) return p.Type;
        return ParamType.Dynamic;
    }

    public static ValueKind Kind(ParamType t) => t switch
    {
        ParamType.CharBuf or ParamType.FsPath or ParamType.FsRelPath or ParamType.SockAddr or ParamType.SockFamily => ValueKind.String,
        ParamType.ByteBuf => ValueKind.Bytes,
        ParamType.Double => ValueKind.Double,
        ParamType.IpAddr or ParamType.Ipv6Addr => ValueKind.Address,
        ParamType.IpNet or ParamType.Ipv4Net or ParamType.Ipv6Net => ValueKind.Network,
        _ when NumericKind.Of(t) != null => ValueKind.Number,
        _ => ValueKind.Other,
    };
}
