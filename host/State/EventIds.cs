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

    /// <summary>Container metadata events (consumed by state, not shown).</summary>
    public static bool IsContainer(ushort type) => type is ContainerE or ContainerJsonE or ContainerJson2E;
}
