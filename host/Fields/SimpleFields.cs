using Sharpdig.Decode;
using Sharpdig.Output;

namespace Sharpdig.Fields;

/// <summary>A numeric (or boolean, 0/1) field computed by a function; null means "no value".</summary>
/// <param name="byType">the function reads nothing but the event's type</param>
public sealed class IntField(FieldInfo info, Func<Event, long?> get, bool byType = false) : Field(info)
{
    public override bool IsFixedFor(ushort type) => byType;

    public override bool TryGetInt(Event e, out long value)
    {
        var v = get(e);
        value = v.GetValueOrDefault();
        return v.HasValue;
    }
}

/// <summary>A text field whose value is a string state already holds; null means "no value".</summary>
/// <param name="byType">the function reads nothing but the event's type</param>
public sealed class StringField(FieldInfo info, Func<Event, string?> get, bool byType = false) : Field(info)
{
    public override bool IsFixedFor(ushort type) => byType;

    public override bool TryGetString(Event e, out string value)
    {
        var v = get(e);
        value = v ?? "";
        return v != null;
    }

    public override bool Render(Event e, TextBuffer output)
    {
        if (get(e) is not { } v) return false;
        output.Append(v);
        return true;
    }
}

/// <summary>A text field written by a function into the output; false means "no value".</summary>
public sealed class WrittenField(FieldInfo info, Func<Event, TextBuffer, bool> write) : TextField(info)
{
    protected override bool Write(Event e, TextBuffer o) => write(e, o);
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

/// <summary>A field that has no value for any event: metadata a capture cannot hold (k8s, mesos) or filter-only fields printed.</summary>
public sealed class NoValueField(FieldInfo info) : Field(info);
