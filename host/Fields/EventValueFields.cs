using Sharpdig.Decode;
using Sharpdig.Driver.Events;
using Sharpdig.Output;

namespace Sharpdig.Fields;

/// <summary>evt.type (the event's name, or the syscall's for generic events) and syscall.type (unset for non-syscalls).</summary>
sealed class EventTypeField(FieldInfo info, bool syscallOnly) : Field(info)
{
    static readonly byte[][] SyscallNames = EventTable.Syscalls.Select(s => System.Text.Encoding.UTF8.GetBytes(s.Name)).ToArray();

    /// <summary>Generic events are named by their syscall, a parameter.</summary>
    public override bool IsFixedFor(ushort type) => type is not (EventTypes.GenericE or EventTypes.GenericX);

    byte[]? TypeName(Event e)
    {
        ushort type = e.Type;
        // sysdig tests the event's flags against its "internal" category bit, which is the skip-parse flag.
        if (syscallOnly && (type == EventTypes.SchedSwitch6E || (e.Info.Flags & EventFlags.SkipParseReset) != 0)) return null;
        if (type is EventTypes.GenericE or EventTypes.GenericX)
        {
            int id = (ushort)e.ParamUInt64(0);
            return id < SyscallNames.Length ? SyscallNames[id] : null;
        }
        return e.Info.NameUtf8;
    }

    public override bool TryGetBytes(Event e, out ReadOnlySpan<byte> value)
    {
        var name = TypeName(e);
        value = name;
        return name != null;
    }

    public override bool TryGetString(Event e, out string value)
    {
        var name = TypeName(e);
        value = name == null ? "" : System.Text.Encoding.UTF8.GetString(name);
        return name != null;
    }

    public override bool Render(Event e, TextBuffer o)
    {
        if (TypeName(e) is not { } name) return false;
        o.Append(name);
        return true;
    }
}

/// <summary>
/// evt.args / evt.info: every parameter as name=value, with its resolved form in parentheses; evt.info shows
/// decoded syslog messages instead, when syslog decoding is on.
/// </summary>
sealed class EventArgsField(FieldInfo info, bool isInfo) : TextField(info)
{
    ParamText? text;

    protected override bool Write(Event e, TextBuffer o)
    {
        if (isInfo && SyslogFields.AppendInfo(e, o)) return true;
        if (e.Type is EventTypes.GenericE or EventTypes.GenericX) return true;   // the syscall id is for internal use
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
}

/// <summary>evt.buffer: the "data" parameter as the buffer format (-A, -x...) prints it.</summary>
sealed class BufferField(FieldInfo info) : TextField(info)
{
    readonly ParamLookup data = new("data");
    ParamText? text;

    protected override bool Write(Event e, TextBuffer o)
    {
        int index = data.Index(e);
        if (index < 0) return false;
        var renderer = text ??= new ParamText(e.Inspector);
        renderer.Render(e, index, e.Inspector.BufferFormat);
        o.Append(renderer.Value.Span);
        return true;
    }
}

/// <summary>evt.res: "SUCCESS", or the error's name, from the "res" parameter or a failed fd-creating exit's "fd".</summary>
sealed class ResultField(FieldInfo info) : TextField(info)
{
    readonly ResultParam result = new();
    ParamText? text;

    protected override bool Write(Event e, TextBuffer o)
    {
        int index = result.Index(e);
        if (index < 0) return false;
        if (e.ParamInt64(index) >= 0)
        {
            o.Append("SUCCESS"u8);
            return true;
        }
        var renderer = text ??= new ParamText(e.Inspector);
        renderer.Render(e, index, BufferFormat.Normal);
        o.Append(renderer.Resolved.Length > 0 ? renderer.Resolved.Span : renderer.Value.Span);
        return true;
    }
}

/// <summary>evt.rawres: the return value as a number.</summary>
sealed class RawResultField(FieldInfo info) : Field(info)
{
    readonly ResultParam result = new();

    public override bool TryGetInt(Event e, out long value)
    {
        int index = result.Index(e);
        value = index < 0 ? 0 : e.ParamInt64(index);
        return index >= 0;
    }
}

/// <summary>
/// evt.failed (0/1, always a value) and the evt.count.error* family (1 for failures the category
/// accepts, else no value).
/// </summary>
sealed class ResultCountField(FieldInfo info, bool failedIsZero, Func<Event, bool> accepts) : Field(info)
{
    readonly ResultParam result = new();

