using Sharpdig.Sdk;

namespace Sharpdig.BuiltinChisels;

/// <summary>
/// A key column of a table, written as sysdig's Lua chisels key their tables: the field's value as Lua
/// turns it into text ("%.14g" for numbers, which Lua holds as doubles; strings as they are). Chosen once
/// per field, so that building a key does no type tests.
/// </summary>
abstract class KeyColumn
{
    /// <summary>Appends the current event's value; false when it has none (the Lua chisels skip such events).</summary>
    public abstract bool AppendTo(TableKey key);

    /// <summary>Whether a Lua chisel fails on this column's values: booleans cannot be concatenated into keys.</summary>
    public virtual bool IsBoolean => false;

    public static KeyColumn For(Field field) => field switch
    {
        Int64Field f => new Signed(f),
        UInt64Field f => new Unsigned(f),
        DoubleField f => new Number(f),
        BoolField f => new Boolean(f),
        TextField f => new Text(f),
        _ => throw new ArgumentException($"unexpected field handle {field.GetType().Name}"),
    };

    /// <summary>Below this magnitude "%.14g" writes whole numbers digit for digit.</summary>
    const double PlainLimit = 1e14;

    static void AppendNumber(TableKey key, double value)
    {
        if (Math.Abs(value) < PlainLimit && value == Math.Floor(value) && !(value == 0 && double.IsNegative(value)))
        {
            key.Append((long)value);
            return;
        }
        Span<byte> text = stackalloc byte[NumberText.MaxLength];
        key.Append(text[..NumberText.Lua(value, text)]);
    }

    sealed class Signed(Int64Field field) : KeyColumn
    {
        public override bool AppendTo(TableKey key)
        {
            if (!field.TryGet(out long v)) return false;
            if (v > -PlainLimit && v < PlainLimit) key.Append(v);
            else AppendNumber(key, v);
            return true;
        }
    }

    sealed class Unsigned(UInt64Field field) : KeyColumn
    {
        public override bool AppendTo(TableKey key)
        {
            if (!field.TryGet(out ulong v)) return false;
            if (v < PlainLimit) key.Append((long)v);
            else AppendNumber(key, v);
            return true;
        }
    }

    sealed class Number(DoubleField field) : KeyColumn
    {
        public override bool AppendTo(TableKey key)
        {
            if (!field.TryGet(out double v)) return false;
            AppendNumber(key, v);
            return true;
        }
    }

    sealed class Boolean(BoolField field) : KeyColumn
    {
        public override bool IsBoolean => true;

        public override bool AppendTo(TableKey key)
        {
            if (!field.TryGet(out bool v)) return false;
            key.Append(v ? "true"u8 : "false"u8);
            return true;
        }
    }

    sealed class Text(TextField field) : KeyColumn
    {
        public override bool AppendTo(TableKey key)
        {
            if (!field.TryGet(out var bytes)) return false;
            key.Append(bytes);
            return true;
        }
    }
}
