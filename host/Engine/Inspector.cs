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

    public ThreadTable Threads { get; } = new();
    public UserTable Users { get; } = new();
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
    /// <summary>-D: internal events are shown too.</summary>
    public bool Debug { get; set; }
    /// <summary>-t: how evt.outputtime prints (h, a, r, d, D).</summary>
    public char TimeFormat { get; set; } = 'h';
    /// <summary>Called for the events state consumes and <see cref="Next"/> never returns (container metadata), for -w.</summary>
    public Action<Event>? ConsumedEvent { get; set; }
    /// <summary>Timestamp of the last event shown, for -tD.</summary>
    public ulong PreviousShownTs { get; set; }

    /// <summary>Timestamp of the first event read (0 before any).</summary>
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
        parser.Import(source.Snapshot);
    }

    /// <summary>
    /// Reads the next event and runs it through state and the filter. Returns false at the end.
    /// <paramref name="evt"/> is valid until the next call; check <see cref="Event.FilteredOut"/>.
    /// </summary>
    public bool Next(out Event evt)
    {
        evt = current;
        RawEvent raw;
        do
        {
            if (!source.TryNext(out raw))
                return false;
            current.Load(raw, ++count);
        }
        while (!Run(current));
        return true;
    }

    /// <summary>Runs one event through state and the filter; false for events consumed here (container metadata).</summary>
    bool Run(Event current)
    {
        ulong ts = current.Timestamp;
        if (FirstEventTs == 0) FirstEventTs = ts;
        LastEventTs = ts;

        parser.Reset(current);
        var filter = Filter;
        if (filter != null && !FilterAfterParse && (current.Info.Flags & EventFlags.ModifiesState) == 0)
        {
            if (!filter(current))
            {
                current.FilteredOut = true;
                return true;
            }
            filter = null;
        }
        parser.Process(current);
        if (StateParser.IsContainerEvent(current.Type))
        {
            ConsumedEvent?.Invoke(current);
            return false;
        }
        current.FilteredOut = filter != null && !filter(current);
        return true;
    }

    /// <summary>Whether an event is shown: internal events only in debug mode.</summary>
    public bool IsVisible(Event e) => Debug || (e.Category & EventCategory.Internal) == 0;

    public void Dispose() => source.Dispose();
}