    public override bool TryGetInt(Event e, out long value)
    {
        int index = result.Index(e);
        bool failed = index >= 0 && e.ParamInt64(index) < 0;
        value = failed ? 1 : 0;
        if (failedIsZero) return true;
        return failed && accepts(e);
    }
}

/// <summary>Where an event's result is: its "res" parameter, else the "fd" of an fd-creating exit.</summary>
sealed class ResultParam
{
    readonly ParamLookup res = new("res"), fd = new("fd");

    public int Index(Event e)
    {
        int index = res.Index(e);
        if (index >= 0) return index;
        return (e.Info.Flags & EventFlags.CreatesFd) != 0 && !e.IsEnter ? fd.Index(e) : -1;
    }
}

/// <summary>evt.latency.human: the latency as "10.3ms"; keeps its last text for events state paired with no thread, as sysdig does.</summary>
sealed class LatencyHumanField(FieldInfo info) : TextField(info)
{
    readonly TextBuffer last = new(16);

    protected override bool Write(Event e, TextBuffer o)
    {
        if (e.StateThread is { } t)
        {
            if ((e.Category & EventCategory.Internal) != 0) return false;
            last.Clear();
            Durations.AppendHuman(last, t.Latency);
        }
        o.Append(last.Span);
        return true;
    }
}

/// <summary>evt.deltatime*: time since the previous event this field was read for (0 the first time).</summary>
sealed class DeltaTimeField(FieldInfo info, Func<ulong, ulong> part) : Field(info)
{
    ulong previous;

    public override bool TryGetInt(Event e, out long value)
    {
        ulong ts = e.Timestamp;
        value = previous == 0 ? 0 : (long)part(ts - previous);
        previous = ts;
        return true;
    }
}

/// <summary>A time shown as text; -j shows the raw timestamp instead.</summary>
sealed class ClockField(FieldInfo info, Action<TextBuffer, ulong> write) : TextField(info)
{
    protected override bool Write(Event e, TextBuffer o)
    {
        write(o, e.Timestamp);
        return true;
    }

    public override bool RenderJson(Event e, TextBuffer output)
    {
        output.Append(e.Timestamp);
        return true;
    }
}

/// <summary>evt.outputtime: the event time as -t chooses (h, a, r, d, D); -j shows the raw timestamp.</summary>
sealed class OutputTimeField(FieldInfo info) : TextField(info)
{
    ulong previous;

    public override bool RenderJson(Event e, TextBuffer output)
    {
        output.Append(e.Timestamp);
        return true;
    }

    protected override bool Write(Event e, TextBuffer o)
    {
        var inspector = e.Inspector;
        ulong ts = e.Timestamp;
        switch (inspector.TimeFormat)
        {
            case 'a':
                o.Append(ts / 1_000_000_000).Append((byte)'.').Append(ts % 1_000_000_000);
                break;
            case 'r':
                AppendSeconds(o, ts - inspector.FirstEventTs);
                break;
            case 'd':
                AppendSeconds(o, e.StateThread?.Latency ?? 0);
                break;
            case 'D':
                if (previous == 0) previous = ts;
                AppendSeconds(o, ts - previous);
                previous = ts;
                break;
            default:
                TimeText.AppendClock(o, ts, nanoseconds: true);
                break;
        }
        return true;
    }

    static void AppendSeconds(TextBuffer o, ulong ns) =>
        o.Append(ns / 1_000_000_000).Append((byte)'.').AppendPadded(ns % 1_000_000_000, 9);
}

/// <summary>evt.infra.docker.*: parts of a docker infrastructure event's "Key: value; ..." description.</summary>
sealed class InfrastructureField(FieldInfo info, string key, InfrastructureField.Part part) : Field(info)
{
    public enum Part { Trimmed, Id, Image }

    public override bool TryGetString(Event e, out string value)
    {
        value = "";
        if (e.Type != EventTypes.InfraE) return false;
        var description = System.Text.Encoding.UTF8.GetString(e.ParamString(2));
        foreach (var element in description.Split(';'))
        {
            var item = element.Trim();
            if (!item.StartsWith(key, StringComparison.Ordinal)) continue;
            var pieces = item.Split(':');
            var piece = pieces.Length > 1 ? pieces[1] : "";
            value = part switch
            {
                Part.Id => piece.Trim() is var id && id.Length > 12 ? id[..12] : piece.Trim(),
                Part.Image => (piece.Contains('@') ? piece[..piece.IndexOf('@')]
                    : piece.Contains("sha256") ? item[(item.IndexOf(':') + 1)..] : piece).Trim(),
                _ => piece.Trim(),
            };
            return true;
        }
        return false;
    }
}
