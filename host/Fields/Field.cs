using Sharpdig.Decode;
using Sharpdig.Driver.Events;
using Sharpdig.Output;

namespace Sharpdig.Fields;

/// <summary>
/// A field (proc.name, fd.port, evt.arg.fd, ...) bound to its argument if it takes one.
/// Extraction reads the current event and state. Filters call the typed accessors, formatters call
/// <see cref="Render"/>, which prints the value as sysdig does. "No value" (sysdig's NULL, printed
/// "&lt;NA&gt;") is a false return from all of them.
/// </summary>
public abstract class Field(FieldInfo info)
{
    public FieldInfo Info { get; } = info;
    public string Name => Info.Name;

    /// <summary>The value's type: the catalog's, except for evt.rawarg, which takes its parameter's.</summary>
    public virtual ParamType Type => Info.Type;

    /// <summary>The text a format or filter gave for this field (e.g. "evt.arg.fd"), for messages and JSON keys.</summary>
    public string Text { get; internal set; } = info.Name;

    /// <summary>Integer value for integer, time, port, boolean (0/1) and IPv4 types; unsigned 64-bit values are reinterpreted.</summary>
    public virtual bool TryGetInt(Event e, out long value)
    {
        value = 0;
        return false;
    }

    public virtual bool TryGetDouble(Event e, out double value)
    {
        if (TryGetInt(e, out long v))
        {
            value = IsUnsigned ? (ulong)v : v;
            return true;
        }
        value = 0;
        return false;
    }

    /// <summary>Text value for string types (may allocate; filters can use <see cref="TryGetBytes"/> instead).</summary>
    public virtual bool TryGetString(Event e, out string value)
    {
        value = "";
        return false;
    }

    /// <summary>
    /// Raw bytes: UTF-8 text for string types, the buffer for BYTEBUF, 4 or 16 network-order bytes for
    /// addresses. Valid until the next call on this field.
    /// </summary>
    public virtual bool TryGetBytes(Event e, out ReadOnlySpan<byte> value)
    {
        if (TryGetString(e, out var s))
        {
            var b = Scratch;
            b.Clear();
            b.Append(s);
            value = b.Span;
            return true;
        }
        value = default;
        return false;
    }

    /// <summary>
    /// True when every event of <paramref name="type"/> has the same value (evt.dir, evt.is_io, ...): filters
    /// then decide such checks once per event type instead of once per event.
    /// </summary>
    public virtual bool IsFixedFor(ushort type) => false;

    /// <summary>True when the event has a value for this field.</summary>
    public virtual bool HasValue(Event e) => Type switch
    {
        ParamType.CharBuf or ParamType.FsPath or ParamType.FsRelPath or ParamType.ByteBuf or ParamType.IpAddr
            or ParamType.Ipv6Addr => TryGetBytes(e, out _),
        ParamType.Double => TryGetDouble(e, out _),
        _ => TryGetInt(e, out _),
    };

    /// <summary>Appends sysdig's text for the value; false, with nothing written, when there is none.</summary>
    public virtual bool Render(Event e, TextBuffer output) => ValueText.Render(this, e, output);

    /// <summary>Appends the value as -j prints it; false, with nothing written, for null.</summary>
    public virtual bool RenderJson(Event e, TextBuffer output) => JsonText.Render(this, e, output);

    /// <summary>
    /// For filters: calls <paramref name="match"/> with each value the field stands for and returns true as
    /// soon as one matches. Most fields have one value; filter-only fields such as fd.ip (client and server
    /// address), fd.port, fd.net and proc.apid/proc.aname without an index stand for several.
    /// </summary>
    public virtual bool AnyValue(Event e, Predicate<Field> match) => HasValue(e) && match(this);

    /// <summary>
    /// For fields with several values: whether "!=" means that none of them equals the operand (fd.ip,
    /// fd.port, fd.net: sysdig's "neither end") rather than that some value differs (proc.apid, proc.aname).
    /// </summary>
    public virtual bool NotEqualsMeansNoneEqual => false;

    public bool IsUnsigned => Type is ParamType.UInt8 or ParamType.UInt16 or ParamType.UInt32 or ParamType.UInt64
        or ParamType.RelTime or ParamType.AbsTime or ParamType.Bool or ParamType.Port or ParamType.Ipv4Addr
        or ParamType.L4Proto or ParamType.Flags8 or ParamType.Flags16 or ParamType.Flags32 or ParamType.Uid
        or ParamType.Gid or ParamType.Mode;

    TextBuffer? scratch;

    /// <summary>A buffer of this field's own for building values.</summary>
    protected TextBuffer Scratch => scratch ??= new TextBuffer(64);

    public override string ToString() => Text;
}

/// <summary>A field whose value is text built on demand: <see cref="Write"/> renders it, the accessors reuse that.</summary>
public abstract class TextField(FieldInfo info) : Field(info)
{
    /// <summary>Appends the value; false (nothing appended) when there is none.</summary>
    protected abstract bool Write(Event e, TextBuffer o);

    public sealed override bool Render(Event e, TextBuffer output)
    {
        int mark = output.Length;
        if (Write(e, output)) return true;
        output.Length = mark;
        return false;
    }

    public sealed override bool TryGetBytes(Event e, out ReadOnlySpan<byte> value)
    {
        var b = Scratch;
        b.Clear();
        bool has = Write(e, b);
        value = has ? b.Span : default;
        return has;
    }

    public sealed override bool TryGetString(Event e, out string value)
    {
        bool has = TryGetBytes(e, out var bytes);
        value = has ? System.Text.Encoding.UTF8.GetString(bytes) : "";
        return has;
    }
}

/// <summary>Describes a field as -l lists it (from fields.table).</summary>
public sealed record FieldInfo(string Name, ParamType Type, PrintFormat Format, FieldFlags Flags, string Display, string Description)
{
    /// <summary>The class prefix (proc, fd, evt...).</summary>
    public string Prefix => Name[..Name.IndexOf('.')];
}

/// <summary>sysdig's filtercheck field flags.</summary>
[Flags]
public enum FieldFlags
{
    None = 0,
    FilterOnly = 1,
    PrintOnly = 2,
    RequiresArgument = 4,
    /// <summary>Used by chisel tables only; -l hides it.</summary>
    TableOnly = 8,
}
