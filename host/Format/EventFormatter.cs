using Sharpdig.Decode;
using Sharpdig.Fields;
using Sharpdig.Output;

namespace Sharpdig.Format;

/// <summary>
/// A compiled output format ("%evt.num %proc.name ..."): literal runs and fields, parsed once.
/// As in sysdig, a leading '*' prints events even when some fields have no value; without it such
/// events are skipped. "%10field" pads a value to 10 columns or cuts it there.
/// </summary>
public sealed class EventFormatter
{
    public const string Default = "*%evt.num %evt.outputtime %evt.cpu %proc.name (%thread.tid) %evt.dir %evt.type %evt.info";

    readonly Token[] tokens;
    readonly bool printPartial;
    readonly TextBuffer scratch = new();

    readonly record struct Token(byte[]? Literal, Field? Field, int Width);

    public IReadOnlyList<Field> Fields { get; }

    public EventFormatter(string format)
    {
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
    }

    /// <summary>Appends the event's line (without newline); false, with nothing appended, when it is not to be printed.</summary>
    public bool Format(Event e, TextBuffer o)
    {
        int mark = o.Length;
        try
        {
            return Append(e, o, mark);
        }
        catch (FieldException)
        {
            // A value sysdig cannot print ends the run; the line so far is not output.
            o.Length = mark;
            throw;
        }
    }

    bool Append(Event e, TextBuffer o, int mark)
    {
        foreach (var t in tokens)
        {
            if (t.Literal != null)
            {
                o.Append(t.Literal);
                continue;
            }
            bool has;
            if (t.Width == 0)
            {
                has = t.Field!.Render(e, o);
                if (!has)
                {
                    if (!printPartial) { o.Length = mark; return false; }
                    o.Append("<NA>"u8);
                }
                continue;
            }
            scratch.Clear();
            has = t.Field!.Render(e, scratch);
            if (!has)
            {
                if (!printPartial) { o.Length = mark; return false; }
                scratch.Append("<NA>"u8);
            }
            var value = scratch.Span;
            if (value.Length >= t.Width) o.Append(value[..t.Width]);
            else
            {
                o.Append(value);
                for (int k = value.Length; k < t.Width; k++) o.Append((byte)' ');
            }
        }
        return true;
    }
}

/// <summary>A format string sysdig would reject.</summary>
public sealed class FormatException(string message) : Exception(message);
