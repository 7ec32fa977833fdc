namespace Sharpdig.State;

/// <summary>Event type ids the state engine handles (enter ids; the exit id is one more), as sysdig 0.29.3 numbers them.</summary>
public static class EventIds
{
    public const ushort OpenE = 2, CloseE = 4, ReadE = 6, WriteE = 8, ExecveE8 = 12, Clone11E = 14, ProcExitE = 16,
        SocketE = 18, BindE = 20, ConnectE = 22, AcceptE = 26, SendE = 28, SendToE = 30, RecvE = 32, RecvFromE = 34,
        ShutdownE = 36, SocketPairE = 42, GetSockOptE = 46, SendMsgE = 48, RecvMsgE = 52, Accept4E = 56, CreatE = 58,
        PipeE = 60, EventFdE = 62, GetCwdE = 92, ChdirE = 94, FchdirE = 96, OpenAtE = 102, PreadE = 112, PwriteE = 114,
        ReadvE = 116, WritevE = 118, PreadvE = 120, PwritevE = 122, DupE = 124, SignalFdE = 126, TimerFdCreateE = 136,
        InotifyInitE = 138, GetRlimitE = 140, SetRlimitE = 142, PrlimitE = 144, SchedSwitch1E = 146, FcntlE = 150,
        SchedSwitch6E = 152, Execve13E = 154, Clone16E = 156, Brk4E = 158, MmapE = 160, Mmap2E = 162, MunmapE = 164,
        Execve14E = 172, ForkE = 182, VforkE = 184, ProcExit1E = 186, SendFileE = 188, SetResUidE = 192,
        SetResGidE = 194, SetUidE = 198, SetGidE = 200, Execve15E = 214, Clone17E = 216, Fork17E = 218, Vfork17E = 220,
        Clone20E = 222, Fork20E = 224, Vfork20E = 226, ContainerE = 228, Execve16E = 230, ProcInfoE = 234,
        Accept5E = 246, Accept4_5E = 248, ChrootE = 266, TracerE = 268, ContainerJsonE = 272, SetSidE = 274,
        Execve17E = 282, Execve18E = 288, Execve19E = 292, SetPgidE = 294, OpenAt2E = 306, ContainerJson2E = 324,
        OpenAt2NewE = 326, ExecveAtE = 330, CopyFileRangeE = 332, Clone3E = 334;

    // Asked of every event: a bit per type, not a chain of comparisons.
    static readonly ulong[] CloneExits = TypeSet(Clone11E + 1, Clone16E + 1, Clone17E + 1, Clone20E + 1, ForkE + 1, Fork17E + 1,
        Fork20E + 1, VforkE + 1, Vfork17E + 1, Vfork20E + 1, Clone3E + 1);
    static readonly ulong[] ExecveExits = TypeSet(ExecveE8 + 1, Execve13E + 1, Execve14E + 1, Execve15E + 1, Execve16E + 1,
        Execve17E + 1, Execve18E + 1, Execve19E + 1, ExecveAtE + 1);

    /// <summary>Exit ids of every clone/fork/vfork version.</summary>
    public static bool IsCloneExit(ushort type) => InSet(CloneExits, type);

    /// <summary>Exit ids of every execve/execveat version.</summary>
    public static bool IsExecveExit(ushort type) => InSet(ExecveExits, type);

    static ulong[] TypeSet(params int[] types)
    {
        var bits = new ulong[(types.Max() >> 6) + 1];
        foreach (int t in types) bits[t >> 6] |= 1UL << (t & 63);
        return bits;
    }

    static bool InSet(ulong[] bits, ushort type)
    {
        int word = type >> 6;
        return word < bits.Length && (bits[word] & (1UL << (type & 63))) != 0;
    }

    /// <summary>Container metadata events (consumed by state, not shown).</summary>
    public static bool IsContainer(ushort type) => type is ContainerE or ContainerJsonE or ContainerJson2E;
}
