namespace Sharpdig.Driver.Snapshot;

/// <summary>The state a capture starts from: what the machine-info, process, fd, user and interface blocks say.</summary>
public sealed class SystemSnapshot
{
    public MachineInfo? Machine { get; set; }
    /// <summary>Threads in the order the capture lists them (later entries for a tid replace earlier ones).</summary>
    public List<ThreadRecord> Threads { get; } = new();
    public List<UserRecord> Users { get; } = new();
    public List<GroupRecord> Groups { get; } = new();
    public List<InterfaceRecord> Interfaces { get; } = new();
    /// <summary>Whether the capture had a user-list block at all (captures from plugins have none).</summary>
    public bool HasUserList { get; set; }
}

public sealed record MachineInfo(uint NumCpus, ulong MemorySizeBytes, ulong MaxPid, string Hostname);

public sealed record UserRecord(uint Uid, uint Gid, string Name, string HomeDir, string Shell);

public sealed record GroupRecord(uint Gid, string Name);

/// <summary>An interface address; v6 addresses keep their 16 bytes, v4 ones their 4 (network order).</summary>
public sealed record InterfaceRecord(ushort Type, string Name, byte[] Address, byte[] Netmask, byte[] Broadcast, ulong LinkSpeed)
{
    public bool IsIpv6 => Address.Length == 16;
}

/// <summary>A thread as a process-list block describes it. Raw buffers (args, env, cgroups) keep their NUL separators.</summary>
public sealed class ThreadRecord
{
    public long Tid, Pid, Ptid, Sid = -1, Vpgid = -1, Vtid = -1, Vpid = -1;
    public string Comm = "", Exe = "", ExePath = "", Cwd = "", Root = "";
    public byte[] Args = [], Env = [], Cgroups = [];
    public ulong FdLimit, PfMajor, PfMinor;
    public uint Flags, Uid, Gid, VmSizeKb, VmRssKb, VmSwapKb, LoginUid = uint.MaxValue;
    public uint Tty;
    public bool ExeWritable;
    public List<FdRecord> Fds { get; } = new();
}

/// <summary>The kind of an fd (scap_fd_type), in scap's numbering.</summary>
public enum FdKind : byte
{
    Unknown = 0, File = 1, Directory = 2, Ipv4Sock = 3, Ipv6Sock = 4, Ipv4ServSock = 5, Ipv6ServSock = 6,
    Fifo = 7, UnixSock = 8, Event = 9, Unsupported = 10, SignalFd = 11, EventPoll = 12, Inotify = 13,
    TimerFd = 14, Netlink = 15, FileV2 = 16, Bpf = 17, UserFaultFd = 18, IoUring = 19, MemFd = 20, PidFd = 21,
    Uninitialized = 255,
}

/// <summary>An fd as an fd-list block describes it. Addresses are in network order; ports in host order.</summary>
public sealed class FdRecord
{
    public long Fd;
    public ulong Ino;
    public FdKind Kind;
    public string Name = "";
    public uint OpenFlags, Dev;
    public byte[] SourceIp = [], DestIp = [];
    public ushort SourcePort, DestPort;
    public byte L4Proto;
    public ulong UnixSource, UnixDest;
}
