namespace Sharpdig.Driver.Capture;

/// <summary>
/// The read progress sysdig 0.29.3 reports for a capture: libscap reads every capture, compressed or
/// not, through zlib's gz layer, and sysdig's progress is gzoffset() of that handle. The value
/// depends on the exact gzread/gzseek calls libscap makes (this class is told them, block by block)
/// and on how zlib buffers them: plain files are emulated, gzip files are read again by libz itself.
/// </summary>
abstract class ReadProgress : IDisposable
{
    /// <summary>Reads of this size and more bypass zlib's buffer (twice its 8 KiB input buffer).</summary>
    protected const int BufferSize = 16384;

    /// <summary>The tracker for a capture file: plain files are emulated, gzip files read again by libz.</summary>
    public static ReadProgress For(string path, bool gzip, long length) =>
        gzip ? LibzReadProgress.Open(path) : new PlainReadProgress(length);

    /// <summary>What gzoffset() returns now: how far into the file zlib has read, less its unused input.</summary>
    public abstract long Offset { get; }

    /// <summary>One gzread of <paramref name="count"/> bytes.</summary>
    public abstract void Read(int count);

    /// <summary><paramref name="count"/> bytes taken by gzreads of a field each (all under 16 KiB).</summary>
    public abstract void ReadFields(long count);

    /// <summary>gzseek by <paramref name="count"/> bytes from the current position (negative: back).</summary>
    public abstract void Seek(long count);

    /// <summary>An event block: libscap reads its 8-byte header, then the rest in one gzread.</summary>
    public virtual void EventBlock(int length)
    {
        Read(8);
        Read(length - 8);
    }

    public virtual void Dispose() { }
}

/// <summary>
/// zlib's gz layer on a file without gzip magic (its "copy" mode), as arithmetic: the first read
/// looks for the magic with one 8 KiB read, after that the output buffer is refilled 16 KiB at a time
/// whenever a read smaller than that finds it empty; bigger reads go straight to the file; a seek
/// drops the buffer and moves the file offset. gzoffset() is then the file offset itself.
/// </summary>
sealed class PlainReadProgress(long length) : ReadProgress
{
    const int LookSize = 8192;

    long position;   // the file descriptor's offset
    long buffered;   // read from the file, not yet handed out
    bool looked, atEnd;

    public override long Offset => position;

    public override void EventBlock(int length)
    {
        if (buffered >= length) buffered -= length;   // the common case: both reads served from the buffer
        else base.EventBlock(length);
    }

    public override void Read(int count) => Take(count, whole: true);

    public override void ReadFields(long count) => Take(count, whole: false);

    public override void Seek(long count)
    {
        position += count - buffered;
        buffered = 0;
        atEnd = false;
    }

    /// <summary>One gzread (<paramref name="whole"/>) or a run of small ones.</summary>
    void Take(long count, bool whole)
    {
        while (count > 0)
        {
            if (buffered > 0)
            {
                long n = Math.Min(buffered, count);
                buffered -= n;
                count -= n;
            }
            else if (atEnd)
                return;
            else if (!whole || !looked || count < BufferSize)
                Fill();
            else
                count -= Load(count);
        }
    }

    void Fill()
    {
        int size = looked ? BufferSize : LookSize;
        looked = true;
        buffered = Load(size);
    }

    /// <summary>read() in a loop until <paramref name="count"/> bytes or the end of the file.</summary>
    long Load(long count)
    {
        long n = Math.Clamp(length - position, 0, count);
        position += n;
        if (n < count) atEnd = true;
        return n;
    }
}
