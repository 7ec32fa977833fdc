namespace Sharpdig.State;

/// <summary>
/// A thread as sysdig knows it: identity, process attributes, and the fds its process holds.
/// Process-wide state (fd table with CLONE_FILES, working directory, environment) lives in the
/// main thread; the accessors here go through it as sysdig does, creating a placeholder main
/// thread when it is unknown.
/// </summary>
public sealed class ThreadInfo
{
    public long Tid, Pid = -1, Ptid, Sid = -1, Vpgid = -1, Vtid = -1, Vpid = -1;
    public string Comm = "", Exe = "", ExePath = "", Root = "";
    public List<string> Args = new();
    /// <summary>This thread's own environment; use <see cref="Env"/> for the process's.</summary>
    public List<string> OwnEnv = new();
    public List<(string Subsystem, string Path)> Cgroups = new();
    /// <summary>The container the thread runs in ("" for the host).</summary>
    public string ContainerId = "";
    /// <summary>PPM_CL_* flags (see <see cref="CloneFlags"/>).</summary>
    public uint Flags = CloneFlags.NameChanged;
    public long FdLimit = -1;
    public uint Uid, Gid;
    /// <summary>Audit user id (sysdig keeps it as a signed 32-bit value).</summary>
    public uint LoginUid;
    /// <summary>Threads referencing this one as their main thread (sinsp's m_nchilds).</summary>
    public long Children;
    public uint VmSizeKb, VmRssKb, VmSwapKb;
    public ulong PfMajor, PfMinor;
    public int Tty;
    public bool ExeWritable, ExeUpperLayer;
    public ulong CloneTs;
    public ThreadCategory Category;

    // Per-event bookkeeping: the last event seen, its fd, enter/exit pairing and latency.
    public long LastEventFd;
    public ushort LastEventType = ushort.MaxValue;
    public ulong LastEventTs, PrevEventTs, Latency, LastLatencyEnterTs;
    /// <summary>The last stored enter event (sinsp's m_lastevent_data); length 0 when none.</summary>
    internal byte[] EnterData = [];
    internal int EnterDataLength;
    /// <summary>The current exit event follows the thread's last enter event.</summary>
    internal bool EnterDataValid;

    /// <summary>This thread's own fd table; see <see cref="Fds"/>.</summary>
    public readonly FdTable OwnFds = new();
    string cwd = "";
    ThreadInfo? mainThread;
    internal ThreadTable? Table;
    /// <summary>Set once the thread has left the table (cached references to it are stale).</summary>
    internal bool Removed;

    public bool IsMainThread => Tid == Pid;

    /// <summary>The process's main thread (a placeholder is created when unknown); null only outside a table.</summary>
    public ThreadInfo? MainThread
    {
        get
        {
            if (mainThread is { Removed: false }) return mainThread;
            if (Pid == Tid) return this;
            var main = Table?.Get(Pid, create: true, lookupOnly: true);
            mainThread = main;
            return main;
        }
    }

    internal void ForgetMainThread() => mainThread = null;

    public ThreadInfo? Parent => Table?.Get(Ptid, create: false, lookupOnly: true);

    /// <summary>The fd table the thread uses: its own, or with CLONE_FILES the main thread's.</summary>
    public FdTable? Fds => (Flags & CloneFlags.Files) == 0 ? OwnFds : MainThread?.OwnFds;

    public FdInfo? GetFd(long fd)
    {
        if (fd < 0) return null;
        var info = Fds?.Find(fd);
        if (info != null) info.OldName = info.Name;
        return info;
    }

    /// <summary>The process's working directory (kept by the main thread, ending with '/').</summary>
    public string Cwd => MainThread is { } main ? main.cwd : "./";

    /// <summary>The cwd field of this very thread object (sysdig reads it directly in places).</summary>
    public string OwnCwd { get => cwd; set => cwd = value; }

    /// <summary>Changes directory as chdir does: relative to the current one, normalized, '/'-terminated.</summary>
    public void SetCwd(ReadOnlySpan<byte> path)
    {
        if (MainThread is not { } main) return;
        var joined = Decode.PathText.Join(main.cwd, path);
        main.cwd = joined.Length == 0 || joined[^1] != '/' ? joined + "/" : joined;
    }

    /// <summary>The process's environment (the main thread's).</summary>
    public List<string> Env => IsMainThread ? OwnEnv : MainThread?.OwnEnv ?? OwnEnv;

    /// <summary>The cgroup of a subsystem, "/" when the thread has none.</summary>
    public string Cgroup(string subsystem)
    {
        foreach (var (s, p) in Cgroups)
            if (s == subsystem) return p;
        return "/";
    }

    /// <summary>Number of fds the process has open.</summary>
    public int FdOpenCount => MainThread?.OwnFds.Count ?? 0;

    /// <summary>The process's fd limit.</summary>
    public long ProcessFdLimit => MainThread?.FdLimit ?? FdLimit;

    /// <summary>Whether the process has a socket connected to, or listening on, <paramref name="port"/> (IPv4).</summary>
    public bool IsBoundToPort(ushort port)
    {
        if (Fds is not { } table) return false;
        foreach (var (_, fd) in table)
        {
            if (fd.Kind == Driver.Snapshot.FdKind.Ipv4Sock && fd.Ipv4Dport == port) return true;
            if (fd.Kind == Driver.Snapshot.FdKind.Ipv4ServSock && fd.Ipv4ServerPort == port) return true;
        }
        return false;
    }

    /// <summary>Whether the process has an IPv4 socket whose client port is <paramref name="port"/>.</summary>
    public bool UsesClientPort(ushort port)
    {
        if (Fds is not { } table) return false;
        foreach (var (_, fd) in table)
            if (fd.Kind == Driver.Snapshot.FdKind.Ipv4Sock && fd.Ipv4Sport == port) return true;
        return false;
    }

    /// <summary>sysdig's buffer for a stored enter event; bigger ones are not stored.</summary>
    const int MaxStoredEnter = 4096;

    /// <summary>Stores the bytes of an enter event for the exit to read (sinsp's store_event).</summary>
    internal void StoreEnter(ReadOnlySpan<byte> evt)
    {
        if (evt.Length > MaxStoredEnter) return;
        if (EnterData.Length < evt.Length) EnterData = new byte[Math.Max(evt.Length, 256)];
        evt.CopyTo(EnterData);
        EnterDataLength = evt.Length;
    }

    /// <summary>The stored enter event, when it is the one this exit pairs with; empty otherwise.</summary>
    internal ReadOnlySpan<byte> EnterFor(ushort exitType)
    {
        if (!EnterDataValid || EnterDataLength == 0) return default;
        var data = EnterData.AsSpan(0, EnterDataLength);
        if (System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(data[20..]) != exitType - 1)
        {
            EnterDataValid = false;
            return default;
        }
        return data;
    }
}

/// <summary>Why a process in a container runs (sinsp's thread categories).</summary>
public enum ThreadCategory { None, Container, Healthcheck, LivenessProbe, ReadinessProbe }

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
