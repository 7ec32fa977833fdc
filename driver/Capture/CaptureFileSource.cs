using System.Runtime.ExceptionServices;
using Sharpdig.Driver.Snapshot;

namespace Sharpdig.Driver.Capture;

/// <summary>
/// A capture file as an event source. The file's state is read when it opens; its events are read,
/// decompressed and found on a thread of their own, a few batches ahead, and stay in the bytes they
/// were read into until the event path has passed them. Damage is reported after the events before
/// it, as if read in line, and the read progress travels with each event.
/// </summary>
public sealed class CaptureFileSource : IEventSource
{
    const int BatchesAhead = 4;
    /// <summary>
    /// The reading thread, once all batches are full, is woken when this many are free again, not for each:
    /// a wakeup costs the event path more than the events of a batch take to read.
    /// </summary>
    const int WakeReaderAt = 2;

    readonly CaptureReader reader;
    readonly Thread thread;
    readonly object gate = new();
    readonly Queue<EventBatch> full = new();
    readonly Stack<EventBatch> free = new();
    bool stopping, finished, ended;
    EventBatch? current;
    int next;
    long endOffset;      // the read progress once the reader met the end or damage
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
        (current is { } batch && next > 0 ? batch.Slots[next - 1].ReadOffset : ended ? endOffset : 0, total);

    public byte[]? Next(out EventPlace place)
    {
        while (current == null || next == current.Count)
        {
            if (current != null)
            {
                if (current.Failure is { } failure)
                {
                    // From here on the progress is where the reading stopped, as sysdig reports it after damage.
                    ended = true;
                    current = null;
                    failure.Throw();
                }
                Recycle(current);
                current = null;
            }
            current = Take();
            if (current == null)
            {
                ended = true;
                place = default;
                return null;
            }
            next = 0;
        }
        place = current.Slots[next++].Place;
        return current.Data;
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
            if (free.Count == WakeReaderAt) Monitor.PulseAll(gate);
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

    /// <summary>Reads the next events into <paramref name="batch"/>; false once the file is done.</summary>
    bool Fill(EventBatch batch)
    {
        try
        {
            bool more = reader.FillBatch(batch);
            if (!more) endOffset = reader.ReadOffset;
            return more;
        }
        catch (Exception e)
        {
            // Handed to the event path, which reports it where it would have met it.
            batch.Failure = ExceptionDispatchInfo.Capture(e);
            endOffset = reader.ReadOffset;
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
