using Sharpdig.Driver.Snapshot;

namespace Sharpdig.Driver;

/// <summary>A stream of events (a capture file, or the live kernel driver) with the system state it starts from.</summary>
public interface IEventSource : IDisposable
{
    /// <summary>What the source is, for messages: a file path or "live".</summary>
    string Name { get; }

    /// <summary>The machine, threads, fds, users and interfaces as they were when the events begin.</summary>
    SystemSnapshot Snapshot { get; }

    /// <summary>
    /// Finds the next event: returns the bytes it lies in (valid until the next call), null at the end.
    /// Damaged input throws <see cref="CaptureFormatException"/>.
    /// </summary>
    byte[]? Next(out EventPlace place);

    /// <summary>
    /// How far the source has read when it handed out the current event, in bytes, and its size: as
    /// sysdig 0.29.3 reports it for capture files (sysdig.get_read_progress()); (0, 0) when unknown.
    /// </summary>
    (long Read, long Total) Progress { get; }
}

public static class EventSourceExtensions
{
    /// <summary>The next event with its buffer, for consumers that keep or pass on whole events.</summary>
    public static bool TryNextEvent(this IEventSource source, out RawEvent evt)
    {
        var buffer = source.Next(out var place);
        evt = buffer != null ? new RawEvent(buffer, place) : default;
        return buffer != null;
    }
}
