using Sharpdig.Decode;
using Sharpdig.Format;

namespace Sharpdig.Chisels;

/// <summary>
/// A loaded chisel, as the session drives it. What a chisel sets up through its API (sysdig's
/// chiselinfo: its own filter, its event output format, its interval, an end-of-capture request) lives
/// here, so that every kind of chisel is dispatched alike; a kind implements the callbacks.
/// </summary>
public abstract class Chisel(ChiselSession session, string name, ChiselInfo info)
{
    public ChiselSession Session { get; } = session;
    /// <summary>The name the chisel was asked for by (a path, or a name found on the search path), for messages.</summary>
    public string Name { get; protected set; } = name;
    public ChiselInfo Info { get; protected set; } = info;

    /// <summary>Events this chisel sees (after the global filter); null for all.</summary>
    public Func<Event, bool>? Filter { get; set; }
    /// <summary>Each event that passes the chisel (and its event callback) is printed with this format.</summary>
    public EventFormatter? Formatter { get; set; }
    /// <summary>on_interval every N ns of event time, aligned to multiples of N.</summary>
    public ulong IntervalNs { get; set; }
    /// <summary>on_interval for each N ns step from the first event on, however many fall between two events.</summary>
    public ulong PreciseIntervalNs { get; set; }
    /// <summary>The chisel asked to stop the capture after the current event.</summary>
    public bool EndCaptureRequested { get; set; }
    /// <summary>Arguments for a second sharpdig run after this one (sysdig.run_app).</summary>
    public string? NextRunArguments { get; set; }
    /// <summary>The last event handed to the chisel, which the API's event functions read (sysdig's "sievt").</summary>
    public Event? CurrentEvent { get; internal set; }

    /// <summary>Sets the chisel's own filter (chisel.set_filter); "" for none. Text the language rejects is a chisel error.</summary>
    public void SetFilter(string text) =>
        Filter = text.Length == 0 ? null : ChiselFilter.Compile(text, $"invalid filter in chisel {Name}: ");

    /// <summary>Prints each event the chisel keeps with this format (chisel.set_event_formatter; "" or "default": sysdig's); null for none.</summary>
    public void SetEventFormat(string? format)
    {
        try
        {
            Formatter = format == null ? null : new EventFormatter(format is "" or "default" ? EventFormatter.Default : format, Session.IsJson);
        }
        catch (Format.FormatException e)
        {
            throw new ChiselException(e.Message);
        }
    }

    /// <summary>The argument values given, in order (sysdig's m_argvals).</summary>
    protected List<string> ArgumentValues { get; } = new();

    bool sawFirstEvent;
    ulong lastIntervalSample, lastIntervalTs;

    /// <summary>Whether the chisel has an event callback at all.</summary>
    public abstract bool HandlesEvents { get; }

    /// <summary>Hands one argument to the chisel (on_set_arg).</summary>
    protected abstract void SetArgument(string name, string value);
    /// <summary>on_init: the chisel requests fields and sets filters. Runs before the capture opens.</summary>
    public abstract void Init();
    /// <summary>on_capture_start: the capture is open.</summary>
    public abstract void CaptureStart();
    /// <summary>on_event for an event that passed the chisel's filter; false to skip the chisel's event output.</summary>
    public abstract bool OnEvent(Event e);
    /// <summary>on_interval; false ends the run with an error.</summary>
    protected abstract bool OnInterval(ulong ts, ulong delta);
    /// <summary>on_capture_end, with the last event's time and the capture's duration.</summary>
    public abstract void CaptureEnd(ulong lastTs, ulong delta);

    /// <summary>
    /// The chisel's arguments as one command-line word, split as sysdig does: on spaces, except inside
    /// '…' or `…` quotes; then checked against the declared count and handed over in order.
    /// </summary>
    public void SetArguments(string line)
    {
        ArgumentValues.Clear();
        ArgumentValues.AddRange(SplitArguments(line, Name));
        SetArguments();
    }

