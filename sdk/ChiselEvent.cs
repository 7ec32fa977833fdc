namespace Sharpdig.Sdk;

/// <summary>The event being handed to a chisel: its header. Its fields are read through <see cref="Field"/> handles.</summary>
public abstract class ChiselEvent
{
    /// <summary>The event's number in the capture (evt.num).</summary>
    public abstract ulong Number { get; }

    /// <summary>Nanoseconds since the epoch (evt.rawtime).</summary>
    public abstract ulong Timestamp { get; }

    /// <summary>The thread that generated it (thread.tid).</summary>
    public abstract long ThreadId { get; }

    /// <summary>The CPU it happened on (evt.cpu).</summary>
    public abstract int Cpu { get; }

    /// <summary>Whether it is the entry of a system call (evt.dir is '&gt;').</summary>
    public abstract bool IsEnter { get; }

    /// <summary>Its type's name, UTF-8 (as evt.type shows it: for generic events, the system call's name).</summary>
    public abstract ReadOnlySpan<byte> TypeName { get; }

    /// <summary>
    /// A small number for the event's type, to index arrays with (below <see cref="ChiselHost.EventTypeIdCount"/>):
    /// events with the same id have the same evt.type. Entry and exit events have different ids, and so has
    /// each system call that generic events stand for. Counting by id and naming the ids at the end is
    /// much cheaper than counting by name.
    /// </summary>
    public abstract int TypeId { get; }
}
