using System.Buffers.Binary;

namespace Sharpdig.Driver.Live;

/// <summary>
/// The kernel side writes flag parameters in Linux's encoding; sysdig's events carry its own
/// (PPM_*) encoding. This rewrites them in place as events arrive, so live events are exactly
/// what a capture file holds. Only a few event types have such parameters; the rest pass untouched.
/// </summary>
static class LiveTranslation
{
    enum Kind : byte { OpenFlags, OpenMode, CloneFlags, MmapFlags, PollList, ExecveatFlags, ResolveFlags }

    /// <summary>Per event type: (parameter, translation, parameter it depends on). Modes come before their flags.</summary>
    static readonly (int Param, Kind Kind, int Other)[]?[] ByType = Build();

    static (int, Kind, int)[]?[] Build()
    {
        var t = new (int, Kind, int)[]?[LiveTables.MaxEventTypes];
        (int, Kind, int)[] Open(int flags) => [(flags + 1, Kind.OpenMode, flags), (flags, Kind.OpenFlags, 0)];
        t[2] = Open(1); t[3] = Open(2); t[306] = Open(2); t[307] = Open(3);
        t[326] = [.. Open(2), (4, Kind.ResolveFlags, 0)];
        t[327] = [.. Open(3), (5, Kind.ResolveFlags, 0)];
        t[223] = t[225] = t[227] = t[335] = [(15, Kind.CloneFlags, 0)];
        t[240] = [(1, Kind.CloneFlags, 0)];
        t[284] = [(0, Kind.CloneFlags, 0)];
        t[160] = [(3, Kind.MmapFlags, 0)];
        t[80] = t[254] = [(0, Kind.PollList, 0)];
        t[81] = t[255] = [(1, Kind.PollList, 0)];
        t[330] = [(2, Kind.ExecveatFlags, 0)];
        t[321] = [(1, Kind.OpenFlags, 0)];
        return t;
    }

    /// <summary>Rewrites the flag parameters of one event (the 26-byte header, u16 lengths, data) in place.</summary>
    public static void Apply(Span<byte> e)
    {
        ushort type = BinaryPrimitives.ReadUInt16LittleEndian(e[20..]);
        if (type >= ByType.Length || ByType[type] is not { } list) return;
        int nparams = (int)BinaryPrimitives.ReadUInt32LittleEndian(e[22..]);
        Span<int> start = stackalloc int[LiveTables.MaxParams];
        Span<int> length = stackalloc int[LiveTables.MaxParams];
        int at = RawEvent.HeaderSize + 2 * nparams;
        for (int i = 0; i < nparams && i < LiveTables.MaxParams; i++)
        {
            start[i] = at;
            length[i] = BinaryPrimitives.ReadUInt16LittleEndian(e[(RawEvent.HeaderSize + 2 * i)..]);
            at += length[i];
        }
        if (at > e.Length) return;
        foreach (var (param, kind, other) in list)
        {
            if (param >= nparams) continue;
            var p = e.Slice(start[param], length[param]);
            switch (kind)
            {
                case Kind.OpenMode when p.Length == 4 && other < nparams && length[other] == 4:
                    uint rawFlags = BinaryPrimitives.ReadUInt32LittleEndian(e[start[other]..]);
                    // sysdig keeps the mode only when the flags may create a file (its O_TMPFILE test includes O_DIRECTORY)
                    if ((rawFlags & (0x40 | 0x410000)) == 0) BinaryPrimitives.WriteUInt32LittleEndian(p, 0);
                    break;
                case Kind.OpenFlags when p.Length == 4:
                    BinaryPrimitives.WriteUInt32LittleEndian(p, OpenFlags(BinaryPrimitives.ReadUInt32LittleEndian(p)));
                    break;
                case Kind.CloneFlags when p.Length == 4:
                    BinaryPrimitives.WriteUInt32LittleEndian(p, CloneFlags(BinaryPrimitives.ReadUInt32LittleEndian(p)));
                    break;
                case Kind.MmapFlags when p.Length == 4:
                    BinaryPrimitives.WriteUInt32LittleEndian(p, Map(BinaryPrimitives.ReadUInt32LittleEndian(p), MmapBits));
                    break;
                case Kind.ExecveatFlags when p.Length == 4:
                    BinaryPrimitives.WriteUInt32LittleEndian(p, Map(BinaryPrimitives.ReadUInt32LittleEndian(p), ExecveatBits));
                    break;
                case Kind.ResolveFlags when p.Length == 4:
                    BinaryPrimitives.WriteUInt32LittleEndian(p, Map(BinaryPrimitives.ReadUInt32LittleEndian(p), ResolveBits));
                    break;
                case Kind.PollList when p.Length >= 2:
                    int count = BinaryPrimitives.ReadUInt16LittleEndian(p);
                    for (int k = 0; k < count && 2 + k * 10 + 10 <= p.Length; k++)
                    {
                        var flags = p.Slice(2 + k * 10 + 8, 2);
                        BinaryPrimitives.WriteUInt16LittleEndian(flags, (ushort)Map(BinaryPrimitives.ReadUInt16LittleEndian(flags), PollBits));
                    }
                    break;
            }
        }
    }

