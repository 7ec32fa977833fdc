using System.Text;

namespace Sharpdig.Sdk;

/// <summary>What kind of value a field holds, which decides its handle's type.</summary>
public enum FieldKind
{
    /// <summary>A signed integer (<see cref="Int64Field"/>): fds, pids, return values.</summary>
    Signed,
    /// <summary>An unsigned integer (<see cref="UInt64Field"/>): counts, times, ports, flags.</summary>
    Unsigned,
    /// <summary>A floating-point number (<see cref="DoubleField"/>).</summary>
    Double,
    /// <summary>A boolean (<see cref="BoolField"/>).</summary>
    Boolean,
    /// <summary>Text or a buffer (<see cref="TextField"/>): names, paths, data.</summary>
    Text,
    /// <summary>An IP address, read as its text (<see cref="TextField"/>).</summary>
    Address,
    /// <summary>Anything else (socket tuples, fd lists...), read as its text (<see cref="TextField"/>).</summary>
    Other,
}

/// <summary>
/// A handle on a field of the current event (proc.name, fd.num, evt.rawarg.res...), asked for by name from
/// <see cref="ChiselHost"/> while the chisel initializes. Reading a value allocates nothing, except
/// <see cref="GetString"/>. Values are those of the event being handed to the chisel — during
/// <see cref="Chisel.OnInterval"/> and <see cref="Chisel.OnCaptureEnd"/>, of the last one.
/// </summary>
public abstract class Field
{
    /// <summary>For sharpdig: binds a handle to the field named <paramref name="name"/>.</summary>
    protected Field(string name, FieldKind kind)
    {
        Name = name;
        Kind = kind;
    }

    /// <summary>The field as it was asked for (e.g. "proc.aname[2]").</summary>
    public string Name { get; }

    /// <summary>What kind of value it holds.</summary>
    public FieldKind Kind { get; }

    /// <summary>Whether the current event has a value for this field.</summary>
    public abstract bool HasValue { get; }

    /// <summary>The value as sharpdig prints it (as <c>-p %field</c> would), UTF-8; valid until the next read of this field.</summary>
    public abstract bool TryGetText(out ReadOnlySpan<byte> utf8);

    /// <summary>The value as text, or null when the event has none. Allocates a string.</summary>
    public string? GetString() => TryGetText(out var utf8) ? Encoding.UTF8.GetString(utf8) : null;

    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>A signed integer field.</summary>
public abstract class Int64Field(string name, FieldKind kind) : Field(name, kind)
{
    /// <summary>The value, when the current event has one.</summary>
    public abstract bool TryGet(out long value);

    /// <summary>The value, or <paramref name="fallback"/> when the current event has none.</summary>
    public long GetOrDefault(long fallback = 0) => TryGet(out long v) ? v : fallback;
}

/// <summary>An unsigned integer field (counts, nanosecond times, ports...).</summary>
public abstract class UInt64Field(string name, FieldKind kind) : Field(name, kind)
{
    /// <summary>The value, when the current event has one.</summary>
    public abstract bool TryGet(out ulong value);

    /// <summary>The value, or <paramref name="fallback"/> when the current event has none.</summary>
    public ulong GetOrDefault(ulong fallback = 0) => TryGet(out ulong v) ? v : fallback;
}

/// <summary>A numeric field read as a double (any signed, unsigned or floating-point field).</summary>
public abstract class DoubleField(string name, FieldKind kind) : Field(name, kind)
{
    /// <summary>The value, when the current event has one.</summary>
    public abstract bool TryGet(out double value);

    /// <summary>The value, or <paramref name="fallback"/> when the current event has none.</summary>
    public double GetOrDefault(double fallback = 0) => TryGet(out double v) ? v : fallback;
}

/// <summary>A boolean field (evt.is_io_read, fd.is_server...).</summary>
public abstract class BoolField(string name, FieldKind kind) : Field(name, kind)
{
    /// <summary>The value, when the current event has one.</summary>
    public abstract bool TryGet(out bool value);

    /// <summary>The value, or <paramref name="fallback"/> when the current event has none.</summary>
    public bool GetOrDefault(bool fallback = false) => TryGet(out bool v) ? v : fallback;
}

/// <summary>
/// A field read as bytes: the text of names and paths, the data of buffers, and for every other kind of
/// field the text sharpdig prints for it.
/// </summary>
public abstract class TextField(string name, FieldKind kind) : Field(name, kind)
{
    /// <summary>The value's bytes (UTF-8 text, or a buffer's data as the buffer format renders it); valid until the next read of this field.</summary>
    public abstract bool TryGet(out ReadOnlySpan<byte> value);

    /// <summary>Whether the current event's value equals <paramref name="utf8"/>.</summary>
    public bool ValueEquals(ReadOnlySpan<byte> utf8) => TryGet(out var v) && v.SequenceEqual(utf8);
}
