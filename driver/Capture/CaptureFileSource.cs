using System.Runtime.ExceptionServices;
using Sharpdig.Driver.Snapshot;

namespace Sharpdig.Driver.Capture;

/// <summary>
/// A capture file as an event source. The file's state is read when it opens; its events are read,
/// decompressed and decoded on a thread of their own, a few batches ahead, so that the event path
/// only takes them. Damage is reported after the events before it, as if read in line.
/// </summary>
public sealed class CaptureFileSource : IEventSource
{
    const int BatchesAhead = 3;

    readonly CaptureReader reader;
    readonly Thread thread;
    readonly object gate = new();
    readonly Queue<EventBatch> full = new();
    readonly Stack<EventBatch> free = new();
    bool stopping, finished;
    EventBatch? current;
    int next;
    RawEvent? carried;   // read, but did not fit the last batch (its bytes stay valid until the next read)
    (long Read, long Total) progress;

    CaptureFileSource(CaptureReader reader)
    {
        this.reader = reader;
        progress = (0, reader.Progress.Total);
        for (int i = 0; i < BatchesAhead; i++) free.Push(new EventBatch());
        thread = new Thread(ReadAhead) { IsBackground = true, Name = "capture read-ahead" };
        thread.Start();
    }

    /// <summary>Opens a capture and reads its state blocks. Failures throw <see cref="CaptureFormatException"/>.</summary>
    public static CaptureFileSource Open(string path) => new(CaptureReader.Open(path));

    public string Name => reader.Name;
    public SystemSnapshot Snapshot => reader.Snapshot;

    /// <summary>How far the events handed out so far reach into the file.</summary>
    public (long Read, long Total) Progress => progress;

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
                evt = default;
                return false;
            }
            next = 0;
            progress = (current.ReadPosition, progress.Total);
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
                batch.TryAdd(first);
                carried = null;
            }
            while (!batch.IsFull)
            {
                if (!reader.TryNext(out var e)) return false;
                if (!batch.TryAdd(e))
                {
                    carried = e;
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
        finally
        {
            batch.ReadPosition = reader.Progress.Read;
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
