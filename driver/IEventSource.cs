using Sharpdig.Driver.Snapshot;

namespace Sharpdig.Driver;

/// <summary>A stream of events (a capture file, or the live kernel driver) with the system state it starts from.</summary>
public interface IEventSource : IDisposable
{
    /// <summary>What the source is, for messages: a file path or "live".</summary>
    string Name { get; }

    /// <summary>The machine, threads, fds, users and interfaces as they were when the events begin.</summary>
    SystemSnapshot Snapshot { get; }

    /// <summary>Reads the next event; false at the end. Damaged input throws <see cref="CaptureFormatException"/>.</summary>
    bool TryNext(out RawEvent evt);

    /// <summary>How far the source has read, for progress: bytes so far and in all (0 when unknown).</summary>
    (long Read, long Total) Progress { get; }
}
