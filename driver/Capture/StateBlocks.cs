using System.Text;
using Sharpdig.Driver.Snapshot;

namespace Sharpdig.Driver.Capture;

/// <summary>
/// Parses the state blocks a capture starts with into a <see cref="SystemSnapshot"/>. Entries that carry
/// their length may hold more than sysdig 0.29.3 reads: libscap seeks over the rest, and where it does
/// (body offset and length) goes to <c>skips</c>, as it moves sysdig's read progress.
/// </summary>
static class StateBlocks
{
    const int MaxPath = 1024, MaxArgs = 4096, MaxEnv = 4096, MaxCgroups = 4096, MaxCredential = 256;

    public static MachineInfo ParseMachineInfo(ReadOnlySpan<byte> body, long offset)
    {
        var r = new SpanReader(body, offset, "machine info");
        uint cpus = r.U32();
        ulong memory = r.U64(), maxPid = r.U64();
        var host = r.Take(Math.Min(128, r.Remaining));
        int nul = host.IndexOf((byte)0);
        return new MachineInfo(cpus, memory, maxPid, Encoding.UTF8.GetString(nul >= 0 ? host[..nul] : host));
    }

    public static void ParseProcessList(ReadOnlySpan<byte> body, long offset, int version, List<ThreadRecord> threads, List<SkippedBytes> skips)
    {
        var r = new SpanReader(body, offset, "process list");
        while (r.Remaining >= 4)
        {
            int start = r.Position;
            uint entryLength = version >= 9 ? r.U32() : 0;
            var t = new ThreadRecord { Tid = r.I64(), Pid = r.I64(), Ptid = r.I64() };
            if (version >= 6) t.Sid = r.I64();
            if (version >= 8) t.Vpgid = r.I64();
            t.Comm = r.String16(MaxPath);
            t.Exe = r.String16(MaxPath);
            if (version >= 7) t.ExePath = r.String16(MaxPath);
            t.Args = r.Bytes16(MaxArgs).ToArray();
            t.Cwd = r.String16(MaxPath);
            t.FdLimit = r.U64();
            t.Flags = r.U32();
            t.Uid = r.U32();
            t.Gid = r.U32();
            if (version >= 2)
            {
                t.VmSizeKb = r.U32(); t.VmRssKb = r.U32(); t.VmSwapKb = r.U32();
                t.PfMajor = r.U64(); t.PfMinor = r.U64();
                if (version >= 3) t.Env = r.Bytes16(MaxEnv).ToArray();
                if (version >= 4)
                {
                    t.Vtid = r.I64(); t.Vpid = r.I64();
                    t.Cgroups = r.Bytes16(MaxCgroups).ToArray();
                    if (version >= 5) t.Root = r.String16(MaxPath);
                }
            }
            if (entryLength > 0)
                ReadAppendedThreadFields(ref r, t, start, (int)entryLength, skips);
            threads.Add(t);
        }
    }

    /// <summary>
    /// Fields v9 entries gained over time, read as sysdig 0.29.3 does: loginuid and exe_writable right
    /// after the root, when the entry's length leaves room. (Later writers put other fields first;
    /// 0.29.3 then reads their bytes as these, and so do we.)
    /// </summary>
    static void ReadAppendedThreadFields(ref SpanReader r, ThreadRecord t, int start, int entryLength, List<SkippedBytes> skips)
    {
        int end = start + entryLength;
        if (end > r.Position + r.Remaining || end < r.Position)
            throw new BlockDamage($"process entry length {entryLength} does not fit its block", r.FileOffset);
        if (r.Position + 4 <= end) t.LoginUid = r.U32();
        if (r.Position + 1 <= end) t.ExeWritable = r.U8() != 0;
        SkipTo(ref r, end, skips);
    }

