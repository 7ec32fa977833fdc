using Sharpdig.Decode;
using Sharpdig.Fields;
using Sharpdig.Output;

namespace Sharpdig.Format;

/// <summary>
/// A compiled output format ("%evt.num %proc.name ..."): literal runs and fields, parsed once.
/// As in sysdig, a leading '*' prints events even when some fields have no value; without it such
/// events are skipped. "%10field" pads a value to 10 columns or cuts it there. Every field is read for
/// every event, printed or not, since some (evt.deltatime...) remember the previous one.
/// With <c>json</c>, the fields (not the literals) are written as one JSON object per event.
/// </summary>
public sealed class EventFormatter
{
    public const string Default = "*%evt.num %evt.outputtime %evt.cpu %proc.name (%thread.tid) %evt.dir %evt.type %evt.info";

    /// <summary>The format -p asks for: none is the default; -pc, -pk and -pm name sysdig's container, kubernetes and mesos formats.</summary>
    public static string Expand(string? format) => format switch
    {
        null => Default,
        "c" or "container" => Tagged("%container.name (%container.id)"),
        "k" or "kubernetes" => Tagged("%k8s.pod.name (%container.id)"),
        "m" or "mesos" => Tagged("%mesos.task.name (%container.id)"),
        _ => format,
    };

    static string Tagged(string owner) =>
        $"*%evt.num %evt.outputtime %evt.cpu {owner} %proc.name (%thread.tid:%thread.vtid) %evt.dir %evt.type %evt.info";

    readonly Token[] tokens;
    readonly bool printPartial;
    readonly TextBuffer scratch = new();
    readonly JsonObject? json;

    readonly record struct Token(byte[]? Literal, Field? Field, int Width);

    public IReadOnlyList<Field> Fields { get; }

    public EventFormatter(string format, bool json = false)
    {
        if (format.Length == 0) throw new FormatException("empty formatting token");
        var list = new List<Token>();
        int start = 0;
        if (format.StartsWith('*'))
        {
            printPartial = true;
            start = 1;
        }
        int literalStart = start;
        for (int j = start; j < format.Length; j++)
        {
            if (format[j] != '%') continue;
            if (literalStart != j) list.Add(new Token(System.Text.Encoding.UTF8.GetBytes(format[literalStart..j]), null, 0));
            if (j == format.Length - 1)
                throw new FormatException("invalid formatting syntax: formatting cannot end with a %");
            int width = 0;
            while (j + 1 < format.Length && char.IsAsciiDigit(format[j + 1]))
            {
                width = width * 10 + (format[j + 1] - '0');
                j++;
            }
            if (j == format.Length - 1)
                throw new FormatException("invalid formatting syntax: formatting cannot end with a number");
            Field? field;
            int consumed;
            try
            {
                field = FieldRegistry.Match(format, j + 1, out consumed);
            }
            catch (FieldException e)
            {
                throw new FormatException(e.Message);
            }
            if (field == null)
                throw new FormatException($"invalid formatting token {format[(j + 1)..]}");
            list.Add(new Token(null, field, width));
            j += consumed;
            literalStart = j + 1;
        }
        if (literalStart < format.Length) list.Add(new Token(System.Text.Encoding.UTF8.GetBytes(format[literalStart..]), null, 0));
        tokens = list.ToArray();
        Fields = list.Where(t => t.Field != null).Select(t => t.Field!).ToArray();
        if (json) this.json = new JsonObject(Fields);
    }

    /// <summary>Appends the event's line (without newline); false, with nothing appended, when it is not to be printed.</summary>
    public bool Format(Event e, TextBuffer o)
    {
        int mark = o.Length;
        try
        {
            bool complete = json != null ? AppendJson(e, o) : Append(e, o);
            if (!complete) o.Length = mark;
            return complete;
        }
        catch (FieldException)
        {
            // A value sysdig cannot print ends the run; the line so far is not output.
            o.Length = mark;
            throw;
        }
    }

    bool Append(Event e, TextBuffer o)
    {
        bool complete = true;
        foreach (var t in tokens)
        {
            if (t.Literal != null)
            {
                if (complete) o.Append(t.Literal);
                continue;
            }
            if (!complete)
            {
                scratch.Clear();
                t.Field!.Render(e, scratch);
                continue;
            }
            var target = t.Width == 0 ? o : scratch;
            if (t.Width != 0) scratch.Clear();
            if (!t.Field!.Render(e, target))
            {
                if (!printPartial)
                {
                    complete = false;
                    continue;
                }
                target.Append("<NA>"u8);
            }
            if (t.Width != 0) AppendPadded(o, scratch.Span, t.Width);
        }
        return complete;
    }

    static void AppendPadded(TextBuffer o, ReadOnlySpan<byte> value, int width)
    {
        if (value.Length >= width) o.Append(value[..width]);
        else
        {
            o.Append(value);
            for (int k = value.Length; k < width; k++) o.Append((byte)' ');
        }
    }

    /// <summary>
    /// sysdig reads each field twice in JSON mode (once to test for null, once to store it) into an object
    /// that outlives the event: keys keep their last values.
    /// </summary>
    bool AppendJson(Event e, TextBuffer o)
    {
        var root = json!;
        bool complete = true;
        for (int k = 0; k < Fields.Count; k++)
        {
            var field = Fields[k];
            scratch.Clear();
            bool has = field.RenderJson(e, scratch);
            if (!complete) continue;
            if (!has && !printPartial)
            {
                complete = false;
                continue;
            }
            root.Set(k, e);
        }
        if (complete) root.Write(o);
        return complete;
    }

    /// <summary>The JSON object sysdig keeps across events: one value per distinct key, written in key order.</summary>
    sealed class JsonObject
    {
        readonly IReadOnlyList<Field> fields;
        readonly int[] slotOf;
        readonly (byte[] Key, TextBuffer Value, bool Set)[] slots;

        public JsonObject(IReadOnlyList<Field> fields)
        {
            this.fields = fields;
            var keys = fields.Select(f => f.Text).Distinct().OrderBy(k => k, StringComparer.Ordinal).ToList();
            slots = keys.Select(k =>
            {
                var b = new TextBuffer(32);
                JsonText.AppendString(b, k);
                return (b.Span.ToArray(), new TextBuffer(64), false);
            }).ToArray();
            slotOf = fields.Select(f => keys.IndexOf(f.Text)).ToArray();
        }

        public void Set(int field, Event e)
        {
            ref var slot = ref slots[slotOf[field]];
            slot.Value.Clear();
            if (!fields[field].RenderJson(e, slot.Value)) slot.Value.Append("null"u8);
            slot.Set = true;
        }

        public void Write(TextBuffer o)
        {
            o.Append((byte)'{');
            bool first = true;
            foreach (var (key, value, set) in slots)
            {
                if (!set) continue;
                if (!first) o.Append((byte)',');
                o.Append(key).Append((byte)':').Append(value.Span);
                first = false;
            }
            o.Append((byte)'}');
        }
    }

}

/// <summary>A format string sysdig would reject.</summary>
public sealed class FormatException(string message) : Exception(message);
