using Sharpdig.Decode;
using Sharpdig.Driver;
using Sharpdig.Driver.Events;
using Sharpdig.Driver.Snapshot;
using Sharpdig.State;

namespace Sharpdig.Engine;

/// <summary>
/// Pumps events from a source through state and the filter: the engine every consumer
/// (printing, chisels, writing) reads from. One <see cref="Event"/> object is reused for every event.
/// </summary>
public sealed class Inspector : IDisposable
{
    readonly IEventSource source;
    readonly Event current = new();
    readonly StateParser parser;
    ulong count;
    bool started;
    /// <summary>An event read while starting up, to be delivered first.</summary>
    RawEvent pending;
    bool hasPending;

    public ThreadTable Threads { get; } = new();
    public UserTable Users { get; } = new();
    public ContainerTable Containers { get; } = new();
    public Interfaces Interfaces { get; } = new();
    public SystemSnapshot Snapshot => source.Snapshot;
    public MachineInfo? Machine => source.Snapshot.Machine;
    public IEventSource Source => source;

    /// <summary>Byte buffers longer than this are cut with "..." (sysdig's 80 unless -v; 0 for no limit).</summary>
    public int MaxOutputLength { get; set; } = 80;
    public BufferFormat BufferFormat { get; set; } = BufferFormat.Normal;
    /// <summary>The filter, compiled; null for none.</summary>
    public Func<Event, bool>? Filter { get; set; }
    /// <summary>-d: filter after state has seen every event, rather than before parsing events that don't change it.</summary>
    public bool FilterAfterParse { get; set; }
    /// <summary>-D: internal events are shown too, even those the filter rejects.</summary>
    public bool Debug { get; set; }
    /// <summary>-t: how evt.outputtime prints (h, a, r, d, D).</summary>
    public char TimeFormat { get; set; } = 'h';
    /// <summary>Called for the events taken in when the capture opens and never returned by <see cref="Next"/> (the leading container events), for -w.</summary>
    public Action<Event>? ConsumedEvent { get; set; }
    /// <summary>-P: shows the read progress as events go by, and where the run ended when it is disposed.</summary>
    public Output.ProgressPrinter? Progress { get; set; }
    /// <summary>-U: events of these processes are dropped as they are read; null for none.</summary>
    public CommSuppression? Suppression { get; set; }
    /// <summary>Timestamp of the last event shown, for -tD.</summary>
    public ulong PreviousShownTs { get; set; }

    /// <summary>Timestamp of the first event read (0 before any; container metadata events don't count).</summary>
    public ulong FirstEventTs { get; private set; }
    public ulong LastEventTs { get; private set; }
    public ulong EventsRead => count;

    public Inspector(IEventSource source)
    {
        this.source = source;
        current.Inspector = this;
        current.SourceName = source.Name;
        parser = new StateParser(this);
        Users.Load(source.Snapshot);
    }

    /// <summary>
    /// Reads the next event and runs it through state and the filter; null at the end. The event is
    /// valid until the next call; check <see cref="Event.FilteredOut"/>.
    /// </summary>
    public Event? Next()
    {
        if (!started) Start();
        if (hasPending)
        {
            hasPending = false;
            current.Load(pending, ++count);
        }
        else
        {
            var buffer = ReadNext(out var place);
            if (buffer == null) return null;
            current.Load(buffer, place, ++count);
        }
        Run(current);
        if (Progress != null && Output.ProgressPrinter.IsDue(count)) Progress.Update(ReadPercent);
        return current;
    }

    /// <summary>The source's next event that -U does not drop.</summary>
    byte[]? ReadNext(out EventPlace place)
    {
        while (true)
        {
            var buffer = source.Next(out place);
            if (buffer == null || Suppression is not { } suppression || !suppression.Suppresses(buffer.AsSpan(place.Offset, place.Length)))
                return buffer;
        }
    }

    /// <summary>How much of the capture file has been read, in percent (sysdig's get_read_progress); 0 live.</summary>
    public double ReadPercent
    {
        get
        {
            var (read, total) = source.Progress;
            return total > 0 ? read * 100.0 / total : 0;
        }
    }

    /// <summary>
    /// As sysdig opening a capture: the container events the capture starts with are taken in
    /// first (they count as events but are not delivered), then the process list.
    /// </summary>
    public void Start()
    {
        if (started) return;
        started = true;
        while (ReadNext(out var place) is { } buffer)
        {
            var raw = new RawEvent(buffer, place);
            current.Load(raw, count + 1);
            if (!EventIds.IsContainer(current.Type))
            {
                pending = raw;
                hasPending = true;
                break;
            }
            count++;
            Run(current);
            ConsumedEvent?.Invoke(current);
        }
        parser.Import(source.Snapshot);
    }

    /// <summary>Runs one event through state and the filter, in sysdig's order.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    void Run(Event e)
    {
        ulong ts = e.Timestamp;
        if (FirstEventTs == 0 && e.Type is not (EventIds.ContainerJsonE or EventIds.ContainerJson2E)) FirstEventTs = ts;
        LastEventTs = ts;

        parser.BeginEvent();
        parser.Reset(e);
        var filter = FilterAfterParse ? null : Filter;
        bool filterLater = filter != null && (e.Info.Flags & EventFlags.ModifiesState) != 0;
        if (filter != null && !filterLater && !filter(e))
        {
            parser.OnFilteredOut(e);
            Deliver(e, filteredOut: true);
            return;
        }
        parser.Process(e);
        bool filteredOut = filterLater ? !filter!(e) : e.FilteredOut;
        Deliver(e, filteredOut || (e.DumpFlags & RawEvent.StateOnly) != 0);
        // -d: the filter only decides what is shown; state saw everything.
        if (FilterAfterParse && Filter != null && !e.FilteredOut) e.FilteredOut = !Filter(e);
    }

    /// <summary>Filtered-out events are not delivered, except internal ones in debug mode.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    void Deliver(Event e, bool filteredOut)
    {
        if (filteredOut && !(Debug && (e.Category & EventCategory.Internal) != 0))
        {
            e.FilteredOut = true;
            return;
        }
        e.FilteredOut = false;
        parser.EndEvent(e, e.Timestamp);
    }

    /// <summary>Whether an event is shown: internal events only in debug mode.</summary>
    public bool IsVisible(Event e) => Debug || (e.Category & EventCategory.Internal) == 0;

    /// <summary>Ends the -P progress line (where the run stopped), before anything printed after the run.</summary>
    public void EndProgress()
    {
        Progress?.End(ReadPercent);
        Progress = null;
    }

    public void Dispose()
    {
        EndProgress();
        source.Dispose();
    }
}
