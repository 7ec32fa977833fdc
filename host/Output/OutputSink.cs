namespace Sharpdig.Output;

/// <summary>Buffered writing of event output to a stream (stdout): one write per 64 KiB, not per line.</summary>
public sealed class OutputSink(Stream stream) : IDisposable
{
    const int FlushThreshold = 1 << 16;
    public TextBuffer Buffer { get; } = new(FlushThreshold * 2);

    /// <summary>Every complete record is written at once (a terminal, --unbuffered), not once 64 KiB gathered.</summary>
    public bool LineBuffered { get; set; }

    /// <summary>Call after appending a complete record.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void MaybeFlush()
    {
        if (Buffer.Length >= FlushThreshold || LineBuffered) Flush();
    }

    public void Flush()
    {
        if (Buffer.Length == 0) return;
        try
        {
            stream.Write(Buffer.Span);
            stream.Flush();
        }
        catch (IOException)
        {
            // The reader went away (a closed pipe, as in `| head`): stop writing, as sysdig does.
            throw new OutputClosedException();
        }
        Buffer.Clear();
    }

    public void Dispose() => Flush();
}

/// <summary>Raised when stdout is closed under us; the run ends quietly.</summary>
public sealed class OutputClosedException : Exception;
