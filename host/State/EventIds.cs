namespace Sharpdig.State;

/// <summary>Event type ids the state engine handles (enter ids; the exit id is one more).</summary>
public static class EventIds
{
    public const ushort GenericE = 0, OpenE = 2, CloseE = 4, ReadE = 6, WriteE = 8, BrkE1 = 10, ExecveE8 = 12,
        Clone11E = 14, ProcExitE = 16, SocketE = 18, BindE = 20, ConnectE = 22, ListenE = 24, AcceptE = 26,
        SendE = 28, SendToE = 30, RecvE = 32, RecvFromE = 34, ShutdownE = 36, SocketPairE = 42, SetSockOptE = 44,
        SendMsgE = 48, RecvMsgE = 52, Accept4E = 56, CreatE = 58, PipeE = 60, EventFdE = 62, ChdirE = 94,
        FchdirE = 96, OpenAtE = 102, DupE = 124, SignalFdE = 126, TimerFdCreateE = 136, InotifyInitE = 138,
        SchedSwitchE = 146, FcntlE = 150, SchedSwitch6E = 152, Execve13E = 154, Clone16E = 156, Execve14E = 172,
        ForkE = 182, VforkE = 184, ProcExit1E = 186, SetResUidE = 192, SetResGidE = 194, SetUidE = 198, SetGidE = 200,
        Execve15E = 214, Clone17E = 216, Fork17E = 218, Vfork17E = 220, Clone20E = 222, Fork20E = 224, Vfork20E = 226,
        ContainerE = 228, Execve16E = 230, SignalDeliverE = 232, ProcInfoE = 234, Accept5E = 246, Accept4_5E = 248,
        ContainerJsonE = 272, SetSidE = 274, Execve17E = 282, Execve18E = 288, Execve19E = 292, SetPgidE = 294,
        OpenAt2E = 306, ContainerJson2E = 324, OpenAt2_E = 326, ExecveAtE = 330, CopyFileRangeE = 332, Clone3E = 334,
        ChrootE = 266, UserFaultFdE = 320, BpfE = 296, MkdirE = 98;

    public static bool IsClone(ushort exit) => exit is Clone11E + 1 or Clone16E + 1 or Clone17E + 1 or Clone20E + 1
        or ForkE + 1 or Fork17E + 1 or Fork20E + 1 or VforkE + 1 or Vfork17E + 1 or Vfork20E + 1 or Clone3E + 1;

    public static bool IsExecve(ushort exit) => exit is ExecveE8 + 1 or Execve13E + 1 or Execve14E + 1 or Execve15E + 1
        or Execve16E + 1 or Execve17E + 1 or Execve18E + 1 or Execve19E + 1 or ExecveAtE + 1;
}
