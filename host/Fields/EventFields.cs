using Sharpdig.Decode;
using Sharpdig.Engine;
using Sharpdig.Output;

namespace Sharpdig.Fields;

/// <summary>evt.* fields.</summary>
static class EventFields
{
    public static void Register(Dictionary<string, FieldImplementation> d)
    {
        d.Add("evt.num", i => new IntField(i, e => (long)e.Number));
        d.Add("evt.cpu", i => new IntField(i, e => e.Cpu));
        d.Add("evt.dir", i => new StringField(i, e => e.IsEnter ? ">" : "<"));
        d.Add("evt.type", i => new EventTypeField(i));
        d.Add("evt.info", i => new EventArgsField(i));
        d.Add("evt.args", i => new EventArgsField(i));
        d.Add("evt.outputtime", i => new OutputTimeField(i));
        d.Add("evt.rawtime", i => new IntField(i, e => (long)e.Timestamp));
    }
}

/// <summary>evt.type: the event's name, or the syscall's name for generic events.</summary>
sealed class EventTypeField(FieldInfo info) : Field(info)
{
    public override bool TryGetString(Event e, out string value)
    {
        value = e.TypeName;
        return true;
    }

    public override bool Render(Event e, TextBuffer o)
    {
        o.Append(e.TypeNameUtf8);
        return true;
    }
}

/// <summary>evt.info / evt.args: every parameter as name=value, with its resolved form in parentheses.</summary>
sealed class EventArgsField(FieldInfo info) : Field(info)
{
    ParamText? text;
    readonly TextBuffer scratch = new();

    public override bool Render(Event e, TextBuffer o)
    {
        if (e.Type is 0 or 1) return true;   // generic events: the syscall id is for internal use
        var renderer = text ??= new ParamText(e.Inspector);
        int count = e.ParamCount;
        var names = e.Info.Params;
        for (int j = 0; j < count; j++)
        {
            renderer.Render(e, j, e.Inspector.BufferFormat);
            o.Append(j < names.Length ? names[j].NameUtf8 : []).Append((byte)'=').Append(renderer.Value.Span);
            if (renderer.Resolved.Length > 0)
                o.Append((byte)'(').Append(renderer.Resolved.Span).Append((byte)')');
            o.Append((byte)' ');
        }
        return true;
    }

    public override bool TryGetString(Event e, out string value)
    {
        scratch.Clear();
        Render(e, scratch);
        value = scratch.ToString();
        return true;
    }
}

/// <summary>evt.outputtime: the event time as -t chooses (h, a, r, d, D).</summary>
sealed class OutputTimeField(FieldInfo info) : Field(info)
{
    public override bool Render(Event e, TextBuffer o)
    {
        var inspector = e.Inspector;
        ulong ts = e.Timestamp;
        switch (inspector.TimeFormat)
        {
            case 'a':
                // sysdig prints the nanoseconds unpadded here.
                o.Append(ts / 1_000_000_000).Append((byte)'.').Append(ts % 1_000_000_000);
                break;
            case 'r':
                AppendSeconds(o, ts - inspector.FirstEventTs);
                break;
            case 'd':
                // The latency state kept for the event's thread (an enter event has reset it, a switch has not).
                AppendSeconds(o, e.StateThread?.Latency ?? 0);
                break;
            case 'D':
                AppendSeconds(o, inspector.PreviousShownTs == 0 ? 0 : ts - inspector.PreviousShownTs);
                break;
            default:
                TimeText.AppendClock(o, ts, nanoseconds: true);
                break;
        }
        return true;
    }

    /// <summary>In JSON the output time is the raw timestamp in nanoseconds.</summary>
    public override bool RenderJson(Event e, TextBuffer o)
    {
        o.Append(e.Timestamp);
        return true;
    }

    static void AppendSeconds(TextBuffer o, ulong ns) =>
        o.Append(ns / 1_000_000_000).Append((byte)'.').AppendPadded(ns % 1_000_000_000, 9);

    public override bool TryGetString(Event e, out string value)
    {
        var b = new TextBuffer();
        Render(e, b);
        value = b.ToString();
        return true;
    }
}
