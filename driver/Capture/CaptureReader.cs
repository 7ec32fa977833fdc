using System.Buffers.Binary;
using System.IO.Compression;
using Sharpdig.Driver.Events;
using Sharpdig.Driver.Snapshot;

namespace Sharpdig.Driver.Capture;

/// <summary>
/// Reads a scap capture file (plain or gzip-compressed, told apart by magic) as a stream of blocks:
/// the state blocks at the start become the <see cref="Snapshot"/>, event blocks become events.
/// Memory stays flat: the state is read through one buffer, the events through the few buffers of the
/// read-ahead's batches; a buffer grows only for a block bigger than it, and only as far as real data does.
/// Each block is also told to <see cref="ReadProgress"/> the way libscap reads it, for sysdig's read progress.
/// </summary>
sealed class CaptureReader : IDisposable
{
    const int ChunkSize = 1 << 20;
    const int MaxSmallEventBlock = 1 << 16;   // non-large event blocks never exceed 64 KiB

    readonly Stream stream;
    readonly ReadProgress? progress;   // null when the file has no size (a pipe)
    readonly long length;
    readonly List<SkippedBytes> skips = [];
    byte[] buffer = GC.AllocateUninitializedArray<byte>(ChunkSize);   // read into before it is looked at
    int position, end;
    long bufferFileOffset;         // file offset of buffer[0] (decompressed offset for gzip files)
    bool eof;
    readonly int[] tableParams = EventTable.Events.Select(e => e.Params.Length).ToArray();   // per event type, for old blocks

    public string Name { get; }
    public SystemSnapshot Snapshot { get; } = new();
    /// <summary>sysdig's read progress after the last block read: its gzoffset(), and the file size.</summary>
    public (long Read, long Total) Progress => (ReadOffset, length);
    public long ReadOffset => progress?.Offset ?? 0;

    CaptureReader(string name, Stream stream, ReadProgress? progress, long length)
    {
        Name = name;
        this.stream = stream;
        this.progress = progress;
        this.length = length;
    }