    /// <summary>Validates <see cref="ArgumentValues"/> against the declaration and hands them over.</summary>
    protected void SetArguments()
    {
        int required = Info.RequiredCount, optional = Info.OptionalCount, given = ArgumentValues.Count;
        if (given < required)
            throw new ChiselException($"wrong number of parameters for chisel {Name}, {required} required, {given} given");
        if (given > required + optional)
            throw new ChiselException($"too many parameters for chisel {Name}, {required} required, {optional} optional, {given} given");
        for (int j = 0; j < given; j++) SetArgument(Info.Arguments[j].Name, ArgumentValues[j]);
    }

    /// <summary>sysdig's tokenizer for a chisel's argument string (quote characters are dropped, unbalanced quotes are an error).</summary>
    public static List<string> SplitArguments(string line, string chiselName)
    {
        var values = new List<string>();
        var args = line.Trim(' ', '\t', '\n', '\r', '\f', '\v');
        if (args.Length == 0) return values;
        int begin = 0, correction = 0, j;
        bool inQuotes = false;
        for (j = 0; j < args.Length; j++)
        {
            if (args[j] == ' ' && !inQuotes)
            {
                values.Add(args.Substring(begin, j - correction - begin));
                begin = j + 1;
                correction = 0;
            }
            else if (args[j] is '\'' or '`')
            {
                if (inQuotes)
                {
                    correction = 1;
                    inQuotes = false;
                }
                else
                {
                    begin++;
                    inQuotes = true;
                }
            }
        }
        if (inQuotes) throw new ChiselException($"corrupted parameters for chisel {chiselName}");
        values.Add(args.Substring(begin, j - correction - begin));
        return values;
    }

    /// <summary>Argument values joined back into one word, quoting those with spaces (for chisel.exec).</summary>
    protected static string JoinArguments(IEnumerable<string> values) =>
        string.Join(' ', values.Select(v => v.Contains(' ') ? $"'{v}'" : v));

    /// <summary>Forgets what the chisel set up, for a chisel that replaces itself (chisel.exec).</summary>
    protected void ResetSettings()
    {
        Filter = null;
        Formatter = null;
        IntervalNs = PreciseIntervalNs = 0;
        EndCaptureRequested = false;
        NextRunArguments = null;
        sawFirstEvent = false;
        lastIntervalSample = lastIntervalTs = 0;
    }

    /// <summary>
    /// Runs the interval callbacks an event's time calls for (sysdig's do_timeout). Events the global
    /// filter drops still move the clock.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void Tick(ulong ts)
    {
        // Inlined: a started chisel without an interval, most of them, has nothing to do on any event.
        if (sawFirstEvent && (IntervalNs | PreciseIntervalNs) == 0) return;
        TickInterval(ts);
    }

    void TickInterval(ulong ts)
    {
        if (!sawFirstEvent)
        {
            if (IntervalNs != 0) lastIntervalSample = ts - ts % IntervalNs;
            else if (PreciseIntervalNs != 0) lastIntervalSample = ts;
            sawFirstEvent = true;
            return;
        }
        if (IntervalNs != 0)
        {
            ulong sample = ts - ts % IntervalNs;
            if (sample == lastIntervalSample) return;
            ulong delta = 0;
            if (lastIntervalTs != 0)
            {
                delta = ts - lastIntervalTs;
                if (delta == 0) return;
            }
            Interval(ts, delta);
            lastIntervalSample = sample;
            lastIntervalTs = ts;
        }
        else if (PreciseIntervalNs != 0)
        {
            ulong interval = PreciseIntervalNs;
            if (ts - lastIntervalSample < interval) return;
            ulong t;
            for (t = lastIntervalSample; t <= ts - interval; t += interval) Interval(t, interval);
            lastIntervalSample = t;
        }
    }

    void Interval(ulong ts, ulong delta)
    {
        if (!OnInterval(ts, delta)) throw new ChiselException($"execution terminated by the {Name} chisel");
    }
}
