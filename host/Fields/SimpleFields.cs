using Sharpdig.Decode;

namespace Sharpdig.Fields;

/// <summary>A numeric field computed by a function; null means "no value".</summary>
public sealed class IntField(FieldInfo info, Func<Event, long?> get) : Field(info)
{
    public override bool TryGetInt(Event e, out long value)
    {
        var v = get(e);
        value = v.GetValueOrDefault();
        return v.HasValue;
    }
}

/// <summary>A text field computed by a function; null means "no value".</summary>
public sealed class StringField(FieldInfo info, Func<Event, string?> get) : Field(info)
{
    public override bool TryGetString(Event e, out string value)
    {
        var v = get(e);
        value = v ?? "";
        return v != null;
    }
}

/// <summary>A floating-point field computed by a function; null means "no value".</summary>
public sealed class DoubleField(FieldInfo info, Func<Event, double?> get) : Field(info)
{
    public override bool TryGetDouble(Event e, out double value)
    {
        var v = get(e);
        value = v.GetValueOrDefault();
        return v.HasValue;
    }
}
