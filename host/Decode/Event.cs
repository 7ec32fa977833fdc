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
    RawEvent raw;
    int paramCount = -1;                 // -1 until the parameter table is built
    int[] paramStart = new int[32];
    int[] paramLength = new int[32];

    /// <summary>Event number (evt.num): events counted from 1 in the order read.</summary>
    public ulong Number { get; internal set; }
    public EventInfo Info { get; private set; } = EventTable.Events[0];
    /// <summary>The thread the event belongs to, once state has seen it (null when unknown).</summary>
    public ThreadInfo? Thread { get; internal set; }
    /// <summary>The fd the event operates on, when it has one and state knows it.</summary>
    public FdInfo? Fd { get; internal set; }
    /// <summary>The number of that fd (-1 when none).</summary>
    public long FdNumber { get; internal set; } = -1;
    /// <summary>The event changed the name of its fd (a UDP tuple that moved, for instance): fd.name_changed.</summary>
    public bool FdNameChanged { get; internal set; }
    /// <summary>Errno of a failed syscall exit (positive), else 0.</summary>
    public int ErrorCode { get; internal set; }
    /// <summary>The source the event came from (error messages).</summary>
    public string SourceName { get; internal set; } = "";
    /// <summary>The engine this event belongs to: its state tables and output settings.</summary>
    public Engine.Inspector Inspector { get; internal set; } = null!;
    /// <summary>The filter rejected the event (it still went through state).</summary>
    public bool FilteredOut { get; internal set; }

    internal void Load(in RawEvent e, ulong number)
    {
        raw = e;
        Number = number;
        Info = EventTable.Events[Type];
        paramCount = -1;
        Thread = null;
        Fd = null;
        FdNumber = -1;
        FdNameChanged = false;
        ErrorCode = 0;
        FilteredOut = false;
    }

    ReadOnlySpan<byte> Bytes => raw.Buffer.AsSpan(raw.Offset, raw.Length);
    public ReadOnlySpan<byte> RawBytes => Bytes;
    public RawEvent Raw => raw;

    public ulong Timestamp => BinaryPrimitives.ReadUInt64LittleEndian(Bytes);
    public long Tid => BinaryPrimitives.ReadInt64LittleEndian(Bytes[8..]);
    public int Length => raw.Length;
    public ushort Type => BinaryPrimitives.ReadUInt16LittleEndian(Bytes[20..]);
    public ushort Cpu => raw.Cpu;
    public bool IsEnter => (Type & 1) == 0;
    public EventCategory Category => Info.Category;

    /// <summary>evt.type: the event name, or for generic events the syscall's name.</summary>
    public string TypeName => Type is 0 or 1 ? SyscallName : Info.Name;
    public ReadOnlySpan<byte> TypeNameUtf8 => Type is 0 or 1 ? System.Text.Encoding.UTF8.GetBytes(SyscallName) : Info.NameUtf8;

    string SyscallName
    {
        get
        {
            int id = (int)ParamUInt64(0);
            return id < EventTable.Syscalls.Length ? EventTable.Syscalls[id].Name : "<unknown>";
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
        int width = raw.LargeLengths ? 4 : 2;
        int data = RawEvent.HeaderSize + n * width;
        for (int i = 0; i < n; i++)
        {
            int at = RawEvent.HeaderSize + i * width;
            int len = raw.LargeLengths ? (int)BinaryPrimitives.ReadUInt32LittleEndian(b[at..]) : BinaryPrimitives.ReadUInt16LittleEndian(b[at..]);
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
        if (paramCount < 0) LocateParams();
        return (uint)i < (uint)paramCount ? raw.Buffer.AsSpan(raw.Offset + paramStart[i], paramLength[i]) : default;
    }

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
