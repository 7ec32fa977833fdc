namespace Sharpdig.State;

/// <summary>A thread as state knows it: identity, process attributes, and the fds its process holds.</summary>
public sealed class ThreadInfo
{
    public long Tid, Pid, Ptid, Sid = -1, Vpgid = -1, Vtid = -1, Vpid = -1;
    public string Comm = "", Exe = "", ExePath = "", Root = "";
    public List<string> Args = new(), Env = new();
    public List<(string Subsystem, string Path)> Cgroups = new();
    public string ContainerId = "";
    public uint Flags;
    public long FdLimit;
    public uint Uid, Gid, LoginUid = uint.MaxValue;
    public uint VmSizeKb, VmRssKb, VmSwapKb;
    public ulong PfMajor, PfMinor;
    public uint Tty;
    public bool ExeWritable;
    public ulong CapInheritable, CapPermitted, CapEffective;
    public ulong PidnsInitStartTs, CloneTs, LastExecTs;
    /// <summary>Set for threads the capture's process list described (not created by events).</summary>
    public bool FromSnapshot;
    /// <summary>Set for threads a clone event described.</summary>
    public bool FromEvent;
    /// <summary>Number of threads/children referencing this one (sinsp's m_nchilds).</summary>
    public int Children;
    public ulong ProcInfoCpuUser, ProcInfoCpuSys;
    /// <summary>Whether the process runs a container's health check or probe (proc.is_container_*).</summary>
    public ThreadCategory Category;

    /// <summary>This thread's own fd table; threads sharing their parent's (CLONE_FILES) use the main thread's.</summary>
    public FdTable OwnFds = new();
    string cwd = "";

    /// <summary>Set by the thread table so a thread can reach its main thread and parent.</summary>
    internal ThreadTable? Table;

    // Per-thread bookkeeping for enter/exit pairing (latency, the enter event's parameters).
    public ushort LastEventType = ushort.MaxValue;
    public ulong LastEventTs, PrevEventTs, Latency, LastLatencyEnterTs;
    /// <summary>The current exit event follows its own enter event.</summary>
    public bool EnterValid;
    public long LastEventFd = -1;
    public byte[] LastEnterParams = new byte[64];
    public int LastEnterParamsLength;

    public bool IsMainThread => Tid == Pid;

    public ThreadInfo? MainThread => IsMainThread ? this : Table?.Find(Pid);

    public ThreadInfo? Parent => Table?.Find(Ptid);

    /// <summary>The fd table the process uses: shared through the main thread when created with CLONE_FILES.</summary>
    public FdTable Fds
    {
        get
        {
            if ((Flags & CloneFlags.Files) == 0) return OwnFds;
            return MainThread?.OwnFds ?? OwnFds;
        }
    }

    public FdInfo? GetFd(long fd) => Fds.Get(fd);

    /// <summary>The working directory, shared with the main thread when created with CLONE_FS.</summary>
    public string Cwd
    {
        get
        {
            if ((Flags & CloneFlags.Fs) != 0 && !IsMainThread && MainThread is { } main) return main.cwd;
            return cwd;
        }
        set
        {
            if ((Flags & CloneFlags.Fs) != 0 && !IsMainThread && MainThread is { } main) main.cwd = value;
            else cwd = value;
        }
    }

    /// <summary>Sets the cwd of this thread only (used when copying state at creation).</summary>
    public void SetOwnCwd(string value) => cwd = value;
    public string OwnCwd => cwd;
}

/// <summary>What a process is to its container (sinsp's thread category).</summary>
public enum ThreadCategory : byte { None, Container, HealthCheck, LivenessProbe, ReadinessProbe }

/// <summary>Clone flags as the event table numbers them (PPM_CL_*), including sinsp's own bits.</summary>
public static class CloneFlags
{
    public const uint Files = 1 << 0, Fs = 1 << 1, Io = 1 << 2, NewIpc = 1 << 3, NewNet = 1 << 4, NewNs = 1 << 5,
        NewPid = 1 << 6, NewUts = 1 << 7, Parent = 1 << 8, ParentSettid = 1 << 9, Ptrace = 1 << 10, Sighand = 1 << 11,
        Sysvsem = 1 << 12, Thread = 1 << 13, Untraced = 1 << 14, Vm = 1 << 15, Inverted = 1 << 16,
        NameChanged = 1 << 17, Closed = 1 << 18, Active = 1 << 19, NewUser = 1 << 20, PipeSrc = 1 << 21,
        PipeDst = 1 << 22, ChildClearTid = 1 << 23, ChildSettid = 1 << 24, Settls = 1 << 25, Stopped = 1 << 26,
        Vfork = 1 << 27, NewCgroup = 1 << 28, ChildInPidNs = 1 << 29, IsMainThread = 1u << 30;
}
