using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Sharpdig.Driver;
using Sharpdig.Driver.Events;
using Sharpdig.State;

namespace Sharpdig.Decode;

/// <summary>
/// A reusable view over the current event's bytes. Parameters are located lazily, on first access,
/// and read straight from the source buffer: nothing is allocated per event.
/// </summary>
public sealed class Event
{
    // The current event's buffer and place, kept apart rather than as one RawEvent: the buffer
    // reference changes only once per batch, and copying it per event would pay a GC write barrier.
    byte[] buffer = [];
    EventPlace place;
    // The header, read once per event: every stage asks for these.
    ulong timestamp;
    long tid;
    ushort type;
    int paramCount = -1;                 // -1 until the parameter table is built
    int[] paramStart = new int[32];
    int[] paramLength = new int[32];

    /// <summary>Event number (evt.num): events counted from 1 in the order read.</summary>
    public ulong Number { get; internal set; }
    /// <summary>The event type's entry in the event table.</summary>
    public EventInfo Info => infos[type];
    // The table, held here: reading it through EventTable would check its class is initialized on every use.
    readonly EventInfo[] infos = EventTable.Events;
    ThreadInfo? thread;

    /// <summary>
    /// The thread state paired the event with while parsing it (sinsp's m_tinfo; null for events state
    /// doesn't pair, such as switches of unknown threads). Some sysdig fields read this rather than <see cref="Thread"/>.
    /// </summary>
    public ThreadInfo? StateThread
    {
        get => thread;
        // Consecutive events are often the same thread's: storing an unchanged reference would still cost a GC write barrier.
        internal set { if (!ReferenceEquals(thread, value)) thread = value; }
    }

    /// <summary>The thread the event belongs to: the one state paired it with, else the table's thread for its tid (null when unknown).</summary>
    public ThreadInfo? Thread => thread ?? Inspector?.Threads.Find(Tid);
    /// <summary>The fd the event operates on, when it has one and state knows it.</summary>
    public FdInfo? Fd { get; internal set; }
    /// <summary>The protocol of the event's fd (sysdig's m_fdinfo->get_l4proto()), unknown without one: what -R names ports after.</summary>
    public L4Proto FdL4 => Fd?.L4 ?? L4Proto.Unknown;
    /// <summary>The number of the fd the event uses: the thread's last event fd (-1 when none).</summary>
    public long FdNumber => Thread?.LastEventFd ?? -1;
    /// <summary>Parsing the event renamed its fd (fd.name_changed).</summary>
    public bool FdNameChanged { get; internal set; }
    /// <summary>Errno of a failed syscall exit (positive), else 0.</summary>
    public int ErrorCode { get; internal set; }
    /// <summary>The source the event came from (error messages).</summary>
    public string SourceName { get; internal set; } = "";
    /// <summary>The engine this event belongs to: its state tables and output settings.</summary>
    public Engine.Inspector Inspector { get; internal set; } = null!;
    /// <summary>The filter rejected the event (it still went through state).</summary>
    public bool FilteredOut { get; internal set; }