    static uint Map(uint value, (uint Linux, uint Ppm)[] bits)
    {
        uint result = 0;
        foreach (var (linux, ppm) in bits)
            if ((value & linux) != 0) result |= ppm;
        return result;
    }

    // Linux O_* (x86-64) to PPM_O_*. The access mode is a two-bit number, not flags.
    static readonly (uint, uint)[] OpenBits =
    [
        (0x40, 1u << 2), (0x400, 1u << 3), (0x101000, 1u << 7) /* O_SYNC, tested as sysdig does */, (0x1000, 1u << 4),
        (0x80, 1u << 5), (0x800, 1u << 6), (0x200, 1u << 8), (0x4000, 1u << 9), (0x10000, 1u << 10),
        (0x8000, 1u << 11), (0x80000, 1u << 12), (0x410000, 1u << 13),
    ];

    internal static uint OpenFlags(uint flags)
    {
        uint access = (flags & 3) switch { 0 => 1u, 1 => 2u, _ => 3u };
        return access | Map(flags, OpenBits);
    }

    static readonly (uint, uint)[] CloneBits =
    [
        (0x400, 1), (0x200, 2), (0x80000000, 4), (0x8000000, 8), (0x40000000, 16), (0x20000, 32), (0x20000000, 64),
        (0x4000000, 128), (0x8000, 256), (0x100000, 512), (0x2000, 1024), (0x800, 2048), (0x40000, 4096),
        (0x10000, 8192), (0x800000, 16384), (0x100, 32768), (0x10000000, 1u << 20), (0x200000, 1u << 23),
        (0x1000000, 1u << 24), (0x80000, 1u << 25), (0x4000, 1u << 27), (0x2000000, 1u << 28),
    ];

    static uint CloneFlags(uint flags) => Map(flags, CloneBits);

    static readonly (uint, uint)[] MmapBits =
    [
        (0x1, 1), (0x2, 2), (0x10, 4), (0x20, 8), (0x40, 16), (0x4000, 64), (0x8000, 128), (0x10000, 256),
        (0x100, 512), (0x800, 1024), (0x1000, 2048), (0x2000, 16384),
    ];

    static readonly (uint, uint)[] ExecveatBits = [(0x1000, 1), (0x100, 2)];

    static readonly (uint, uint)[] ResolveBits = [(0x08, 1), (0x10, 2), (0x02, 4), (0x04, 8), (0x01, 16), (0x20, 32)];

    static readonly (uint, uint)[] PollBits =
    [
        (0x1, 1), (0x2, 2), (0x4, 4), (0x2000, 8), (0x8, 16), (0x10, 32), (0x20, 64), (0x40, 128), (0x80, 256),
        (0x100, 512), (0x200, 1024),
    ];
}
