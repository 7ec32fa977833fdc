using Sharpdig.Driver.Events;
using static Sharpdig.State.EventIds;

namespace Sharpdig.State;

/// <summary>What state does with an event of a given type.</summary>
enum StateAction : byte
{
    None, StoreEnter, SendToEnter, ReadWriteExit, OpenExit, ThreadExit, PipeExit, SocketExit, BindExit, ConnectEnter,
    ConnectExit, AcceptExit, CloseEnter, CloseExit, FcntlEnter, FcntlExit, EventFdExit, SignalFdExit, TimerFdExit,
    InotifyExit, ChdirExit, FchdirExit, DupExit, RlimitExit, PrlimitExit, SocketPairExit, ContextSwitch, MemoryExit,
    SetResUidExit, SetUidExit, SetResGidExit, SetGidExit, Container, ContainerJson, ChrootExit, SetSidExit,
    GetSockOptExit, CloneExit, ExecveExit,
}

/// <summary>
/// The action of every event type, looked up once per event: a table read and a jump instead of a chain
/// of comparisons (most events, like procinfo or futex, change nothing and would walk the whole chain).
/// </summary>
static class StateActions
{
    public static StateAction[] Build()
    {
        var actions = new StateAction[EventTable.Count];
        void Set(StateAction action, params ushort[] types)
        {
            foreach (ushort type in types)
            {
                if (actions[type] != StateAction.None) throw new InvalidOperationException($"event type {type} has two actions");
                actions[type] = action;
            }
        }
        Set(StateAction.SendToEnter, SendToE);
        Set(StateAction.StoreEnter, OpenE, CreatE, OpenAtE, OpenAt2E, OpenAt2NewE, SocketE, EventFdE, ChdirE, FchdirE,
            ShutdownE, GetRlimitE, SetRlimitE, PrlimitE, SendMsgE, SendFileE, SetResUidE, SetResGidE, SetUidE, SetGidE,
            Execve18E, Execve19E, ExecveAtE, SetPgidE);
        Set(StateAction.ReadWriteExit, ReadE + 1, WriteE + 1, RecvE + 1, SendE + 1, RecvFromE + 1, RecvMsgE + 1,
            SendToE + 1, SendMsgE + 1, ReadvE + 1, WritevE + 1, PreadE + 1, PwriteE + 1, PreadvE + 1, PwritevE + 1);
        Set(StateAction.OpenExit, OpenE + 1, CreatE + 1, OpenAtE + 1, OpenAt2E + 1, OpenAt2NewE + 1);
        Set(StateAction.ThreadExit, ProcExitE, ProcExit1E);
        Set(StateAction.PipeExit, PipeE + 1);
        Set(StateAction.SocketExit, SocketE + 1);
        Set(StateAction.BindExit, BindE + 1);
        Set(StateAction.ConnectEnter, ConnectE);
        Set(StateAction.ConnectExit, ConnectE + 1);
        Set(StateAction.AcceptExit, AcceptE + 1, Accept5E + 1, Accept4E + 1, Accept4_5E + 1);
        Set(StateAction.CloseEnter, CloseE);
        Set(StateAction.CloseExit, CloseE + 1);
        Set(StateAction.FcntlEnter, FcntlE);
        Set(StateAction.FcntlExit, FcntlE + 1);
        Set(StateAction.EventFdExit, EventFdE + 1);
        Set(StateAction.SignalFdExit, SignalFdE + 1);
        Set(StateAction.TimerFdExit, TimerFdCreateE + 1);
        Set(StateAction.InotifyExit, InotifyInitE + 1);
        Set(StateAction.ChdirExit, ChdirE + 1, GetCwdE + 1);
        Set(StateAction.FchdirExit, FchdirE + 1);
        Set(StateAction.DupExit, DupE + 1);
        Set(StateAction.RlimitExit, GetRlimitE + 1, SetRlimitE + 1);
        Set(StateAction.PrlimitExit, PrlimitE + 1);
        Set(StateAction.SocketPairExit, SocketPairE + 1);
        Set(StateAction.ContextSwitch, SchedSwitch1E, SchedSwitch6E);
        Set(StateAction.MemoryExit, Brk4E + 1, MmapE + 1, Mmap2E + 1, MunmapE + 1);
        Set(StateAction.SetResUidExit, SetResUidE + 1);
        Set(StateAction.SetUidExit, SetUidE + 1);
        Set(StateAction.SetResGidExit, SetResGidE + 1);
        Set(StateAction.SetGidExit, SetGidE + 1);
        Set(StateAction.Container, ContainerE);
        Set(StateAction.ContainerJson, ContainerJsonE, ContainerJson2E);
        Set(StateAction.ChrootExit, ChrootE + 1);
        Set(StateAction.SetSidExit, SetSidE + 1);
        Set(StateAction.GetSockOptExit, GetSockOptE + 1);
        Set(StateAction.CloneExit, Clone11E + 1, Clone16E + 1, Clone17E + 1, Clone20E + 1, ForkE + 1, Fork17E + 1,
            Fork20E + 1, VforkE + 1, Vfork17E + 1, Vfork20E + 1, Clone3E + 1);
        Set(StateAction.ExecveExit, ExecveE8 + 1, Execve13E + 1, Execve14E + 1, Execve15E + 1, Execve16E + 1,
            Execve17E + 1, Execve18E + 1, Execve19E + 1, ExecveAtE + 1);
        return actions;
    }
}
