using Sharpdig.Decode;
using Sharpdig.Engine;
using Sharpdig.Output;

namespace Sharpdig.Chisels;

/// <summary>
/// How a chisel run is set up by the command line; <paramref name="Finished"/> is called after a run that
/// ended by itself (not by a chisel's end_capture), with the events that passed the filter, while the capture is still open.
/// <paramref name="MaxDurationNs"/> (-M reading a file) ends the run at the first event that far after the first one.
/// </summary>
public readonly record struct ChiselRunSettings(
    string? Filter, long MaxEvents, BufferFormat BufferFormat, bool PrintContainer, bool IsLive, bool Debug, string? ReadFile,
    Action<Inspector, long>? Finished = null, ulong MaxDurationNs = 0);

/// <summary>
/// The chisels of one run, driven as sysdig drives them: loaded (and given their arguments) while the
/// command line is read, then on_init, the global filter, the capture opened, on_capture_start, every
/// event to every chisel (its interval clock, its filter, on_event, its event output), and at the end —
/// or after an error — on_capture_end. Chisels write to one buffered stdout, in order.
/// </summary>
public sealed class ChiselSession
{
    readonly List<Chisel> chisels = new();
    Func<Event, bool>? globalFilter;
    bool ended;

    public ChiselSession(ChiselSearchPath searchPath, Stream stdout)
    {
        SearchPath = searchPath;
        Sink = new OutputSink(stdout);
    }

    public ChiselSearchPath SearchPath { get; }
    public OutputSink Sink { get; }
    public TextBuffer Output => Sink.Buffer;
    /// <summary>The engine, once the capture is open.</summary>
    public Inspector? Inspector { get; private set; }
    public ChiselRunSettings Settings { get; private set; }
    /// <summary>How buffers are rendered; a chisel may choose unless the command line did.</summary>
    public BufferFormat BufferFormat
    {
        get => bufferFormat;
        set
        {
            bufferFormat = value;
            if (Inspector != null) Inspector.BufferFormat = value;
        }
    }
    BufferFormat bufferFormat;
    /// <summary>A chisel's choice of buffer format by sysdig's name for it ("ascii", "hex"...); the command line's choice stands.</summary>
    public void ChooseBufferFormat(string? name, string chiselName)
    {
        if (BufferFormat != BufferFormat.Normal) return;
        BufferFormat = name switch
        {
            "normal" or "simple" => BufferFormat.Normal,
            "json" => BufferFormat.Json,
            "hex" => BufferFormat.Hex,
            "hexascii" => BufferFormat.HexAscii,
            "ascii" => BufferFormat.Ascii,
            "base64" => BufferFormat.Base64,
            "jsonbase64" => BufferFormat.JsonBase64,
            _ => throw new ChiselException($"invalid set_output_format value in chisel {chiselName}"),
        };
    }

    /// <summary>-j, or a chisel's JSON output format: event output is JSON.</summary>
    public bool IsJson => bufferFormat >= BufferFormat.Json;
    /// <summary>The global filter's text (the command line's, or what a chisel set with sysdig.set_filter).</summary>
    public string GlobalFilter { get; private set; } = "";
    /// <summary>The capture's file, once it is open ("" before, and for live captures).</summary>
    public string EventSourceName => Inspector == null || Settings.IsLive ? "" : Settings.ReadFile ?? "";
    /// <summary>Arguments for a second run a chisel asked for (sysdig.run_app); the last chisel to ask wins.</summary>
    public string? NextRunArguments => chisels.LastOrDefault(c => c.NextRunArguments != null)?.NextRunArguments;

    /// <summary>A chisel ended the capture (sysdig.end_capture): no further -r file is read.</summary>
    public bool CaptureEndRequested { get; private set; }

    /// <summary>Loads a chisel by name or path and adds it to the run.</summary>
    public Chisel Add(string name) => Add(ChiselCatalog.Load(this, name));

    /// <summary>Adds a loaded chisel to the run.</summary>
    internal Chisel Add(Chisel chisel)
    {
        chisels.Add(chisel);
        return chisel;
    }

    /// <summary>Sets the global filter; text the filter language rejects throws its <see cref="Filter.FilterException"/>.</summary>
    public void SetGlobalFilter(string text)
    {
        globalFilter = text.Length == 0 ? null : Filter.FilterCompiler.Compile(text);
        GlobalFilter = text;
        if (Inspector != null) Inspector.Filter = globalFilter;
    }