    /// <summary>Opens a capture and reads its state blocks. Failures throw <see cref="CaptureFormatException"/>.</summary>
    public static CaptureReader Open(string path)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CaptureFormatException(path, 0, $"cannot open file: {e.Message}");
        }
        Span<byte> magic = stackalloc byte[2];
        int got = file.Read(magic);
        file.Position = 0;
        bool gzip = got == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        Stream stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
        long length = file.CanSeek ? file.Length : 0;
        var progress = file.CanSeek ? ReadProgress.For(path, gzip, length) : null;
        var source = new CaptureReader(path, stream, progress, length);
        try
        {
            source.ReadHeaderAndState();
        }
        catch
        {
            source.Dispose();
            throw;
        }
        return source;
    }

    public void Dispose()
    {
        stream.Dispose();
        progress?.Dispose();
    }

    long Offset => bufferFileOffset + position;

    CaptureFormatException Damage(string problem, long offset) => new(Name, offset, problem);

    /// <summary>Makes at least <paramref name="count"/> bytes available at <see cref="position"/>; false at a clean end.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    bool Fill(int count) => end - position >= count || Refill(count);

    bool Refill(int count)
    {
        if (position > 0)
        {
            Buffer.BlockCopy(buffer, position, buffer, 0, end - position);
            end -= position;
            bufferFileOffset += position;
            position = 0;
        }
        while (end < count && !eof)
        {
            if (end == buffer.Length) Grow();
            ReadOnce();
        }
        return end - position >= count;
    }

    /// <summary>Doubles the buffer, for a block bigger than it (only as far as the file has data: the caller reads into it).</summary>
    void Grow() => Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, Array.MaxLength));

    /// <summary>One read from the stream into the free end of the buffer.</summary>
    void ReadOnce()
    {
        int n;
        try
        {
            n = stream.Read(buffer, end, buffer.Length - end);
        }
        catch (InvalidDataException e)
        {
            throw Damage($"corrupted compressed data ({e.Message})", bufferFileOffset + end);
        }
        if (n == 0) eof = true;
        end += n;
    }

    /// <summary>Reads the next block header and whole block; returns false at a clean end of file.</summary>
    bool NextBlock(out uint type, out int blockStart, out int length)
    {
        type = 0; blockStart = 0; length = 0;
        if (!Fill(8))
        {
            if (end - position == 0) return false;
            throw Damage("truncated block header", Offset);
        }
        type = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(position));
        uint total = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(position + 4));
        CheckBlockLength(BlockType.Layout(type), total);
        if (!Fill((int)total))
            throw Damage($"truncated block (needs {total} bytes, file has {end - position})", Offset);
        blockStart = position;
        length = (int)total;
        return true;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    void CheckBlockLength(EventLayout layout, uint total)
    {
        if (total < 12 || total > int.MaxValue)
            throw Damage($"bad block length {total}", Offset);
        if (layout != EventLayout.None && (layout & EventLayout.Large) == 0 && total - 8 > MaxSmallEventBlock)
            throw Damage($"event block length {total} exceeds the 64 KiB limit", Offset);
    }

    void ReadHeaderAndState()
    {
        if (!NextBlock(out uint type, out int start, out int length) || type != BlockType.SectionHeader)
            throw Damage("not a capture file (no section header block)", 0);
        if (length < 8 + 16 + 4 || BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(start + 8)) != BlockType.SectionMagic)
            throw Damage("not a capture file (bad section header magic)", 8);
        if (BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(start + 12)) > 1)
            throw Damage("capture format version too new", 12);
        position += length;
        progress?.ReadFields(length);

        var threadsByTid = new Dictionary<long, ThreadRecord>();
        while (NextBlock(out type, out start, out length))
        {
            if (BlockType.IsEvent(type))
            {
                // libscap read only the header, and seeks back over it to read the events from there
                progress?.Read(8);
                progress?.Seek(-8);
                return;
            }
            var body = buffer.AsSpan(start + 8, length - 12);
            long bodyOffset = Offset + 8;
            if (BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(start + length - 4)) != (uint)length)
                throw Damage("block trailer does not match its length", Offset + length - 4);
            bool known;
            skips.Clear();
            try
            {
                known = ParseStateBlock(type, body, bodyOffset, threadsByTid);
            }
            catch (BlockDamage d)
            {
                throw Damage(d.Message, d.Offset);
            }
            position += length;
            if (progress != null) TellStateBlock(progress, type, length, known);
        }
    }

    /// <summary>How libscap reads a state block: the header, the body (by type), the trailer.</summary>
    void TellStateBlock(ReadProgress progress, uint type, int length, bool known)
    {
        progress.Read(8);
        int body = length - 12;
        if (!known)
            progress.Seek(body);
        else if (type is BlockType.InterfaceList or BlockType.InterfaceListInt or BlockType.InterfaceListV2)
            progress.Read(body);
        else
        {
            // field by field, seeking over what entries hold beyond the fields sysdig knows
            int at = 0;
            foreach (var skip in skips)
            {
                progress.ReadFields(skip.At - at);
                progress.Seek(skip.Length);
                at = skip.At + skip.Length;
            }
            progress.ReadFields(body - at);
        }
        progress.Read(4);
    }

    /// <summary>Adds a state block to the snapshot; false for block types sysdig skips unread.</summary>
    bool ParseStateBlock(uint type, ReadOnlySpan<byte> body, long offset, Dictionary<long, ThreadRecord> threadsByTid)
    {
        switch (type)
        {
            case BlockType.MachineInfo or BlockType.MachineInfoInt:
                Snapshot.Machine = StateBlocks.ParseMachineInfo(body, offset);
                break;
            case BlockType.FdList or BlockType.FdListInt or BlockType.FdListV2:
                StateBlocks.ParseFdList(body, offset, type == BlockType.FdListV2, threadsByTid, skips);
                break;
            case BlockType.InterfaceList or BlockType.InterfaceListInt or BlockType.InterfaceListV2:
                StateBlocks.ParseInterfaceList(body, offset, type == BlockType.InterfaceListV2, Snapshot.Interfaces);
                break;
            case BlockType.UserList or BlockType.UserListInt or BlockType.UserListV2:
                StateBlocks.ParseUserList(body, offset, type == BlockType.UserListV2, Snapshot, skips);
                break;
            default:
                int version = BlockType.ProcListVersion(type);
                if (version == 0) return false;   // unknown blocks are skipped, as sysdig does
                int first = Snapshot.Threads.Count;
                StateBlocks.ParseProcessList(body, offset, version, Snapshot.Threads, skips);
                for (int i = first; i < Snapshot.Threads.Count; i++)
                    threadsByTid[Snapshot.Threads[i].Tid] = Snapshot.Threads[i];
                break;
        }
        return true;
    }

    /// <summary>
    /// Reads on into <paramref name="batch"/>: its buffer becomes the reader's (the bytes not parsed yet move
    /// to its start), is filled from the file, and the complete event blocks in it are parsed where they lie.
    /// Returns false once the file is done; damage throws after the events before it are in the batch.
    /// </summary>
    public bool FillBatch(EventBatch batch)
    {
        batch.Clear();
        TakeOver(batch);
        while (true)
        {
            if (ParseBlocks(batch)) return true;
            // What is left is less than a block: read more, unless the batch can go up as it is.
            if (batch.Count > 0 && !eof) return true;
            if (end == buffer.Length)
            {
                Grow();
                batch.Data = buffer;
            }
            if (!eof) ReadMore();
            else if (end == position)
            {
                progress?.Read(8);   // the header read that meets the end
                return false;
            }
            else if (end - position < 8)
                throw Damage("truncated block header", Offset);
            else
                throw Damage($"truncated block (needs {BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(position + 4))} bytes, file has {end - position})", Offset);
        }
    }

    /// <summary>Moves the unparsed bytes to the start of the batch's buffer, which the reader uses from now on.</summary>
    void TakeOver(EventBatch batch)
    {
        int rest = end - position;
        if (batch.Data.Length < rest || (batch.Data.Length > EventBatch.DataSize && rest <= EventBatch.DataSize))
            batch.Data = new byte[Math.Max(rest, EventBatch.DataSize)];
        buffer.AsSpan(position, rest).CopyTo(batch.Data);
        buffer = batch.Data;
        bufferFileOffset += position;
        position = 0;
        end = rest;
    }

    /// <summary>Fills the rest of the buffer (the whole of it but at the end of the file).</summary>
    void ReadMore()
    {
        while (end < buffer.Length && !eof) ReadOnce();
    }

    /// <summary>Parses the complete blocks at <see cref="position"/> into the batch; true when the batch filled up.</summary>
    bool ParseBlocks(EventBatch batch)
    {
        var data = buffer;
        var slots = batch.Slots;
        int count = batch.Count;
        // batch.Count is kept up to date (not set in a finally, which costs every block): damage throws,
        // and the events before it stay in the batch.
        while (count < slots.Length)
        {
            int at = position;
            if (end - at < 8) return false;
            var head = data.AsSpan(at, 8);
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(head);
            uint total = BinaryPrimitives.ReadUInt32LittleEndian(head[4..]);
            var layout = BlockType.Layout(type);
            CheckBlockLength(layout, total);
            if (total > (uint)(end - at)) return false;
            int length = (int)total;
            position = at + length;
            if (layout == EventLayout.None)
            {
                progress?.ReadFields(length);
                continue;   // state blocks of a later section: skipped
            }
            progress?.EventBlock(length);
            ref var slot = ref slots[count];
            if (DecodeEventBlock(layout, at, length, ref slot.Place))
            {
                slot.ReadOffset = ReadOffset;
                batch.Count = ++count;
            }
        }
        return true;
    }

    /// <summary>Finds the event in the block at <paramref name="start"/>; false for event types newer than the table (skipped, as sysdig does).</summary>
    bool DecodeEventBlock(EventLayout layout, int start, int length, ref EventPlace slot)
    {
        long blockOffset = bufferFileOffset + start;
        bool hasFlags = (layout & EventLayout.Flags) != 0, hasNparams = (layout & EventLayout.Nparams) != 0;
        int prefix = 8 + 2 + (hasFlags ? 4 : 0);
        int headerSize = hasNparams ? RawEvent.HeaderSize : RawEvent.HeaderSize - 4;
        int available = length - prefix - 4;   // without block header, cpu, flags, trailer
        if (available < headerSize)
            throw Damage($"event block length {length} too short", blockOffset);
        var block = buffer.AsSpan(start, length);
        uint evtLen = BinaryPrimitives.ReadUInt32LittleEndian(block[(prefix + 16)..]);
        ushort evtType = BinaryPrimitives.ReadUInt16LittleEndian(block[(prefix + 20)..]);
        if (evtLen < headerSize || evtLen > available)
            throw Damage($"event length {evtLen} does not fit its block", blockOffset + prefix + 16);
        if (evtType >= tableParams.Length)
            return false;
        slot.Cpu = BinaryPrimitives.ReadUInt16LittleEndian(block[8..]);
        slot.DumpFlags = hasFlags ? BinaryPrimitives.ReadUInt32LittleEndian(block[10..]) : 0;
        slot.SourceOffset = blockOffset;
        var e = block.Slice(prefix, (int)evtLen);
        if (hasNparams)
        {
            bool large = (layout & EventLayout.Large) != 0;
            if (RawEvent.LengthProblem(e, large, out int at) is { } problem)
                throw Damage(problem, blockOffset + prefix + at);
            slot.Offset = start + prefix;
            slot.Length = (int)evtLen;
            slot.LargeLengths = large;
            return true;
        }
        int nparams = InferNparams(e, tableParams[evtType], blockOffset);
        // Old events lack the 4-byte nparams: the 22 header bytes move back over the cpu (and flags,
        // already read) to make room for it, so the event takes the common layout without a copy.
        // All of the header is read before any of it is written: the two places overlap.
        int moved = start + prefix - 4;
        ulong ts = BinaryPrimitives.ReadUInt64LittleEndian(e), tid = BinaryPrimitives.ReadUInt64LittleEndian(e[8..]);
        var header = buffer.AsSpan(moved, RawEvent.HeaderSize);
        BinaryPrimitives.WriteUInt64LittleEndian(header, ts);
        BinaryPrimitives.WriteUInt64LittleEndian(header[8..], tid);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], evtLen + 4);
        BinaryPrimitives.WriteUInt16LittleEndian(header[20..], evtType);
        BinaryPrimitives.WriteUInt32LittleEndian(header[22..], (uint)nparams);
        slot.Offset = moved;
        slot.Length = (int)evtLen + 4;
        slot.LargeLengths = false;
        return true;
    }

    /// <summary>
    /// Old event blocks lack nparams in the header: it is the count (up to the table's) whose lengths add
    /// up exactly to the event length. Each more parameter adds at least its 2-byte length, so the sum
    /// grows strictly and one pass upwards finds the only candidate.
    /// </summary>
    int InferNparams(ReadOnlySpan<byte> e, int max, long offset)
    {
        const int oldHeader = RawEvent.HeaderSize - 4;
        long total = oldHeader;
        for (int n = 0; ; n++)
        {
            if (total == e.Length) return n;
            int lengthAt = oldHeader + 2 * n;
            if (n == max || total > e.Length || lengthAt + 2 > e.Length) break;
            total += 2 + BinaryPrimitives.ReadUInt16LittleEndian(e[lengthAt..]);
        }
        throw Damage("event parameter lengths do not add up to the event length", offset);
    }
}
