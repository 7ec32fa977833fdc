using System.Buffers.Binary;
using System.IO.Compression;
using Sharpdig.Driver.Snapshot;

namespace Sharpdig.Driver.Capture;

/// <summary>
/// Writes a scap capture file that sysdig 0.29.3 reads: the section header, the state blocks of a
/// <see cref="SystemSnapshot"/>, then one EV_V2 block per event (EV_V2_LARGE for 32-bit lengths).
/// Events are copied into one reusable buffer and written in large chunks; gzip is optional.
/// </summary>
public sealed class CaptureWriter : IDisposable
{
    const int ChunkSize = 1 << 18;

    readonly FileStream file;
    readonly Stream stream;
    readonly byte[] chunk = new byte[ChunkSize];
    int used;
    bool disposed;

    public string Path { get; }
    /// <summary>Bytes written so far, before compression (what -C compares against).</summary>
    public long Offset { get; private set; }
    public long EventsWritten { get; private set; }

    CaptureWriter(string path, FileStream file, bool compress)
    {
        Path = path;
        this.file = file;
        stream = compress ? new GZipStream(file, CompressionLevel.Fastest) : file;
    }

    /// <summary>Creates the file and writes its header and state. Failures throw <see cref="IOException"/>.</summary>
    public static CaptureWriter Create(string path, bool compress, SystemSnapshot state)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IOException(e.Message, e);
        }
        var writer = new CaptureWriter(path, file, compress);
        var blocks = new BlockWriter();
        StateBlockWriter.SectionHeader(blocks);
        writer.Append(blocks.Block);
        StateBlockWriter.Write(state, blocks, writer.Append);
        return writer;
    }

    public void Write(in RawEvent e)
    {
        int padded = (e.Length + 2 + 3) & ~3;
        int total = 8 + padded + 4;
        if (used + total > chunk.Length)
        {
            FlushChunk();
            if (total > chunk.Length)
            {
                WriteLarge(e, total);
                return;
            }
        }
        var span = chunk.AsSpan(used, total);
        BinaryPrimitives.WriteUInt32LittleEndian(span, e.LargeLengths ? BlockType.EventV2Large : BlockType.EventV2);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], (uint)total);
        BinaryPrimitives.WriteUInt16LittleEndian(span[8..], e.Cpu);
        e.Bytes.CopyTo(span[10..]);
        span.Slice(10 + e.Length, padded - 2 - e.Length).Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(span[(8 + padded)..], (uint)total);
        used += total;
        Offset += total;
        EventsWritten++;
    }

    /// <summary>An event bigger than the chunk (large-payload events): written through a block of its own.</summary>
    void WriteLarge(in RawEvent e, int total)
    {
        var b = new BlockWriter();
        b.Begin(e.LargeLengths ? BlockType.EventV2Large : BlockType.EventV2);
        b.U16(e.Cpu);
        b.Bytes(e.Bytes);
        b.End();
        Append(b.Block);
        EventsWritten++;
    }

    void Append(ReadOnlySpan<byte> block)
    {
        if (used + block.Length > chunk.Length) FlushChunk();
        if (block.Length > chunk.Length) stream.Write(block);
        else
        {
            block.CopyTo(chunk.AsSpan(used));
            used += block.Length;
        }
        Offset += block.Length;
    }

    void FlushChunk()
    {
        if (used == 0) return;
        stream.Write(chunk, 0, used);
        used = 0;
    }

    /// <summary>Pushes buffered events to the file (the file stays open).</summary>
    public void Flush()
    {
        FlushChunk();
        stream.Flush();
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        try
        {
            FlushChunk();
        }
        finally
        {
            stream.Dispose();
            file.Dispose();
        }
    }
}
