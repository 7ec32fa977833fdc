using Sharpdig.Decode;
using Sharpdig.Driver.Events;
using Sharpdig.Output;

namespace Sharpdig.Fields;

/// <summary>
/// A field (proc.name, fd.port, evt.arg.fd, ...) bound to its argument if it takes one.
/// Extraction reads the current event and state; it allocates nothing. Filters call the typed
/// accessors, formatters call <see cref="Render"/>, which prints the value as sysdig does.
/// </summary>
public abstract class Field(FieldInfo info)
{
    public FieldInfo Info { get; } = info;
    public string Name => Info.Name;
    public ParamType Type => Info.Type;

    /// <summary>The text a format string was given for this field (e.g. "evt.arg.fd"), for messages and JSON keys.</summary>
    public string Text { get; internal set; } = info.Name;

    /// <summary>Numeric value (signed, or unsigned reinterpreted) for integer, boolean and address types.</summary>
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

    /// <summary>Text value for string types.</summary>
    public virtual bool TryGetString(Event e, out string value)
    {
        value = "";
        return false;
    }

    /// <summary>Raw bytes (buffers, addresses); by default the UTF-8 of the string value.</summary>
    public virtual bool TryGetBytes(Event e, out ReadOnlySpan<byte> value)
    {
        if (TryGetString(e, out var s))
        {
            value = System.Text.Encoding.UTF8.GetBytes(s);
            return true;
        }
        value = default;
        return false;
    }

    /// <summary>True when the event has a value for this field.</summary>
    public virtual bool HasValue(Event e) => Info.Type switch
    {
        ParamType.CharBuf or ParamType.FsPath or ParamType.FsRelPath => TryGetString(e, out _),
        ParamType.ByteBuf => TryGetBytes(e, out _),
        ParamType.Double => TryGetDouble(e, out _),
        _ => TryGetInt(e, out _),
    };

    /// <summary>Appends sysdig's text for the value; false (nothing written) when there is none.</summary>
    public virtual bool Render(Event e, TextBuffer output) => ValueText.Render(this, e, output);

    /// <summary>Appends the value as a JSON value (number, boolean or string, as sysdig's -j); false when there is none.</summary>
    public virtual bool RenderJson(Event e, TextBuffer output) => Format.JsonText.RenderField(this, e, output);

    public bool IsUnsigned => Info.Type is ParamType.UInt8 or ParamType.UInt16 or ParamType.UInt32 or ParamType.UInt64
        or ParamType.RelTime or ParamType.AbsTime or ParamType.Bool or ParamType.Port or ParamType.Ipv4Addr
        or ParamType.Flags8 or ParamType.Flags16 or ParamType.Flags32 or ParamType.Uid or ParamType.Gid or ParamType.Mode;

    public override string ToString() => Text;
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

/// <summary>How a field takes an argument.</summary>
public enum ArgumentSyntax
{
    None,
    /// <summary>field[N]</summary>
    Index,
    /// <summary>field.NAME or field[NAME]</summary>
    Key,
}