    public static void ParseFdList(ReadOnlySpan<byte> body, long offset, bool v2, Dictionary<long, ThreadRecord> threads, List<SkippedBytes> skips)
    {
        var r = new SpanReader(body, offset, "fd list");
        long tid = r.I64();
        threads.TryGetValue(tid, out var owner);
        while (r.Remaining >= 4)
        {
            int start = r.Position;
            uint entryLength = v2 ? r.U32() : 0;
            var fd = new FdRecord { Fd = r.I64(), Ino = r.U64(), Kind = (FdKind)r.U8() };
            switch (fd.Kind)
            {
                case FdKind.Ipv4Sock:
                    fd.SourceIp = r.Take(4).ToArray(); fd.DestIp = r.Take(4).ToArray();
                    fd.SourcePort = r.U16(); fd.DestPort = r.U16(); fd.L4Proto = r.U8();
                    break;
                case FdKind.Ipv4ServSock:
                    fd.SourceIp = r.Take(4).ToArray(); fd.SourcePort = r.U16(); fd.L4Proto = r.U8();
                    break;
                case FdKind.Ipv6Sock:
                    fd.SourceIp = r.Take(16).ToArray(); fd.DestIp = r.Take(16).ToArray();
                    fd.SourcePort = r.U16(); fd.DestPort = r.U16(); fd.L4Proto = r.U8();
                    break;
                case FdKind.Ipv6ServSock:
                    fd.SourceIp = r.Take(16).ToArray(); fd.SourcePort = r.U16(); fd.L4Proto = r.U8();
                    break;
                case FdKind.UnixSock:
                    fd.UnixSource = r.U64(); fd.UnixDest = r.U64();
                    fd.Name = r.String16(MaxPath - 1);
                    break;
                case FdKind.FileV2:
                    fd.OpenFlags = r.U32();
                    fd.Name = r.String16(MaxPath - 1);
                    if (entryLength != 0 && r.Position - start + 4 <= entryLength) fd.Dev = r.U32();
                    break;
                case FdKind.Unknown:
                    break;
                case <= FdKind.PidFd:
                    fd.Name = r.String16(MaxPath - 1);
                    break;
                default:
                    fd.Name = $"unknown-type:[{(int)fd.Kind}]";
                    fd.Kind = FdKind.Unsupported;
                    break;
            }
            if (entryLength != 0)
            {
                int consumed = r.Position - start;
                if (consumed > entryLength)
                    throw new BlockDamage($"fd entry longer than its length {entryLength}", r.FileOffset);
                SkipTo(ref r, start + (int)entryLength, skips);
            }
            owner?.Fds.Add(fd);
        }
    }

    public static void ParseInterfaceList(ReadOnlySpan<byte> body, long offset, bool v2, List<InterfaceRecord> interfaces)
    {
        var r = new SpanReader(body, offset, "interface list");
        interfaces.Clear();
        while (r.Remaining >= 4)
        {
            uint entryLength = v2 ? r.U32() : 0;   // counts the entry after this field
            int entryStart = r.Position;
            ushort type = r.U16();
            ushort nameLength = r.U16();
            if (nameLength >= MaxPath)
                throw new BlockDamage("interface name too long", r.FileOffset);
            bool ipv6 = type is 2 or 4;
            bool hasSpeed = type is 1 or 2;
            if (type is < 1 or > 4)
                throw new BlockDamage($"unknown interface type {type}", r.FileOffset);
            int addressSize = ipv6 ? 16 : 4;
            var address = r.Take(addressSize).ToArray();
            var netmask = r.Take(addressSize).ToArray();
            var broadcast = r.Take(addressSize).ToArray();
            ulong speed = hasSpeed ? r.U64() : 0;
            var name = r.Take(nameLength);
            int nul = name.IndexOf((byte)0);
            interfaces.Add(new InterfaceRecord(type, Encoding.UTF8.GetString(nul >= 0 ? name[..nul] : name), address, netmask, broadcast, speed));
            if (entryLength != 0)
            {
                int consumed = r.Position - entryStart;
                if (consumed > entryLength)
                    throw new BlockDamage("interface entry longer than its length", r.FileOffset);
                r.Take((int)entryLength - consumed);
            }
        }
    }

    public static void ParseUserList(ReadOnlySpan<byte> body, long offset, bool v2, SystemSnapshot snapshot, List<SkippedBytes> skips)
    {
        var r = new SpanReader(body, offset, "user list");
        snapshot.Users.Clear();
        snapshot.Groups.Clear();
        snapshot.HasUserList = true;
        while (r.Remaining >= 4)
        {
            int start = r.Position;
            uint entryLength = v2 ? r.U32() : 0;
            byte type = r.U8();
            if (type == 0)
            {
                uint uid = r.U32(), gid = r.U32();
                string name = r.String16(MaxCredential - 1), home = r.String16(MaxCredential - 1), shell = r.String16(MaxCredential - 1);
                snapshot.Users.Add(new UserRecord(uid, gid, name, home, shell));
            }
            else
            {
                uint gid = r.U32();
                snapshot.Groups.Add(new GroupRecord(gid, r.String16(MaxCredential - 1)));
            }
            if (entryLength != 0)
            {
                int consumed = r.Position - start;
                if (consumed > entryLength)
                    throw new BlockDamage("user entry longer than its length", r.FileOffset);
                SkipTo(ref r, start + (int)entryLength, skips);
            }
        }
    }

    /// <summary>Moves to the end of an entry, noting the bytes sysdig seeks over (when there are any).</summary>
    static void SkipTo(ref SpanReader r, int end, List<SkippedBytes> skips)
    {
        if (end > r.Position) skips.Add(new SkippedBytes(r.Position, end - r.Position));
        r.Take(end - r.Position);
    }
}

/// <summary>Bytes of a state block's body that sysdig seeks over: where they start, and how many.</summary>
readonly record struct SkippedBytes(int At, int Length);
