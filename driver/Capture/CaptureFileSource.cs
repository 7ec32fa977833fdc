using System.Runtime.ExceptionServices;
using Sharpdig.Driver.Snapshot;

namespace Sharpdig.Driver.Capture;

/// <summary>
/// A capture file as an event source. The file's state is read when it opens; its events are read,
/// decompressed and decoded on a thread of their own, a few batches ahead, so that the event path
/// only takes them. Damage is reported after the events before it, as if read in line, and the read
/// progress travels with each event.
/// </summary>
public sealed class CaptureFileSource : IEventSource
{
    const int BatchesAhead = 3;

    readonly CaptureReader reader;
    readonly Thread thread;
    readonly object gate = new();
    readonly Queue<EventBatch> full = new();
    readonly Stack<EventBatch> free = new();
    bool stopping, finished, ended;
    EventBatch? current;
    int next;
    RawEvent? carried;   // read, but did not fit the last batch (its bytes stay valid until the next read)
    long carriedOffset;
    long endOffset;      // the read progress once the reader met the end
    readonly long total;

    CaptureFileSource(CaptureReader reader)
    {
        this.reader = reader;
        total = reader.Progress.Total;
        for (int i = 0; i < BatchesAhead; i++) free.Push(new EventBatch());
        thread = new Thread(ReadAhead) { IsBackground = true, Name = "capture read-ahead" };
        thread.Start();
    }

    /// <summary>Opens a capture and reads its state blocks. Failures throw <see cref="CaptureFormatException"/>.</summary>
    public static CaptureFileSource Open(string path) => new(CaptureReader.Open(path));

    public string Name => reader.Name;
    public SystemSnapshot Snapshot => reader.Snapshot;

    /// <summary>sysdig's read progress when it handed out the current event: gzoffset() of its reader, and the file size.</summary>
    public (long Read, long Total) Progress =>
        (current is { } batch && next > 0 ? batch.ReadOffsets[next - 1] : ended ? endOffset : 0, total);

    public bool TryNext(out RawEvent evt)
    {
        while (current == null || next == current.Count)
        {
            if (current != null)
            {
                current.Failure?.Throw();
                Recycle(current);
                current = null;
            }
            current = Take();
            if (current == null)
            {
                ended = true;
                evt = default;
                return false;
            }
            next = 0;
        }
        evt = current.Events[next++];
        return true;
    }

    EventBatch? Take()
    {
        lock (gate)
        {
            while (full.Count == 0 && !finished) Monitor.Wait(gate);
            return full.Count > 0 ? full.Dequeue() : null;
        }
    }

    void Recycle(EventBatch batch)
    {
        lock (gate)
        {
            free.Push(batch);
            Monitor.PulseAll(gate);
        }
    }

    /// <summary>The reading thread: fills free batches until the file ends, fails, or the source is disposed.</summary>
    void ReadAhead()
    {
        try
        {
            while (true)
            {
                EventBatch batch;
                lock (gate)
                {
                    while (free.Count == 0 && !stopping) Monitor.Wait(gate);
                    if (stopping) return;
                    batch = free.Pop();
                }
                bool more = Fill(batch);
                lock (gate)
                {
                    if (batch.Count > 0 || batch.Failure != null) full.Enqueue(batch);
                    Monitor.PulseAll(gate);
                }
                if (!more) return;
            }
        }
        finally
        {
            reader.Dispose();
            lock (gate)
            {
                finished = true;
                Monitor.PulseAll(gate);
            }
        }
    }

    /// <summary>Copies the next events into <paramref name="batch"/>; false once the file is done.</summary>
    bool Fill(EventBatch batch)
    {
        batch.Clear();
        try
        {
            if (carried is { } first)
            {
                batch.TryAdd(first, carriedOffset);
                carried = null;
            }
            while (!batch.IsFull)
            {
                if (!reader.TryNext(out var e))
                {
                    endOffset = reader.ReadOffset;
                    return false;
                }
                long offset = reader.ReadOffset;
                if (!batch.TryAdd(e, offset))
                {
                    carried = e;
                    carriedOffset = offset;
                    return true;
                }
            }
            return true;
        }
        catch (Exception e)
        {
            // Handed to the event path, which reports it where it would have met it.
            batch.Failure = ExceptionDispatchInfo.Capture(e);
            return false;
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            stopping = true;
            Monitor.PulseAll(gate);
        }
        thread.Join();
    }
}