    /// <summary>
    /// Runs the capture through the chisels; returns the exit status. Capture errors propagate after on_capture_end.
    /// Run again for each further -r file, as sysdig does: on_init, on_capture_start and on_capture_end again, the chisels' state kept.
    /// </summary>
    public int Run(ChiselRunSettings settings, Func<Inspector> open)
    {
        Settings = settings;
        ended = false;
        BufferFormat = settings.BufferFormat;
        try
        {
            SetGlobalFilter(settings.Filter ?? "");
            foreach (var c in chisels) c.Init();
            Inspector = open();
            // Chisels see whole buffers: sysdig only cuts them at 80 bytes when it prints events itself.
            Inspector.MaxOutputLength = 0;
            Inspector.BufferFormat = BufferFormat;
            Inspector.Filter = globalFilter;
            // The capture's threads and fds are loaded when it opens, before on_capture_start.
            Inspector.Start();
            foreach (var c in chisels) c.CaptureStart();
            long passed = Pump(Inspector, settings.MaxEvents, settings.MaxDurationNs);
            // As in sysdig, an error at the end of a finished capture is reported but does not fail the run.
            if (EndCapture() is { } error)
            {
                Sink.Flush();
                Console.Error.WriteLine(error.Message);
            }
            else if (!CaptureEndRequested && settings.Finished is { } finished)
            {
                Sink.Flush();
                finished(Inspector, passed);
            }
            return 0;
        }
        catch (ChiselException e)
        {
            return Fail(e);
        }
        catch (ChiselExitException e)
        {
            return e.Code;
        }
        catch
        {
            EndCapture(); // sysdig reports only the error that stopped the run
            throw;
        }
        finally
        {
            Inspector?.Dispose();
            Sink.Flush();
        }
    }

    /// <summary>Reports a chisel error and ends the chisels as sysdig does after one (their on_capture_end still runs).</summary>
    public int Fail(ChiselException e)
    {
        Sink.Flush();
        Console.Error.WriteLine(e.Message);
        EndCapture(); // sysdig reports only the error that stopped the run
        return 1;
    }

    /// <summary>Delivers the events; returns how many passed the global filter.</summary>
    long Pump(Inspector inspector, long maxEvents, ulong maxDurationNs)
    {
        long counted = 0;
        var duration = new EventDuration(maxDurationNs);
        var all = chisels.ToArray();   // an array: no enumerator version checks per event
        while (inspector.Next() is { } e)
        {
            if (e.FilteredOut)
            {
                foreach (var c in all) c.Tick(e.Timestamp);
                continue;
            }
            if (duration.Ends(e)) return counted;
            counted++;
            foreach (var c in all)
                if (Dispatch(c, e))
                {
                    CaptureEndRequested = true;
                    return counted;
                }
            Sink.MaybeFlush();
            if (maxEvents > 0 && counted >= maxEvents) return counted;
        }
        return counted;
    }

    /// <summary>One event to one chisel; true when the chisel ends the capture.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    bool Dispatch(Chisel c, Event e)
    {
        if (c.CurrentEvent != e) c.CurrentEvent = e;   // the engine reuses one Event: set once, not per event
        c.Tick(e.Timestamp);
        if (c.Filter is { } filter && !filter(e)) return false;
        if (c.HandlesEvents)
        {
            bool keep = c.OnEvent(e);
            if (c.EndCaptureRequested) return true;
            if (!keep) return false;
        }
        if (c.Formatter is { } formatter && formatter.Format(e, Output)) Output.Append((byte)'\n');
        return false;
    }

    /// <summary>on_capture_end for every chisel, once; returns the first error, after all have run.</summary>
    ChiselException? EndCapture()
    {
        if (ended) return null;
        ended = true;
        ulong first = Inspector?.FirstEventTs ?? 0, last = Inspector?.LastEventTs ?? 0;
        ChiselException? error = null;
        foreach (var c in chisels)
        {
            try
            {
                c.CaptureEnd(last, last - first);
            }
            catch (ChiselException e)
            {
                error ??= e;
            }
        }
        return error;
    }
}