    internal void Load(in RawEvent e, ulong number) => Load(e.Buffer, e.Place, number);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]   // once per event, from the engine's loop
    internal void Load(byte[] source, in EventPlace e, ulong number)
    {
        if (!ReferenceEquals(buffer, source)) buffer = source;
        place = e;
        var header = source.AsSpan(e.Offset, RawEvent.HeaderSize);
        timestamp = BinaryPrimitives.ReadUInt64LittleEndian(header);
        tid = BinaryPrimitives.ReadInt64LittleEndian(header[8..]);
        type = BinaryPrimitives.ReadUInt16LittleEndian(header[20..]);
        Number = number;
        paramCount = -1;
        // The state thread is left for state's Reset, which every event goes through and which always sets it.
        Fd = null;
        FdNameChanged = false;
        ErrorCode = 0;
        FilteredOut = false;
    }

    ReadOnlySpan<byte> Bytes => buffer.AsSpan(place.Offset, place.Length);
    public ReadOnlySpan<byte> RawBytes => Bytes;
    public RawEvent Raw => new(buffer, place);

    public ulong Timestamp => timestamp;
    public long Tid => tid;
    public int Length => place.Length;
    /// <summary>The capture's flags for the event (<see cref="RawEvent.DumpFlags"/>).</summary>
    public uint DumpFlags => place.DumpFlags;
    public ushort Type => type;
    public ushort Cpu => place.Cpu;
    public bool IsEnter => (Type & 1) == 0;
    public EventCategory Category => Info.Category;

    /// <summary>evt.type: the event name, or for generic events the syscall's name.</summary>
    public string TypeName => Type is 0 or 1 ? SyscallName : Info.Name;
    public ReadOnlySpan<byte> TypeNameUtf8 => Type is 0 or 1 ? (Syscall?.NameUtf8 ?? "<unknown>"u8) : Info.NameUtf8;

    string SyscallName => Syscall?.Name ?? "<unknown>";

    /// <summary>For generic events: the syscall they stand for.</summary>
    public SyscallInfo? Syscall
    {
        get
        {
            int id = (int)ParamUInt64(0);
            return id < EventTable.Syscalls.Length ? EventTable.Syscalls[id] : null;
        }
    }

    /// <summary>Number of parameters the event carries (may differ from the table's for other driver versions).</summary>
    public int ParamCount
    {
        get
        {
            if (paramCount < 0) LocateParams();
            return paramCount;
        }
    }

    void LocateParams()
    {
        var b = Bytes;
        int n = (int)BinaryPrimitives.ReadUInt32LittleEndian(b[22..]);
        if (n > paramStart.Length)
        {
            paramStart = new int[n];
            paramLength = new int[n];
        }
        bool large = place.LargeLengths;
        int width = large ? 4 : 2;
        int data = RawEvent.HeaderSize + n * width;
        for (int i = 0; i < n; i++)
        {
            int len = LengthOf(b, i, large);
            paramStart[i] = data;
            paramLength[i] = len;
            data += len;
        }
        paramCount = n;
    }

    /// <summary>The raw bytes of parameter <paramref name="i"/>; empty when the event lacks it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Param(int i)
    {
        if (paramCount < 0)
        {
            if (i == 0) return FirstParam();
            LocateParams();
        }
        return (uint)i < (uint)paramCount ? buffer.AsSpan(place.Offset + paramStart[i], paramLength[i]) : default;
    }

    /// <summary>
    /// Parameter 0 without building the table: most events are asked only for it (the fd of an enter, the
    /// result of an exit), and it starts right after the lengths.
    /// </summary>
    ReadOnlySpan<byte> FirstParam()
    {
        var b = Bytes;
        int n = (int)BinaryPrimitives.ReadUInt32LittleEndian(b[22..]);
        if (n == 0) return default;
        bool large = place.LargeLengths;
        return b.Slice(RawEvent.HeaderSize + n * (large ? 4 : 2), LengthOf(b, 0, large));
    }

    /// <summary>The length of parameter <paramref name="i"/>, from the lengths after the header.</summary>
    static int LengthOf(ReadOnlySpan<byte> b, int i, bool large) => large
        ? (int)BinaryPrimitives.ReadUInt32LittleEndian(b[(RawEvent.HeaderSize + 4 * i)..])
        : BinaryPrimitives.ReadUInt16LittleEndian(b[(RawEvent.HeaderSize + 2 * i)..]);

    public bool HasParam(int i) => i < ParamCount;

    /// <summary>Index of the parameter called <paramref name="name"/> in this event's type, or -1.</summary>
    public int ParamIndex(string name) => Info.ParamIndex(name);

    public long ParamInt64(int i)
    {
        var p = Param(i);
        return p.Length switch
        {
            >= 8 => BinaryPrimitives.ReadInt64LittleEndian(p),
            >= 4 => BinaryPrimitives.ReadInt32LittleEndian(p),
            >= 2 => BinaryPrimitives.ReadInt16LittleEndian(p),
            1 => (sbyte)p[0],
            _ => 0,
        };
    }

    public ulong ParamUInt64(int i)
    {
        var p = Param(i);
        return p.Length switch
        {
            >= 8 => BinaryPrimitives.ReadUInt64LittleEndian(p),
            >= 4 => BinaryPrimitives.ReadUInt32LittleEndian(p),
            >= 2 => BinaryPrimitives.ReadUInt16LittleEndian(p),
            1 => p[0],
            _ => 0,
        };
    }

    public uint ParamUInt32(int i) => (uint)ParamUInt64(i);

    /// <summary>A string parameter without its trailing NUL (and anything after a NUL).</summary>
    public ReadOnlySpan<byte> ParamString(int i)
    {
        var p = Param(i);
        int nul = p.IndexOf((byte)0);
        return nul >= 0 ? p[..nul] : p;
    }
}
